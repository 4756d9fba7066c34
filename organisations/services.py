"""Membership writes: ask to join, approve, decline, remove, appoint admins and editors.

Each function runs in one transaction, locks the organisation row first (so every
change to one organisation's members is serialised, across processes, by the
database), re-checks the actor's right to act *under that lock*, and records what it
changed in the audit trail (``core.audit``). The rule that an organisation always
keeps at least one active admin is enforced here, under the lock, so two admins
demoting each other at the same moment cannot leave it with none.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import PARTNER_EDITORS, is_convenor
from core.audit import record
from core.exceptions import ActionRefused
from core.permissions import can_take_part
from organisations import tasks
from organisations.models import Membership, Organisation

ACTIVE = Membership.Status.ACTIVE
REQUESTED = Membership.Status.REQUESTED
ADMIN = Membership.Role.ADMIN
MEMBER = Membership.Role.MEMBER


def _lock(organisation) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _lock_membership(organisation, membership_id) -> Membership:
    try:
        return (
            Membership.objects.select_for_update()
            .select_related("user")
            .get(pk=membership_id, organisation=organisation)
        )
    except Membership.DoesNotExist:
        raise ActionRefused(_("That membership no longer exists.")) from None


def _require_manager(actor, organisation):
    """The actor must be an active admin of the organisation (read under the lock) or a
    convenor (who can appoint the first admin of a new organisation)."""
    if is_convenor(actor):
        return
    if not Membership.objects.filter(
        organisation=organisation, user=actor, status=ACTIVE, role=ADMIN
    ).exists():
        raise PermissionDenied


def is_last_admin(membership) -> bool:
    """The one rule that an organisation keeps an admin: is ``membership`` its only
    active admin? (Asked under the organisation's lock when a membership changes, and
    before an account is deleted.)"""
    return (
        membership.status == ACTIVE
        and membership.role == ADMIN
        and not Membership.objects.filter(
            organisation_id=membership.organisation_id, status=ACTIVE, role=ADMIN
        )
        .exclude(pk=membership.pk)
        .exists()
    )


def organisations_left_without_admin(user) -> list[Organisation]:
    """Organisations whose only active admin is ``user``."""
    memberships = Membership.objects.filter(user=user, role=ADMIN, status=ACTIVE)
    return [m.organisation for m in memberships.select_related("organisation") if is_last_admin(m)]


def _guard_last_admin(membership):
    if is_last_admin(membership):
        raise ActionRefused(
            _("%(organisation)s must keep at least one admin. Appoint another admin first.")
            % {"organisation": membership.organisation.name}
        )


def _audit(actor, action, membership, **extra):
    record(
        actor,
        f"membership.{action}",
        membership.organisation,
        {
            "membership": membership.pk,
            "user": membership.user_id,
            "role": membership.role,
            "status": membership.status,
            "is_editor": membership.is_editor,
            **extra,
        },
    )


def partner_editors_group() -> Group:
    """The "Partner editors" group, with access to the Wagtail admin (and no page
    permissions: those come from the goals each editor's organisation co-owns)."""
    group, _created = Group.objects.get_or_create(name=PARTNER_EDITORS)
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access is not None:
        group.permissions.add(access)
    return group


def sync_partner_editor_group(user):
    """Put ``user`` in the "Partner editors" group exactly while they edit for a partner."""
    group = partner_editors_group()
    editing = Membership.objects.filter(user=user, status=ACTIVE, is_editor=True).exists()
    if editing:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    if hasattr(user, "_group_names"):
        del user._group_names  # accounts.roles caches group names on the user


# --- the person -----------------------------------------------------------------------


@transaction.atomic
def request_membership(user, organisation, message: str = "") -> tuple[Membership, bool]:
    """Ask to join, with an optional message to the admins, who are emailed once the
    request is saved. Idempotent: asking twice (or double-clicking) returns the same
    request and emails nobody again."""
    if not can_take_part(user):
        raise ActionRefused(_("Verify your email address before asking to join."))
    organisation = _lock(organisation)
    existing = Membership.objects.filter(user=user, organisation=organisation).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user,
                organisation=organisation,
                status=REQUESTED,
                role=MEMBER,
                message=" ".join(message.split())[:500],
            )
    except IntegrityError:
        return Membership.objects.get(user=user, organisation=organisation), False
    _audit(user, "requested", membership)
    membership_id = membership.pk
    transaction.on_commit(lambda: tasks.email_membership_request.enqueue(membership_id))
    return membership, True


