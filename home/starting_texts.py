"""The starting texts of a fresh site (``setup_site``): the standard pages a council
needs on day one, naming the place. They are a start, not a finished text: each page is
an ordinary page the convenors edit in Wagtail, and ``setup_site`` never overwrites a
page that exists.

Kept in one module so a council reviews them in one place. Paragraph values are rich
text (HTML); every place name and address is escaped.
"""

from django.utils.html import escape, format_html

from consultations.models import Report
from home.statements import accessibility_statement_blocks


def _list(items) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def _mailto(address: str) -> str:
    return format_html('<a href="mailto:{0}">{0}</a>', address)


def standard_pages(place: str, contact: str) -> list[dict]:
    """The standard pages of a fresh site: slug, title, intro, whether in the header
    menu, and body as (block type, value) pairs."""
    name, mail = escape(place), _mailto(contact)
    return [
        {
            "slug": "about",
            "title": "About City Goals",
            "show_in_menus": True,
            "intro": (
                f"City Goals is where the organisations of {place} and the people who live "
                "and work here agree what the place is aiming for, and check how it is going."
            ),
            "body": [
                ("heading", "Convened, not led"),
                (
                    "paragraph",
                    f"<p>{name}'s council convenes City Goals: it opens consultations, "
                    "moderates them and publishes the responses. Each goal belongs to the "
                    "partner organisations that co-own it, and a change to a goal is "
                    "published only when every one of them has signed it off.</p>",
                ),
                ("heading", "How you can take part"),
                (
                    "paragraph",
                    "<ul><li>Read each goal and how it is going.</li><li>Put forward ideas "
                    "while a consultation is open, and support the ideas you want.</li>"
                    "<li>Pledge what you, or your organisation, will do.</li></ul>",
                ),
            ],
        },
        {
            "slug": "privacy-notice",
            "title": "Privacy notice",
            "show_in_menus": False,
            "intro": (
                f"How {place}'s council, as data controller, uses your information when you "
                "use City Goals, and your rights over it."
            ),
            "body": [
                ("heading", "Who we are"),
                (
                    "paragraph",
                    f"<p>{name}'s council runs City Goals and is the data controller for the "
                    f"information on it. Contact us at {mail}.</p>",
                ),
                ("heading", "Our lawful basis"),
                (
                    "paragraph",
                    "<p>We use your information because it is necessary to perform a task in "
                    "the public interest (UK GDPR Article 6(1)(e), <b>public task</b>). We "
                    "never sell or share it for marketing.</p>",
                ),
                ("heading", "What we keep, and for how long"),
                (
                    "paragraph",
                    "<ul><li>Your email address, password (as a secure hash), display name "
                    "and, if you give it, your area: until you delete your account.</li>"
                    "<li>What you write and do: ideas, comments, supports, pledges and "
                    "reports. When you delete your account what you published stays, "
                    "shown as written by “a former participant”.</li><li>Server logs: 30 "
                    "days. Backups: 35 days.</li></ul>",
                ),
                ("heading", "Cookies"),
                (
                    "paragraph",
                    "<p>Only essential cookies: one that keeps you signed in, one that "
                    "protects forms from forgery and one that carries a message to the "
                    "next page. No analytics, advertising or tracking cookies.</p>",
                ),
                ("heading", "Your rights"),
                (
                    "paragraph",
                    "<p>You can download everything we hold about you and delete your "
                    "account from your account page. You may also complain to the "
                    "Information Commissioner's Office at "
                    '<a href="https://ico.org.uk/make-a-complaint/">ico.org.uk</a>.</p>',
                ),
            ],
        },
        {
            "slug": "accessibility-statement",
            "title": "Accessibility statement",
            "show_in_menus": False,
            "intro": (
                f"This accessibility statement applies to {place} City Goals, run by "
                f"{place}'s council."
            ),
            "body": accessibility_statement_blocks(place, contact),
        },
        {
            "slug": "moderation-policy",
            "title": "Moderation policy",
            "show_in_menus": False,
            "intro": (
                f"City Goals is for everyone in {place}. These are the rules for what people "
                "write here, and what our moderators do when something breaks them."
            ),
            "body": [
                ("heading", "What you can report"),
                (
                    "paragraph",
                    "<p>Anyone signed in can report an idea or a comment, choosing the "
                    "reason that fits best:</p>"
                    + _list(str(label) for _value, label in Report.Reason.choices),
                ),
                ("heading", "What happens next"),
                (
                    "paragraph",
                    "<p>A moderator reads every report. If a contribution breaks these "
                    "rules they hide it and say why, on the site and to its author. "
                    "Nothing is deleted, so a hidden contribution can be restored.</p>",
                ),
                ("heading", "If you disagree"),
                (
                    "paragraph",
                    f"<p>Email {mail}: a different moderator will look at it again.</p>",
                ),
            ],
        },
    ]
