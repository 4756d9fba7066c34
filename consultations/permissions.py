"""Who may do what in a consultation: plain predicates, the one place these rules live.

Every predicate takes ``(user, obj, at=None)``; ``at`` defaults to now, so tests and the
timeline can ask "could this person do it then?". Views, templates (through
``consultations_tags``), services and the admin all call these; nothing else checks roles.

Who counts as whom:

- *taking part* is ``core.permissions.can_take_part`` (signed in, active, not
  anonymised, with a verified email address): the one rule for every app;
- moderators (group "Moderators", and convenors) moderate at any time;
- convenors (group "Convenors") set official statuses and publish responses.

The queryset side of the rules is ``Proposal.objects.visible_to(user)`` and
``Comment.objects.visible_to(user)`` (consultations/models/proposals.py).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from accounts.roles import is_convenor, is_moderator
from consultations.models.choices import Action, ModerationState
from core.permissions import can_take_part, is_signed_in
from organisations.permissions import can_act_for


def edit_window() -> timedelta:
    return timedelta(minutes=getattr(settings, "CONSULTATIONS_EDIT_WINDOW_MINUTES", 15))


def _now(at):
    return at or timezone.now()


def _is_author(user, item) -> bool:
    return is_signed_in(user) and item.author_id == user.pk


def _is_public(item) -> bool:
    """Published, not withdrawn, in a live consultation."""
    proposal = item if hasattr(item, "consultation_id") else item.proposal
    return (
        item.moderation_state == ModerationState.PUBLISHED
        and not getattr(item, "withdrawn_at", None)
        and proposal.withdrawn_at is None
        and proposal.consultation.live
    )


# Proposals ------------------------------------------------------------------------


def can_propose(user, consultation, at=None) -> bool:
    """A person taking part, while the consultation's propose phase is open."""
    return (
        can_take_part(user)
        and consultation.live
        and consultation.is_open_for(Action.PROPOSE, _now(at))
    )


def can_propose_for(user, consultation, organisation) -> bool:
    """May ``user`` propose on behalf of ``organisation`` in this consultation?"""
    return consultation.organisations_may_propose and can_act_for(user, organisation)


def can_edit_proposal(user, proposal, at=None) -> bool:
    """The author, within the edit window, while proposing is open, unless withdrawn,
    hidden or rejected."""
    at = _now(at)
    return (
        can_take_part(user)
        and _is_author(user, proposal)
        and proposal.withdrawn_at is None
        and proposal.moderation_state in (ModerationState.PUBLISHED, ModerationState.PENDING)
        and at - proposal.created_at <= edit_window()
        and proposal.consultation.is_open_for(Action.PROPOSE, at)
    )


def can_withdraw_proposal(user, proposal, at=None) -> bool:
    """The author, until the support phase closes (or proposing, if there is no support
    phase)."""
    deadline = proposal.consultation.withdraw_deadline()
    return (
        can_take_part(user)
        and _is_author(user, proposal)
        and proposal.withdrawn_at is None
        and deadline is not None
        and _now(at) < deadline
    )


# Supports -------------------------------------------------------------------------


def can_support(user, proposal, at=None) -> bool:
    """A person taking part, on a published proposal, while the support phase is open.
    The per-person budget is checked (under a lock) by ``services.add_support``."""
    return (
        can_take_part(user)
        and _is_public(proposal)
        and proposal.consultation.is_open_for(Action.SUPPORT, _now(at))
    )


def can_unsupport(user, proposal, at=None) -> bool:
    """Withdrawing one's own support while the support phase is open."""
    return can_take_part(user) and proposal.consultation.is_open_for(Action.SUPPORT, _now(at))


# Comments and reports -------------------------------------------------------------


def can_comment(user, proposal, at=None) -> bool:
    """A person taking part, on a published proposal, while proposing or supporting is
    open."""
    at = _now(at)
    consultation = proposal.consultation
    return (
        can_take_part(user)
        and _is_public(proposal)
        and (
            consultation.is_open_for(Action.PROPOSE, at)
            or consultation.is_open_for(Action.SUPPORT, at)
        )
    )


def can_edit_comment(user, comment, at=None) -> bool:
    at = _now(at)
    return (
        can_take_part(user)
        and _is_author(user, comment)
        and comment.moderation_state in (ModerationState.PUBLISHED, ModerationState.PENDING)
        and at - comment.created_at <= edit_window()
    )


def can_report(user, item, at=None) -> bool:
    """Anyone taking part may report a published proposal or comment that is not their own,
    at any time (abuse does not wait for a phase)."""
    return can_take_part(user) and _is_public(item) and not _is_author(user, item)


# Staff ------------------------------------------------------------------------------


def can_moderate(user, item=None, at=None) -> bool:
    """Moderators and convenors hide, restore, reject and approve, at any time."""
    return is_moderator(user)


def can_respond(user, item=None, at=None) -> bool:
    """Convenors set official statuses, write responses and publish the response page."""
    return is_convenor(user)


def can_follow(user, consultation, at=None) -> bool:
    return is_signed_in(user) and consultation.live


PREDICATES = {
    "propose": can_propose,
    "edit": can_edit_proposal,
    "withdraw": can_withdraw_proposal,
    "support": can_support,
    "unsupport": can_unsupport,
    "comment": can_comment,
    "edit_comment": can_edit_comment,
    "report": can_report,
    "moderate": can_moderate,
    "respond": can_respond,
}

__all__ = [
    "PREDICATES",
    "can_comment",
    "can_edit_comment",
    "can_edit_proposal",
    "can_follow",
    "can_moderate",
    "can_propose",
    "can_propose_for",
    "can_report",
    "can_respond",
    "can_support",
    "can_unsupport",
    "can_withdraw_proposal",
    "edit_window",
]
