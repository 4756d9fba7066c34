"""Who may do what with commitments. Plain predicates; views and templates use these.

An organisation is committed by the people who may speak for it: its active admins and
partner editors (``organisations.permissions.speaks_for``, the same people who sign off
a shared goal's changes). Convenors may make and update any commitment (they convene
the place's goals), but a convenor's word is not an organisation's acceptance: only the
organisation's own people accept for it.
"""

from accounts.roles import is_convenor
from core.permissions import can_take_part, is_signed_in
from organisations.permissions import speaks_for, speaks_for_ids


def _convenor(user) -> bool:
    return is_signed_in(user) and is_convenor(user)


def can_commit_for(user, organisation) -> bool:
    """May ``user`` make a commitment led by ``organisation``?"""
    if not can_take_part(user) or organisation is None:
        return False
    return _convenor(user) or speaks_for(user, organisation)


def may_commit_any(user) -> bool:
    """Is there an organisation ``user`` may make a commitment for (the "new" link)?"""
    return can_take_part(user) and (_convenor(user) or bool(speaks_for_ids(user)))


def named_organisation_ids(commitment) -> set[int]:
    return {row.organisation_id for row in commitment.named.all()}


def can_edit(user, commitment) -> bool:
    """Change what was committed (words, partners, due date): the lead's people and
    convenors."""
    if not can_take_part(user):
        return False
    return _convenor(user) or speaks_for(user, commitment.lead_organisation_id)


def can_post_update(user, commitment) -> bool:
    """Report progress or change the status: any named organisation's people that have
    accepted it, and convenors."""
    if not can_take_part(user):
        return False
    if _convenor(user):
        return True
    accepted = {row.organisation_id for row in commitment.named.all() if row.accepted_at}
    return bool(accepted & speaks_for_ids(user))


def organisations_to_accept(user, commitment) -> set[int]:
    """Named organisations that have not accepted yet and that ``user`` speaks for."""
    if not can_take_part(user):
        return set()
    waiting = {row.organisation_id for row in commitment.named.all() if not row.accepted_at}
    if not waiting:
        return set()
    return waiting & speaks_for_ids(user)


def can_accept(user, commitment) -> bool:
    return bool(organisations_to_accept(user, commitment))
