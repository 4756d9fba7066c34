"""Proposing, editing and withdrawing an idea."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import permissions
from consultations.models import Proposal
from consultations.services.common import clean_text, initial_state, now_or
from core.exceptions import ActionRefused
from core.locks import create_unless_repeated


def submit_proposal(
    user, consultation, *, title, body, organisation=None, areas=(), point=None, at=None
):
    """Create a proposal, placed in ``areas`` and at ``point`` ((longitude, latitude) on
    the map, or ``None``). A repeat of the same title and body by the same person within
    a few minutes returns the first one instead of a duplicate."""
    at = now_or(at)
    title = clean_text(title, "title", 140, label=_("a title"))
    body = clean_text(body, "body", 5000, label=_("your idea"))
    if not permissions.can_propose(user, consultation, at):
        raise ActionRefused(_("This consultation is not taking proposals now."))
    if organisation is not None and not permissions.can_propose_for(
        user, consultation, organisation
    ):
        raise ValidationError(
            {"organisation": _("You can only propose on behalf of an organisation you belong to.")}
        )
    with transaction.atomic():
        proposal, created = create_unless_repeated(
            user,
            Proposal.objects.filter(
                consultation=consultation,
                author=user,
                title=title,
                body=body,
                withdrawn_at__isnull=True,
            ),
            lambda: Proposal.objects.create(
                consultation=consultation,
                author=user,
                organisation=organisation,
                title=title,
                body=body,
                moderation_state=initial_state(consultation),
                point_lon=point[0] if point else None,
                point_lat=point[1] if point else None,
            ),
            at=at,
        )
        if created and areas:
            proposal.areas.set(areas)
        if created and at < timezone.now() - timedelta(seconds=1):
            # Only when a caller (tests, imports) backdates ``at``.
            Proposal.objects.filter(pk=proposal.pk).update(created_at=at)
            proposal.created_at = at
    return proposal


def edit_proposal(user, proposal, *, title, body, at=None):
    at = now_or(at)
    title = clean_text(title, "title", 140, label=_("a title"))
    body = clean_text(body, "body", 5000, label=_("your idea"))
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("consultation")
            .get(pk=proposal.pk)
        )
        if not permissions.can_edit_proposal(user, proposal, at):
            raise ActionRefused(_("This proposal can no longer be edited."))
        if proposal.title == title and proposal.body == body:
            return proposal
        proposal.title, proposal.body, proposal.edited_at = title, body, at
        proposal.save(update_fields=["title", "body", "edited_at"])
    return proposal


def withdraw_proposal(user, proposal, at=None):
    """The author withdraws their proposal (it stays in the record, marked withdrawn)."""
    at = now_or(at)
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("consultation")
            .get(pk=proposal.pk)
        )
        if proposal.withdrawn_at is not None and proposal.author_id == user.pk:
            return proposal  # already withdrawn: a second click changes nothing
        if not permissions.can_withdraw_proposal(user, proposal, at):
            raise ActionRefused(_("This proposal can no longer be withdrawn."))
        proposal.withdrawn_at = at
        proposal.save(update_fields=["withdrawn_at"])
    return proposal
