"""The choices every part of the app names: the actions a phase opens and the moderation
states of what people write. Kept apart from the models so that the permission
predicates (and through them the selectors the pages call) import no model."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    PROPOSE = "propose", _("Propose ideas")
    SUPPORT = "support", _("Support ideas")
    RESPOND = "respond", _("Responses")
    SURVEY = "survey", _("Answer the survey")


class ModerationState(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden by a moderator")
    REJECTED = "rejected", _("Rejected by a moderator")


# States the public sees: published items, and hidden ones as a placeholder with the reason.
PUBLIC_STATES = (ModerationState.PUBLISHED, ModerationState.HIDDEN)
