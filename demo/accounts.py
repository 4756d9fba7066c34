"""Demo people and staff groups for Lowbridge, used by ``manage.py seed_demo``.

Other apps' demo modules find these people by the email constants below (``goals``
makes ORGANISATION_MEMBER a member of a demo organisation, for example). The passwords
are published on purpose: they are printed only when DEBUG is on, and a demo database
is never a production one.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission
from wagtail.snippets.models import get_snippet_models

from accounts.models import User
from accounts.roles import CONVENORS, MODERATORS, PARTNER_EDITORS

RESIDENT = "resident@lowbridge.example"
ORGANISATION_MEMBER = "member@lowbridge.example"
MODERATOR = "moderator@lowbridge.example"
CONVENOR = "convenor@lowbridge.example"
PARTNER_EDITOR = "partner.editor@lowbridge.example"
ADMIN = "admin@lowbridge.example"


@dataclass(frozen=True)
class DemoUser:
    email: str
    password: str
    display_name: str
    area: str
    role: str
    groups: tuple[str, ...] = ()
    is_staff: bool = False
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser(RESIDENT, "lowbridge-demo-resident", "Sam from Riverside", "Riverside", "resident"),
    DemoUser(
        ORGANISATION_MEMBER,
        "lowbridge-demo-member",
        "Priya at Lowbridge Cycle Hub",
        "LB4",
        "organisation member",
    ),
    DemoUser(
        MODERATOR,
        "lowbridge-demo-moderator",
        "Lowbridge moderator",
        "",
        "moderator",
        groups=(MODERATORS,),
    ),
    DemoUser(
        CONVENOR,
        "lowbridge-demo-convenor",
        "Lowbridge convenor",
        "",
        "convenor",
        groups=(CONVENORS,),
        is_staff=True,
    ),
    DemoUser(
        PARTNER_EDITOR,
        "lowbridge-demo-partner",
        "Jo at Lowbridge NHS Trust",
        "",
        "partner editor",
        groups=(PARTNER_EDITORS,),
        is_staff=True,
    ),
    DemoUser(
        ADMIN,
        "lowbridge-demo-admin",
        "Lowbridge site administrator",
        "",
        "superuser (Django and Wagtail admin)",
        is_staff=True,
        is_superuser=True,
    ),
)

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


def seed_groups(root_page) -> dict[str, Group]:
    """Create the three staff groups with their Wagtail permissions. Idempotent: model
    permissions are added; page and collection permissions are set exactly."""
    root_collection = Collection.get_first_root_node()
    groups = {}
    for name, spec in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = [_permission(*label.split(".")) for label in spec.get("model", [])]
        wanted += snippet_permissions(spec.get("snippets", []))
        group.permissions.add(*wanted)
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


def seed_users(stdout, show_passwords: bool) -> dict[str, User]:
    """One demo person per role, each with a verified primary email address. Idempotent:
    an existing person keeps their password and details."""
    users = {}
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=spec.email,
            defaults={
                "display_name": spec.display_name,
                "area": spec.area,
                "is_staff": spec.is_staff,
                "is_superuser": spec.is_superuser,
            },
        )
        if created:
            user.set_password(spec.password)
            user.save(update_fields=["password"])
        if spec.groups:
            user.groups.add(*Group.objects.filter(name__in=spec.groups))
        EmailAddress.objects.get_or_create(
            user=user, email=spec.email, defaults={"verified": True, "primary": True}
        )
        users[spec.role] = user
    if show_passwords:
        stdout.write("Demo sign-ins (http://127.0.0.1:8000/accounts/login/):")
        for spec in DEMO_USERS:
            stdout.write(f"  {spec.role:<38} {spec.email} / {spec.password}")
    return users


# Demo staff ---------------------------------------------------------------------------

DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (demo data only)


def seed_demo_totp(user, stdout=None) -> None:
    """Give a demo staff account an authenticator with a published secret, so a reviewer
    can enter the admin. Only when DEBUG is on: never on a real deployment."""
    if not settings.DEBUG:
        return
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    if stdout is not None:
        stdout.write(
            f"Demo staff {user.email}: two-factor secret {DEMO_TOTP_SECRET} (add it to an "
            "authenticator app, or run `manage.py demo_totp_code` for the current code)."
        )
