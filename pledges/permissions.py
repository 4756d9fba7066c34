"""Who may do what with pledges, and the one place that decides a pledger's public name.

Status transitions
------------------
The pledger (or any active admin of the organisation a pledge was made for) reports
progress. From ``active`` they may set any final status; afterwards only a change that
records *more* delivery is allowed (``missed`` → ``partly met``/``met`` when it was done
late, ``partly met`` → ``met``). ``met`` and ``withdrawn`` are final for them. A convenor
may reopen any final pledge (back to ``active``) to correct a mistake. Every change is
written to the audit trail (``pledge.status``) with who, when, from and to.

While a conditional pledge is still waiting for people to join, it may only be withdrawn
(it is not "on" yet); once it has lapsed it is settled and nobody changes it.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_convenor
from core.permissions import can_take_part, is_signed_in
from organisations.permissions import can_act_for, is_org_admin
from pledges.models import Pledge

Status = Pledge.Status
Condition = Pledge.Condition

OWNER_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.ACTIVE: frozenset({Status.MET, Status.PARTLY_MET, Status.MISSED, Status.WITHDRAWN}),
    Status.MISSED: frozenset({Status.PARTLY_MET, Status.MET}),
    Status.PARTLY_MET: frozenset({Status.MET}),
    Status.MET: frozenset(),
    Status.WITHDRAWN: frozenset(),
}
CONVENOR_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.ACTIVE: frozenset(),
    Status.MISSED: frozenset({Status.ACTIVE}),
    Status.PARTLY_MET: frozenset({Status.ACTIVE}),
    Status.MET: frozenset({Status.ACTIVE}),
    Status.WITHDRAWN: frozenset({Status.ACTIVE}),
}

ANONYMOUS_PLEDGER = _("someone who chose not to be named")


def can_pledge(user) -> bool:
    """May take part at all (``core.permissions.can_take_part``): signed in, active, not
    anonymised, with a verified email address."""
    return can_take_part(user)


def can_pledge_for(user, organisation) -> bool:
    """May ``user`` pledge on behalf of ``organisation``? Its active members may."""
    return can_pledge(user) and organisation is not None and can_act_for(user, organisation)


def is_pledge_owner(user, pledge) -> bool:
    """The pledger (still a member, for an organisation's pledge) or an organisation admin."""
    if not can_pledge(user):
        return False
    if pledge.organisation_id is None:
        return pledge.author_id == user.pk
    if pledge.author_id == user.pk and can_act_for(user, pledge.organisation_id):
        return True
    return is_org_admin(user, pledge.organisation_id)


def allowed_statuses(user, pledge) -> list[str]:
    """The statuses ``user`` may move ``pledge`` to (never including its current one)."""
    allowed: set[str] = set()
    if pledge.condition == Condition.LAPSED:
        return []
    if is_pledge_owner(user, pledge):
        allowed |= OWNER_TRANSITIONS[pledge.status]
        if pledge.condition == Condition.OPEN:
            allowed &= {Status.WITHDRAWN}
    if is_signed_in(user) and is_convenor(user):
        allowed |= CONVENOR_TRANSITIONS[pledge.status]
    return [value for value in Status.values if value in allowed]


def can_change_status(user, pledge, to_status) -> bool:
    return to_status in allowed_statuses(user, pledge)


def can_post_update(user, pledge) -> bool:
    """Owners report progress on any pledge that has not been withdrawn or lapsed."""
    return (
        pledge.status != Status.WITHDRAWN
        and pledge.condition != Condition.LAPSED
        and is_pledge_owner(user, pledge)
    )


def is_join_open(pledge, today=None) -> bool:
    """A conditional pledge takes joiners until the end of its deadline day, and still
    after it has succeeded (more hands help); never once lapsed or withdrawn."""
    if pledge.condition == Condition.SUCCEEDED:
        return pledge.status == Status.ACTIVE
    if pledge.condition != Condition.OPEN or pledge.status != Status.ACTIVE:
        return False
    today = today or timezone.localdate()
    return pledge.join_deadline is not None and today <= pledge.join_deadline


def can_join(user, pledge, today=None) -> bool:
    return can_pledge(user) and pledge.author_id != user.pk and is_join_open(pledge, today)


def can_leave(user, pledge) -> bool:
    """Leaving is allowed while the pledge is still waiting: a settled count is a record."""
    return is_signed_in(user) and pledge.condition == Condition.OPEN


def pledger_name(pledge) -> str:
    """The one function that decides how a pledger is named in public (pages, feeds, data
    files, emails to other people). Organisations are always named; a person only when
    they chose to be, and never after their account was anonymised."""
    if pledge.organisation_id is not None:
        return pledge.organisation.name
    if not pledge.show_name:
        return str(ANONYMOUS_PLEDGER)
    return pledge.author.public_name


def pledger_person_name(pledge) -> str:
    """The person behind an organisation's pledge, or ``""`` when they chose not to be
    shown (used only as a "made by" line under the organisation's name)."""
    if pledge.organisation_id is None or not pledge.show_name:
        return ""
    return pledge.author.public_name
