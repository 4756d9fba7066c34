"""Setting up a fresh site for a place (``manage.py setup_site``): the page tree, the
Site record, branding, staff groups, the partner sign-off workflow and the first
convenor. No demo content.

The page tree is the home app's, so the service lives here; what belongs to another app
comes from that app (groups from ``accounts.roles``, the workflow from ``goals.setup``),
the same code the demo uses.

Idempotent: everything is found by a fixed key (slug, group or workflow name, email
address) and only created when missing; a page that exists is never overwritten, so a
convenor's edits to the starting texts survive a second run. A database that already
holds a different site (another address or another place) is refused, not changed.
"""

import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from wagtail.models import Page, Site

from accounts.models import User
from accounts.roles import CONVENORS, seed_groups
from consultations.models import ConsultationIndexPage
from core import emails
from goals.models import GoalIndexPage
from goals.setup import ensure_partner_signoff_workflow
from home.models import HomePage, SiteBranding, StandardPage
from home.starting_texts import standard_pages

STARTING_TEXTS = uuid.UUID("0b5b0e3c-4c1e-4b8e-9c36-8f0f6d1f2a51")
# What the migrations leave: the Site and home page of a database nobody has set up.
UNSET_HOST = ("localhost", 80)
UNSET_PLACE = "City Goals"
INVITATION_EMAIL = "home/email/convenor_invitation"


class SetupRefused(Exception):
    """The database holds a different site, or the address disagrees with SITE_URL."""


@dataclass
class SetupResult:
    created: list[str] = field(default_factory=list)
    convenor: User | None = None
    invited: bool = False


def normalise_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise SetupRefused(
            "--url must be the site's address, e.g. https://citygoals.example.gov.uk "
            f"(got {url!r})."
        )
    return f"{parts.scheme}://{parts.netloc}"


def _refuse_a_different_site(site: Site, branding: SiteBranding, url: str, name: str):
    address = emails.site_address(url)
    if (site.hostname, site.port) not in {UNSET_HOST, address}:
        raise SetupRefused(
            f"This database already holds the site at {site.hostname}:{site.port}, not "
            f"{url}. Nothing was changed. Use a new database for a new site."
        )
    if branding.place_name not in {UNSET_PLACE, name}:
        raise SetupRefused(
            f"This database already holds the site for {branding.place_name!r}, not "
            f"{name!r}. Nothing was changed. Use a new database for a new site."
        )


def _publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _stream(slug: str, blocks) -> list[dict]:
    return [
        {"type": kind, "value": value, "id": str(uuid.uuid5(STARTING_TEXTS, f"{slug}:{i}"))}
        for i, (kind, value) in enumerate(blocks)
    ]


def _home(site: Site, name: str, result: SetupResult) -> HomePage:
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise SetupRefused("The default site's root page is not a City Goals home page.")
    if home.headline == "Our city's shared goals":  # as the migration left it
        home.headline = f"{name}'s shared goals"
        home.save_revision().publish()
        result.created.append("home page headline")
    return home


def _sections(home: HomePage, name: str, result: SetupResult) -> GoalIndexPage:
    goals = GoalIndexPage.objects.first()
    if goals is None:
        goals = _publish_child(
            home,
            GoalIndexPage(
                title="Goals",
                slug="goals",
                show_in_menus=True,
                intro=f"<p>The goals {name}'s organisations have agreed to work on together, "
                "and how each one is going.</p>",
            ),
        )
        result.created.append("goals index")
    if not ConsultationIndexPage.objects.exists():
        _publish_child(
            home,
            ConsultationIndexPage(
                title="Take part",
                slug="take-part",
                show_in_menus=True,
                intro="<p>Propose ideas, support the ones you want, and hear what happens.</p>",
            ),
        )
        result.created.append("take-part index")
    return goals


def _standard_pages(home: HomePage, name: str, contact: str, result: SetupResult) -> None:
    for spec in standard_pages(name, contact):
        if StandardPage.objects.child_of(home).filter(slug=spec["slug"]).exists():
            continue  # never overwrite: the convenors may have edited it
        _publish_child(
            home,
            StandardPage(
                slug=spec["slug"],
                title=spec["title"],
                intro=spec["intro"],
                show_in_menus=spec["show_in_menus"],
                body=_stream(spec["slug"], spec["body"]),
            ),
        )
        result.created.append(spec["title"].lower())


def _site_and_branding(site, branding, name, url, contact, result) -> None:
    if emails.site_from_url(site, url):
        result.created.append("site address")
    if site.site_name != f"{name} City Goals":
        site.site_name = f"{name} City Goals"  # emails say "Hello from Lowbridge City Goals!"
        site.save(update_fields=["site_name"])
    changed = False
    if branding.place_name != name:
        branding.place_name, changed = name, True
    if not branding.contact_email:
        branding.contact_email, changed = contact, True
    if changed:
        branding.full_clean()
        branding.save()
        result.created.append("branding")


def _convenor(email: str, name: str, result: SetupResult) -> User:
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, display_name=f"{name} convenor", is_staff=True)
        user.set_unusable_password()
        user.save()
        result.created.append("convenor account")
        result.invited = True
    elif not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    # The address is the one the council gave; setting the password from the emailed
    # link proves the person holds it.
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(Group.objects.get(name=CONVENORS))
    return user


def set_password_url(user: User) -> str:
    """allauth's password-reset link for ``user``, on SITE_URL: valid for
    PASSWORD_RESET_TIMEOUT (three days by default), once."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return emails.absolute(path)


def invite_convenor(user: User, name: str) -> bool:
    """Email the convenor a link to set their password, and tell them to enrol two-factor
    authentication (the admin asks staff for it)."""
    return emails.send(
        user,
        INVITATION_EMAIL,
        {
            "place": name,
            "set_password_url": set_password_url(user),
            "sign_in_url": emails.absolute(reverse("account_login")),
            "two_factor_url": emails.absolute(reverse("mfa_activate_totp")),
            "admin_url": emails.absolute(reverse("wagtailadmin_home")),
        },
    )


def setup_site(*, name: str, url: str, convenor_email: str, contact_email: str = "") -> SetupResult:
    """Make the site for ``name`` at ``url`` (which must be SITE_URL). Returns what was
    created; a second run creates nothing and sends nothing."""
    name = " ".join(name.split())
    if not name:
        raise SetupRefused("--name must name the place, e.g. --name Lowbridge.")
    url = normalise_url(url)
    if url != settings.SITE_URL.rstrip("/"):
        raise SetupRefused(
            f"--url is {url} but SITE_URL is {settings.SITE_URL}: every link is built from "
            f"SITE_URL, so set SITE_URL={url} in the environment first."
        )
    result = SetupResult()
    with transaction.atomic():
        site = Site.objects.select_for_update().filter(is_default_site=True).first()
        if site is None:
            raise SetupRefused("There is no default site: run `manage.py migrate` first.")
        branding = SiteBranding.for_site(site)
        _refuse_a_different_site(site, branding, url, name)
        contact = contact_email or branding.contact_email or convenor_email
        home = _home(site, name, result)
        goals = _sections(home, name, result)
        _standard_pages(home, name, contact, result)
        seed_groups(home)
        ensure_partner_signoff_workflow(goals)
        _site_and_branding(site, branding, name, url, contact, result)
        user = _convenor(convenor_email, name, result)
        result.convenor = user
        if result.invited:
            transaction.on_commit(lambda: invite_convenor(user, name))
    return result
