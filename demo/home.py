"""Demo data for the site shell of Lowbridge, the fictional city of the demo: branding,
the home page's words, the standard pages (about, privacy notice, accessibility
statement, moderation policy), the staff groups and one demo person per role.

Deterministic and idempotent: every object is found by a fixed key (slug, email, group
name) and written only when missing or different, so a second run changes nothing.
StreamField blocks get fixed ids (uuid5 of the page slug and position) for the same reason.
"""

import json
import uuid

from django.conf import settings
from django.utils.html import escape
from wagtail.models import Site

from consultations.models import Report
from core.emails import site_from_url
from demo import accounts as accounts_demo
from demo.accounts import seed_demo_totp
from home.models import HomePage, SiteBranding, StandardPage
from home.statements import accessibility_statement_blocks, accessibility_statement_intro

PLACE = "Lowbridge"
BRANDING = {
    "place_name": PLACE,
    "tagline": "Shared goals for Lowbridge, written together",
    "brand_colour": "#1d5c63",
    "accent_colour": "#ffdd00",
    "contact_email": "citygoals@lowbridge.example",
}
# A number Ofcom keeps for drama (01632 960000-960999): it rings nobody.
PHONE = "01632 960 123"
POSTAL_ADDRESS = "City Goals, Lowbridge City Council, Town Hall, Lowbridge LB1 1AA"
HOME = {
    "title": "Home",
    "headline": "Lowbridge's shared goals",
    "intro": (
        "<p>The council, the NHS trust, the police, the university, schools, charities, "
        "businesses and community groups of Lowbridge have agreed a small set of goals for "
        "the city. <b>Nobody owns them alone.</b> Read how each one is going, put forward "
        "your ideas when a consultation is open, support the ideas you want, and pledge "
        "what you will do yourself.</p>"
    ),
}
DEMO_NAMESPACE = uuid.UUID("6f1c1f57-6f1b-4a36-9a51-2d1f3c0b7a10")


def _reasons() -> list[str]:
    return [str(label) for _value, label in Report.Reason.choices]


