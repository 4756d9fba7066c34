"""Who may act for, or run, an organisation.

Plain predicates; views, templates and other apps use these, never ad-hoc checks.
Each asks the database afresh (no per-object cache), so a change is seen at once.
"""

from django.db import models

from accounts.roles import is_convenor
from core.permissions import can_take_part, is_signed_in
from organisations.models import Membership, Organisation


def _org_id(organisation):
    return organisation if isinstance(organisation, int) else organisation.pk


def membership_of(user, organisation):
    """The user's membership (any status) of the organisation, or ``None``."""
    if not is_signed_in(user) or organisation is None:
        return None
    return (
        Membership.objects.filter(user=user, organisation_id=_org_id(organisation))
        .only("organisation_id", "role", "status", "is_editor", "show_publicly")
        .first()
    )


def is_member(user, organisation) -> bool:
    """An active member (admins included)."""
    m = membership_of(user, organisation)
    return m is not None and m.status == Membership.Status.ACTIVE


def is_org_admin(user, organisation) -> bool:
    """An active admin of the organisation."""
    m = membership_of(user, organisation)
    return (
        m is not None and m.status == Membership.Status.ACTIVE and m.role == Membership.Role.ADMIN
    )


def is_org_editor(user, organisation) -> bool:
    """An active member marked as a partner editor of the organisation."""
    m = membership_of(user, organisation)
    return m is not None and m.status == Membership.Status.ACTIVE and m.is_editor


def speaks_for(user, organisation) -> bool:
    """May ``user`` commit ``organisation`` to something (make or accept a commitment,
    sign off a shared goal)? Its active admins and partner editors may."""
    m = membership_of(user, organisation)
    return (
        m is not None
        and m.status == Membership.Status.ACTIVE
        and (m.role == Membership.Role.ADMIN or m.is_editor)
    )


def speaks_for_ids(user) -> set[int]:
    """Ids of the organisations ``user`` :func:`speaks_for`, in one query."""
    if not is_signed_in(user):
        return set()
    return set(
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        .filter(models.Q(role=Membership.Role.ADMIN) | models.Q(is_editor=True))
        .values_list("organisation_id", flat=True)
    )


def can_act_for(user, organisation) -> bool:
    """May ``user`` speak on behalf of ``organisation`` (propose, pledge …)? Active members may."""
    return is_member(user, organisation)


def can_manage_members(user, organisation) -> bool:
    """Approve, decline, remove members and appoint admins: the organisation's own admins,
    and convenors (who appoint the first admin of a new organisation)."""
    return is_org_admin(user, organisation) or is_convenor(user)


def can_request_membership(user, organisation) -> bool:
    """A signed-in person with a verified email address who is not already a member or
    waiting for an answer."""
    if not can_take_part(user):
        return False
    return membership_of(user, organisation) is None


def active_organisations_for(user):
    """Organisations ``user`` is an active member of (a queryset, ordered by name).

    Use it to offer "on behalf of" choices; it is empty for anonymous users."""
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__status=Membership.Status.ACTIVE
    ).order_by("name")


def editor_organisation_ids(user) -> set[int]:
    """Ids of organisations whose partner editor ``user`` is (active and is_editor)."""
    if not is_signed_in(user):
        return set()
    return set(
        Membership.objects.filter(
            user=user, status=Membership.Status.ACTIVE, is_editor=True
        ).values_list("organisation_id", flat=True)
    )
