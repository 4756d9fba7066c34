"""What every service of the app shares: the time it acts at, clean text, the state a
new contribution starts in."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import ConsultationPage, ModerationState


def now_or(at):
    return at or timezone.now()


def clean_text(value, field, max_length, *, label):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("Enter %(label)s.") % {"label": label}})
    if len(value) > max_length:
        raise ValidationError(
            {
                field: _("%(label)s must be %(max)s characters or fewer.")
                % {"label": label.capitalize(), "max": max_length}
            }
        )
    return value


def initial_state(consultation):
    """The moderation state a new proposal or comment of ``consultation`` starts in."""
    if consultation.moderation == ConsultationPage.Moderation.PRE:
        return ModerationState.PENDING
    return ModerationState.PUBLISHED