def _list(items) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def standard_pages() -> list[dict]:
    """The standard pages: slug, title, intro, whether in the header menu, and body as
    (block type, value) pairs. Paragraph values are rich text (HTML)."""
    contact = BRANDING["contact_email"]
    return [
        {
            "slug": "about",
            "title": "About City Goals",
            "show_in_menus": True,
            "intro": (
                "City Goals is where the organisations of Lowbridge and the people who live "
                "and work here agree what the city is aiming for, and check how it is going."
            ),
            "body": [
                ("heading", "Convened, not led"),
                (
                    "paragraph",
                    "<p>Lowbridge City Council convenes City Goals: it opens consultations, "
                    "moderates them and publishes the responses. It does not own the goals. "
                    "Each goal belongs to the partner organisations that co-own it, and a "
                    "change to a goal is published only when every one of them has signed "
                    "it off.</p>",
                ),
                ("heading", "How you can take part"),
                (
                    "paragraph",
                    "<ul><li>Read each goal and how its indicators are moving, good or "
                    "bad.</li><li>Put forward ideas while a consultation is open, and "
                    "support the ideas you want to see.</li><li>Pledge what you, or your "
                    "organisation, will do.</li><li>Follow a consultation to hear when it "
                    "moves on and what was decided.</li></ul>",
                ),
                ("heading", "Open by default"),
                (
                    "paragraph",
                    "<p>Every idea gets an answer. Responses, pledges met and missed, and "
                    "trials that did not work are all published, and the data is free to "
                    "download under the Open Government Licence.</p>",
                ),
            ],
        },
        {
            "slug": "privacy-notice",
            "title": "Privacy notice",
            "show_in_menus": False,
            "intro": (
                "How Lowbridge City Council, as data controller, uses your information when "
                "you use City Goals, and your rights over it."
            ),
            "body": [
                ("heading", "Who we are"),
                (
                    "paragraph",
                    "<p>Lowbridge City Council runs City Goals and is the data controller for "
                    f"the information on it. Contact our data protection officer at "
                    f'<a href="mailto:{contact}">{contact}</a>.</p>',
                ),
                ("heading", "Our lawful basis"),
                (
                    "paragraph",
                    "<p>We use your information because it is necessary to perform a task in "
                    "the public interest (UK GDPR Article 6(1)(e), <b>public task</b>): "
                    "involving residents and organisations in setting and tracking the "
                    "city's shared goals. We do not rely on consent, and we never sell or "
                    "share your information for marketing.</p>",
                ),
                ("heading", "What we keep"),
                (
                    "paragraph",
                    "<ul><li>Your email address and password (stored only as a secure "
                    "hash), so you can sign in.</li><li>The display name you choose, and "
                    "if you give it, your ward or postcode district. We never ask for "
                    "your address.</li><li>What you write and do: ideas, comments, "
                    "supports, pledges, reports and the consultations you follow.</li>"
                    "<li>Your email preferences.</li><li>Server logs with your IP "
                    "address, to keep the service secure.</li></ul>",
                ),
                ("heading", "How long we keep it"),
                (
                    "paragraph",
                    "<ul><li>Your account: until you delete it. You can do that at any "
                    "time from your account page.</li><li>When you delete your account, "
                    "we remove your email address, display name and area straight away. "
                    "What you published stays on the public record, shown as written by "
                    "“a former participant”, so consultations stay complete and honest."
                    "</li><li>Server logs: 30 days.</li><li>Accounts that have not been "
                    "verified: 30 days.</li><li>Backups of the database: 35 days, so "
                    "a deleted account leaves the backups within 35 days.</li><li>The "
                    "audit trail of moderation, membership and pledge status decisions: "
                    "as long as the public record it explains. It holds an account "
                    "number, never a name or an email address.</li></ul>",
                ),
                ("heading", "Surveys and equality monitoring"),
                (
                    "paragraph",
                    "<p>Survey answers are kept with your account, so you can change them "
                    "until the survey closes; two years after it closes the link to your "
                    "account is removed and the answers stay only as anonymous figures. "
                    "If you delete your account sooner, the same happens then, and answers "
                    "you saved but never sent are deleted. Your answers are in the file "
                    "you can download from your account page. "
                    "Published results are totals only. Some surveys end "
                    "with optional equality monitoring questions (age, sex, gender "
                    "identity, disability, ethnicity, religion or belief, sexual "
                    "orientation and caring responsibilities). We ask them to check that "
                    "the people we hear from reflect everyone who lives here, as the "
                    "Public Sector Equality Duty (Equality Act 2010, section 149) asks of "
                    "us, and to reach the groups we are missing. Every one has “prefer not "
                    "to say”. These answers are stored apart from your survey answers and "
                    "your account, with only the month they were given, so they cannot be "
                    "linked back to you; they are never exported with the answers, and "
                    "are only ever shown as totals, with any number under 5 shown as "
                    "“fewer than 5”. We keep them for two years after the survey closes."
                    "</p>",
                ),
                ("heading", "Cookies"),
                (
                    "paragraph",
                    "<p>We use only essential cookies: one that keeps you signed in "
                    "(sessionid), one that protects forms from forgery (csrftoken) and "
                    "one that carries a confirmation message to the next page (messages). We "
                    "use no analytics, advertising or tracking cookies, so we do not ask "
                    "for your consent to cookies.</p>",
                ),
                ("heading", "Your rights"),
                (
                    "paragraph",
                    "<p>You can download everything we hold about you and delete your "
                    "account from your account page. You also have the right to ask us to "
                    "correct your information, to restrict or object to our use of it. "
                    "If you are unhappy with how we have used your information, you can "
                    "complain to the Information Commissioner's Office (ICO) at "
                    '<a href="https://ico.org.uk/make-a-complaint/">ico.org.uk</a>.</p>',
                ),
            ],
        },
        {
            "slug": "accessibility-statement",
            "title": "Accessibility statement",
            "show_in_menus": False,
            "intro": accessibility_statement_intro(PLACE),
            "body": accessibility_statement_blocks(PLACE, contact, PHONE, address=POSTAL_ADDRESS),
        },
        {
            "slug": "moderation-policy",
            "title": "Moderation policy",
            "show_in_menus": False,
            "intro": (
                "City Goals is for everyone in Lowbridge. These are the rules for what "
                "people write here, and what our moderators do when something breaks them."
            ),
            "body": [
                ("heading", "What you can report"),
                (
                    "paragraph",
                    "<p>Anyone signed in can report an idea or a comment. Choose the reason "
                    "that fits best:</p>" + _list(_reasons()),
                ),
                ("heading", "What happens next"),
                (
                    "paragraph",
                    "<p>A moderator reads every report. If the contribution breaks these "
                    "rules, they hide it and say why: the page shows that it was hidden by "
                    "a moderator and the reason, and the author is told. Nothing is "
                    "deleted, so a hidden contribution can be restored if we got it "
                    "wrong. Some consultations check contributions before they appear.</p>"
                    "<p>When several people report the same contribution it may be hidden "
                    "automatically until a moderator has looked at it.</p>",
                ),
                ("heading", "If you disagree"),
                (
                    "paragraph",
                    "<p>If you think we hid your contribution by mistake, email "
                    f'<a href="mailto:{contact}">{contact}</a>. A different moderator '
                    "will look at it again. Every moderation decision is logged with who "
                    "made it, when and why.</p>",
                ),
            ],
        },
    ]