@transaction.atomic
def leave(user, organisation):
    """Leave (or withdraw a request). The last admin cannot leave."""
    organisation = _lock(organisation)
    membership = (
        Membership.objects.select_for_update().filter(user=user, organisation=organisation).first()
    )
    if membership is None:
        return
    _guard_last_admin(membership)
    _audit(user, "left" if membership.status == ACTIVE else "withdrawn", membership)
    membership.delete()
    sync_partner_editor_group(user)


@transaction.atomic
def set_show_publicly(user, organisation, show: bool) -> Membership:
    organisation = _lock(organisation)
    membership = (
        Membership.objects.select_for_update().filter(user=user, organisation=organisation).first()
    )
    if membership is None:
        raise ActionRefused(_("You are not a member of this organisation."))
    if membership.show_publicly != show:
        membership.show_publicly = show
        membership.save(update_fields=["show_publicly"])
        _audit(user, "visibility", membership, show_publicly=show)
    return membership


# --- the organisation's admins ------------------------------------------------------


@transaction.atomic
def approve(actor, organisation, membership_id) -> Membership:
    organisation = _lock(organisation)
    _require_manager(actor, organisation)
    membership = _lock_membership(organisation, membership_id)
    if membership.status == ACTIVE:
        return membership  # approved already (a double click, or another admin)
    membership.status = ACTIVE
    membership.decided_at = timezone.now()
    membership.decided_by = actor
    membership.save(update_fields=["status", "decided_at", "decided_by"])
    _audit(actor, "approved", membership)
    args = (membership.user_id, organisation.pk, "approved")
    transaction.on_commit(lambda: tasks.email_membership_decision.enqueue(*args))
    return membership


@transaction.atomic
def decline(actor, organisation, membership_id):
    organisation = _lock(organisation)
    _require_manager(actor, organisation)
    membership = (
        Membership.objects.select_for_update()
        .filter(pk=membership_id, organisation=organisation)
        .first()
    )
    if membership is None:
        return  # declined already
    if membership.status != REQUESTED:
        raise ActionRefused(_("Only a request can be declined; remove a member instead."))
    _audit(actor, "declined", membership)
    args = (membership.user_id, organisation.pk, "declined")
    membership.delete()
    transaction.on_commit(lambda: tasks.email_membership_decision.enqueue(*args))


@transaction.atomic
def remove(actor, organisation, membership_id):
    organisation = _lock(organisation)
    _require_manager(actor, organisation)
    membership = (
        Membership.objects.select_for_update()
        .filter(pk=membership_id, organisation=organisation)
        .first()
    )
    if membership is None:
        return  # removed already
    _guard_last_admin(membership)
    _audit(actor, "removed", membership)
    user = membership.user
    membership.delete()
    sync_partner_editor_group(user)


@transaction.atomic
def set_role(actor, organisation, membership_id, role) -> Membership:
    if role not in Membership.Role.values:
        raise ActionRefused(_("Choose a valid role."))
    organisation = _lock(organisation)
    _require_manager(actor, organisation)
    membership = _lock_membership(organisation, membership_id)
    if membership.status != ACTIVE:
        raise ActionRefused(_("Approve the request before changing the role."))
    if membership.role == role:
        return membership
    if role == MEMBER:
        _guard_last_admin(membership)
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    _audit(actor, "role", membership, previous_role=previous)
    return membership


@transaction.atomic
def set_editor(actor, organisation, membership_id, is_editor: bool) -> Membership:
    organisation = _lock(organisation)
    _require_manager(actor, organisation)
    membership = _lock_membership(organisation, membership_id)
    if membership.status != ACTIVE:
        raise ActionRefused(_("Approve the request before making them an editor."))
    if membership.is_editor != is_editor:
        membership.is_editor = is_editor
        membership.save(update_fields=["is_editor"])
        _audit(actor, "editor", membership)
        sync_partner_editor_group(membership.user)
    return membership


@transaction.atomic
def add_member(actor, organisation, user, *, role=MEMBER, is_editor=False) -> Membership:
    """A convenor (or an admin) adds someone directly, e.g. the first admin of a new
    organisation. Idempotent: an existing membership is activated and updated."""
    organisation = _lock(organisation)
    _require_manager(actor, organisation)
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user, organisation=organisation, defaults={"status": ACTIVE, "role": role}
    )
    changed = created
    if membership.status != ACTIVE or membership.role != role or membership.is_editor != is_editor:
        if membership.role == ADMIN and role != ADMIN:
            _guard_last_admin(membership)
        membership.status, membership.role, membership.is_editor = ACTIVE, role, is_editor
        changed = True
    if changed:
        membership.decided_at = timezone.now()
        membership.decided_by = actor
        membership.is_editor = is_editor
        membership.save()
        _audit(actor, "added", membership)
        sync_partner_editor_group(user)
    return membership
