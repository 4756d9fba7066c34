"""Supporting an idea and withdrawing a support: the busiest writes of a consultation.

``support_at_once`` and ``withdraw_support_at_once`` take the common case in one
statement; ``add_support`` and ``withdraw_support`` decide every case and explain a
refusal. How many supports a person has left is a read: ``selectors.supports_left``.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from consultations import permissions
from consultations.models import Support
from consultations.services.common import now_or
from core.exceptions import ActionRefused
from core.locks import lock_person
from core.permissions import has_participant_account


def support_at_once(user, proposal_id, at=None) -> bool:
    """The common support in one statement, without loading the proposal: True if it
    was added. False means nothing was done; the caller then takes the careful path
    (``add_support``), which decides every case, explains a refusal and returns a repeat.

    Only what ``permissions.can_support`` allows is added: by someone taking part (the
    verified address is checked in the statement), to a published proposal of a live
    consultation with no per-person budget while its support phase is open
    (``SupportQuerySet._OPEN_TARGET``).
    """
    if not has_participant_account(user):
        return False
    return Support.objects.add_counted_if_open(proposal_id, user, now_or(at))


def withdraw_support_at_once(user, proposal_id, at=None) -> bool:
    """As ``support_at_once``, for withdrawing a support (``withdraw_support``)."""
    if not has_participant_account(user):
        return False
    return Support.objects.remove_counted_if_open(proposal_id, user, now_or(at))


def add_support(user, proposal, at=None):
    """Support a proposal. Returns ``(support, created)``: a second click, or a second
    tab, gets the first support back and counts nothing.

    ``proposal`` comes with its consultation and phases, as the view loaded them. In a
    consultation with a per-person budget the person's row is locked first, so the
    budget check and the insert are one step for them however many tabs they use.
    """
    at = now_or(at)
    if not permissions.can_support(user, proposal, at):
        existing = Support.objects.filter(proposal=proposal, user=user).first()
        if existing is not None:
            return existing, False
        raise ActionRefused(_("This proposal cannot be supported now."))
    consultation = proposal.consultation
    if consultation.supports_per_person:
        with transaction.atomic():
            lock_person(user)
            _check_support_budget(user, proposal, consultation.supports_per_person)
            support = Support.objects.add_counted(proposal, user)
    else:
        support = Support.objects.add_counted(proposal, user)
    if support is None:
        return Support.objects.get(proposal=proposal, user=user), False
    return support, True


def _check_support_budget(user, proposal, budget):
    used_elsewhere = (
        Support.objects.filter(user=user, proposal__consultation_id=proposal.consultation_id)
        .exclude(proposal=proposal)
        .count()
    )
    if used_elsewhere >= budget:
        raise ActionRefused(
            _(
                "You have used all %(budget)s of your supports in this "
                "consultation. Withdraw one to support something else."
            )
            % {"budget": budget}
        )


def withdraw_support(user, proposal, at=None):
    """Withdraw one's support while the support phase is open. Returns True if a support
    was removed (False when there was none: a second click is harmless)."""
    at = now_or(at)
    if not permissions.can_unsupport(user, proposal, at):
        raise ActionRefused(_("Supports can only be withdrawn while the support phase is open."))
    return Support.objects.remove_counted(proposal, user)