def _stream(slug: str, blocks) -> list[dict]:
    return [
        {"type": kind, "value": value, "id": str(uuid.uuid5(DEMO_NAMESPACE, f"{slug}:{i}"))}
        for i, (kind, value) in enumerate(blocks)
    ]


def _same_stream(page, raw) -> bool:
    current = page.body.get_prep_value() if page.body else []
    return json.dumps(current, sort_keys=True) == json.dumps(raw, sort_keys=True)


def seed_branding(site) -> SiteBranding:
    site_name = f"{PLACE} City Goals"  # emails say "Hello from Lowbridge City Goals!"
    if site.site_name != site_name:
        site.site_name = site_name
        site.save(update_fields=["site_name"])
    branding = SiteBranding.for_site(site)
    changed = [field for field, value in BRANDING.items() if getattr(branding, field) != value]
    if changed:
        for field in changed:
            setattr(branding, field, BRANDING[field])
        branding.full_clean()
        branding.save()
    return branding


def seed_home(site) -> HomePage:
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        home = HomePage.objects.live().first()
    if any(getattr(home, field) != value for field, value in HOME.items()):
        for field, value in HOME.items():
            setattr(home, field, value)
        home.save_revision().publish()
    return home


def seed_standard_pages(home) -> list[StandardPage]:
    pages = []
    for spec in standard_pages():
        raw = _stream(spec["slug"], spec["body"])
        page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            page = StandardPage(
                slug=spec["slug"],
                title=spec["title"],
                intro=spec["intro"],
                show_in_menus=spec["show_in_menus"],
                body=raw,
            )
            home.add_child(instance=page)
            page.save_revision().publish()
        elif (
            page.title != spec["title"]
            or page.intro != spec["intro"]
            or page.show_in_menus != spec["show_in_menus"]
            or not _same_stream(page, raw)
            or not page.live
        ):
            page.title = spec["title"]
            page.intro = spec["intro"]
            page.show_in_menus = spec["show_in_menus"]
            page.body = raw
            page.save_revision().publish()
        pages.append(page)
    return pages


def seed(stdout):
    site = Site.objects.get(is_default_site=True)
    site_from_url(site)  # the Site record follows SITE_URL, as every email does
    seed_branding(site)
    home = seed_home(site)
    seed_standard_pages(home)
    accounts_demo.seed_groups(home)
    users = accounts_demo.seed_users(stdout, show_passwords=settings.DEBUG)
    _staff_two_factor(users, stdout)
    if settings.DEBUG:
        admin = accounts_demo.ADMIN
        password = next(u.password for u in accounts_demo.DEMO_USERS if u.email == admin)
        stdout.write(f"Staff login: {admin} / {password}")


def _staff_two_factor(users, stdout):
    """The admin asks staff for a second factor (core/security.py): give the demo
    staff a published authenticator secret, in DEBUG only."""
    for user in users.values():
        if user.is_staff or user.is_superuser:
            seed_demo_totp(user, stdout if user.is_superuser else None)
