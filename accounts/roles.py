"""The platform's staff roles, held as Django groups so Wagtail's admin can grant them,
and exactly what each group may do (``GROUP_PERMISSIONS``, set by ``seed_groups``, which
``setup_site`` and the demo both call)."""

from functools import cache

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission
from wagtail.snippets.models import get_snippet_models

from core.security import staff_session_verified

CONVENORS = "Convenors"
MODERATORS = "Moderators"
PARTNER_EDITORS = "Partner editors"


def in_group(user, group_name: str) -> bool:
    """Does ``user`` hold this role now? Every role predicate asks this, so a staff
    session that did not pass the second factor holds none (core.security)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not staff_session_verified(user):
        return False
    if user.is_superuser:
        return True
    # Cached on the user object for the request: templates ask this many times.
    names = getattr(user, "_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._group_names = names
    return group_name in names


def is_convenor(user) -> bool:
    return in_group(user, CONVENORS)


def is_moderator(user) -> bool:
    """Convenors moderate too; moderators do nothing else."""
    return in_group(user, MODERATORS) or in_group(user, CONVENORS)


@cache
def all_role_groups() -> tuple[str, ...]:
    return (CONVENORS, MODERATORS, PARTNER_EDITORS)


# What each staff group may do in Wagtail's admin (app_label.codename). Page permissions
# are granted on the home page, so they cover the whole site.
ACCESS_ADMIN = "wagtailadmin.access_admin"
GROUP_PERMISSIONS = {
    # Convenors run the site: pages, snippets (organisations …), images, documents,
    # branding. Deleting pages is left to superusers: nothing is lost.
    CONVENORS: {
        "model": [ACCESS_ADMIN, "home.change_sitebranding"],
        "pages": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        "collections": {
            "wagtailimages": ["add_image", "change_image", "choose_image"],
            "wagtaildocs": ["add_document", "change_document", "choose_document"],
        },
        "snippets": ["add", "change", "delete"],
    },
    # Moderators work the report queue (outside the page tree).
    MODERATORS: {"model": [ACCESS_ADMIN]},
    # Partner editors edit the goals their organisation co-owns: goals grants that per
    # goal (goals/permissions.py), so the group holds admin access and image choice.
    PARTNER_EDITORS: {
        "model": [ACCESS_ADMIN],
        "collections": {"wagtailimages": ["choose_image"], "wagtaildocs": ["choose_document"]},
    },
}


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def snippet_permissions(actions) -> list[Permission]:
    permissions = []
    for model in sorted(get_snippet_models(), key=lambda m: m._meta.label):
        content_type = ContentType.objects.get_for_model(model)
        for action in actions:
            codename = f"{action}_{model._meta.model_name}"
            permissions.extend(
                Permission.objects.filter(content_type=content_type, codename=codename)
            )
    return permissions


# Wagtail's own migrations make an "Editors" group that may add, change and publish
# every page from the root: nobody should hold that by default. (Its "Moderators" group
# has our Moderators' name; seed_groups sets that group's rights exactly.)
WAGTAIL_EDITORS = "Editors"


def seed_groups(root_page) -> dict[str, Group]:
    """Create the three staff groups with their Wagtail permissions, and strip Wagtail's
    default "Editors" group of its page rights. Idempotent, and exact: each group holds
    these permissions and no others (least privilege; README, "Staff roles")."""
    GroupPagePermission.objects.filter(group__name=WAGTAIL_EDITORS).delete()
    root_collection = Collection.get_first_root_node()
    groups = {}
    for name, spec in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = [_permission(*label.split(".")) for label in spec.get("model", [])]
        wanted += snippet_permissions(spec.get("snippets", []))
        # Exactly these: Wagtail's migrations give a group named "Moderators" image and
        # document rights, which ours (they work the report queue) must not have.
        group.permissions.set(wanted)
        # Page and collection permissions are exactly these: Wagtail's own migrations
        # give a group named "Moderators" page editing rights, which ours must not have.
        page_ids = []
        for codename in spec.get("pages", []):
            row, _created = GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=_permission("wagtailcore", codename)
            )
            page_ids.append(row.pk)
        GroupPagePermission.objects.filter(group=group).exclude(pk__in=page_ids).delete()
        collection_ids = []
        for app_label, codenames in spec.get("collections", {}).items():
            for codename in codenames:
                row, _created = GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(app_label, codename),
                )
                collection_ids.append(row.pk)
        GroupCollectionPermission.objects.filter(group=group).exclude(
            pk__in=collection_ids
        ).delete()
        groups[name] = group
    return groups
