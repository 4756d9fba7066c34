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
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from accounts.roles import CONVENORS, MODERATORS, PARTNER_EDITORS, seed_groups

__all__ = ["seed_demo_totp", "seed_groups", "seed_users"]
from core.emails import absolute
from places.models import Area

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


def seed_users(stdout, show_passwords: bool) -> dict[str, User]:
    """One demo person per role, each with a verified primary email address. Idempotent:
    an existing person keeps their password and details."""
    users = {}
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=spec.email,
            defaults={
                "display_name": spec.display_name,
                "area": Area.objects.filter(name=spec.area).first() if spec.area else None,
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
        stdout.write(f"Demo sign-ins ({absolute(reverse('account_login'))}):")
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
