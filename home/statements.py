"""The accessibility statement a place publishes, in the structure of the UK's model
statement (GOV.UK, "Sample accessibility statement for a website").

One function writes it, so the demo city and a real place's set-up (``setup_site``)
publish the same words, true to how the platform itself is built and tested: when the
tests or the manual checks change, this is the one place to say so. It returns the body
of a ``StandardPage`` as StreamField data ((block type, value) pairs of the
``NarrativeBlock``); the page is content the council then owns and may edit in the admin,
which is why it is written in English here rather than as translatable interface text.
"""

from __future__ import annotations

from datetime import date

from django.utils.dateformat import format as format_date
from django.utils.html import escape

# When the statement was first prepared, and when it was last reviewed (after the
# accessibility audit and the fixes of issue 20: forced colours, announcements, charts).
PREPARED = date(2026, 11, 2)
LAST_REVIEWED = date(2026, 12, 2)
LAST_TESTED = date(2026, 12, 2)
# When the known problems below are to be fixed by.
PDF_FIX_BY = date(2027, 6, 30)

AXE = "axe-core 4.14"

__all__ = ["accessibility_statement_blocks", "accessibility_statement_intro"]


def _day(value: date) -> str:
    return format_date(value, "j F Y")


def _p(*sentences: str) -> str:
    return "<p>" + " ".join(sentences) + "</p>"


def _ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def accessibility_statement_intro(place_name: str, operator: str | None = None) -> str:
    """The page's introduction (``StandardPage.intro``, plain text)."""
    operator = operator or f"{place_name} City Council"
    return (
        f"This accessibility statement applies to {place_name} City Goals. It is run by "
        f"{operator}. We want as many people as possible to be able to use this website."
    )


def accessibility_statement_blocks(
    place_name: str,
    contact_email: str,
    phone: str | None = None,
    *,
    operator: str | None = None,
    address: str | None = None,
) -> list[tuple[str, str]]:
    """The statement's body: headings and paragraphs, in the model statement's order.

    ``phone`` and ``address`` are the contact methods besides email (the model statement
    asks for more than one); give at least one of them.
    """
    operator = escape(operator or f"{place_name} City Council")
    email = escape(contact_email)
    mail_link = f'<a href="mailto:{email}">{email}</a>'
    contacts = [f"email {mail_link}"]
    if phone:
        contacts.append(f"call {escape(phone)}")
    if address:
        contacts.append(f"write to {escape(address)}")
    contact_list = _ul(*contacts)

    return [
        ("heading", "How you should be able to use this website"),
        (
            "paragraph",
            _p("You should be able to:")
            + _ul(
                "change colours, contrast levels and fonts using your browser or device "
                "settings, including Windows contrast themes (forced colours)",
                "zoom in up to 400% without the text spilling off the screen",
                "use the website on a screen 320 pixels wide without scrolling sideways",
                "navigate the whole website using just a keyboard, and always see where "
                "the keyboard focus is",
                "use the website without JavaScript",
                "listen to the website using a screen reader, such as NVDA, JAWS and "
                "VoiceOver, which also tells you the result when you support an idea or "
                "join a pledge",
            )
            + _p(
                'AbilityNet has <a href="https://mcmw.abilitynet.org.uk/">advice on making '
                "your device easier to use</a> if you have a disability.",
            ),
        ),
        ("heading", "How accessible this website is"),
        (
            "paragraph",
            _p("We know some parts of this website are not fully accessible:")
            + _ul(
                "some older documents attached to goals are PDFs that may not work well "
                "with screen readers",
                "charts are pictures: you cannot move from point to point in a chart with "
                "a keyboard or screen reader, but every chart has a description and the "
                "same figures in a table next to it",
                "the editing screens staff use (the Wagtail content management system) "
                "are made by another organisation; on a narrow screen some of their "
                "headings and menus do not fit",
            ),
        ),
        ("heading", "Feedback and contact information"),
        (
            "paragraph",
            _p(
                "If you need information on this website in a different format, like "
                "accessible PDF, large print, easy read, audio recording or braille:"
            )
            + contact_list
            + _p("We will consider your request and get back to you within 10 working days."),
        ),
        ("heading", "Reporting accessibility problems with this website"),
        (
            "paragraph",
            _p(
                "We are always looking to improve the accessibility of this website. If you "
                "find any problems not listed on this page or think we are not meeting "
                "accessibility requirements, contact us:"
            )
            + contact_list,
        ),
        ("heading", "Enforcement procedure"),
        (
            "paragraph",
            _p(
                "The Equality and Human Rights Commission (EHRC) is responsible for "
                "enforcing the Public Sector Bodies (Websites and Mobile Applications) "
                "(No. 2) Accessibility Regulations 2018 (the ‘accessibility regulations’).",
                "If you are not happy with how we respond to your complaint, contact the "
                '<a href="https://www.equalityadvisoryservice.com/">Equality Advisory and '
                "Support Service (EASS)</a>.",
            ),
        ),
        ("heading", "Technical information about this website’s accessibility"),
        (
            "paragraph",
            _p(
                f"{operator} is committed to making its website accessible, in accordance "
                "with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
                "Accessibility Regulations 2018."
            ),
        ),
        ("heading", "Compliance status"),
        (
            "paragraph",
            _p(
                'This website is partially compliant with the <a href="https://www.w3.org/'
                'TR/WCAG22/">Web Content Accessibility Guidelines version 2.2</a> AA '
                "standard, due to the non-compliances listed below."
            ),
        ),
        ("heading", "Non-accessible content"),
        (
            "paragraph",
            _p("The content listed below is non-accessible for the following reasons.")
            + "<p><b>Non-compliance with the accessibility regulations</b></p>"
            + _p(
                "Some PDF documents attached to goals are not tagged for screen readers. "
                "This fails WCAG 2.2 success criterion 1.3.1 (info and relationships). We "
                f"plan to replace them with accessible web pages by {_day(PDF_FIX_BY)}. New "
                "documents we publish will meet accessibility standards."
            )
            + _p(
                "Until 2 December 2026 the charts of indicator figures and of consultation "
                "activity failed three success criteria: their text shrank to about 6 "
                "pixels on a phone and did not grow when text was enlarged (1.4.4 resize "
                "text); the “Activity over time” chart had no axes, dates or values, so "
                "its meaning was lost to people who could see it but not read the table "
                "(1.1.1 non-text content and 1.3.1 info and relationships); and the "
                "baseline key disappeared with Windows contrast themes (1.4.11 non-text "
                "contrast). We fixed these on 2 December 2026: axis labels are now text "
                "of the page, at least 12 pixels at every width and larger with text "
                "zoom, the activity chart has axes, dates and values, and every key is "
                "drawn in the theme’s own colours. If you still find a chart hard to "
                "read, every figure is in the table beside it; tell us and we will fix "
                "it within 20 working days."
            )
            + "<p><b>Disproportionate burden</b></p>"
            + _p(
                "We are not claiming that fixing any of the content here would be a "
                "disproportionate burden."
            )
            + "<p><b>Content that’s not within the scope of the accessibility regulations</b></p>"
            + _p(
                "PDFs and other documents published before 28 September 2018 that are not "
                "essential to providing our services are not in scope; we will still "
                "provide them in another format if you ask.",
                "Ideas, comments and pledges are written by residents and organisations, "
                "not by us: we moderate them, but we do not rewrite them (for example "
                "into plain English).",
            ),
        ),
        ("heading", "What we’re doing to improve accessibility"),
        (
            "paragraph",
            _p(
                "Every change to the website is tested automatically before it is "
                "released (see below), so the problems we fixed are caught if they come "
                "back. We will replace the PDFs listed above and review this statement "
                "at least once a year."
            ),
        ),
        ("heading", "How we tested this website"),
        (
            "paragraph",
            _p(
                f"This website was last tested on {_day(LAST_TESTED)} against the WCAG 2.2 "
                "AA standard. The test was carried out by the City Goals development "
                "team, and is repeated automatically on every release."
            )
            + _p(
                "We chose the pages to test by following what people do here from start "
                "to finish, rather than by taking a sample: signing up and signing in, "
                "reading goals and their indicators, proposing, supporting and commenting "
                "on ideas, pledging, joining an organisation, downloading open data, "
                "moderating and responding, and the staff screens those journeys use. "
                "Every page those journeys show is tested, signed in and signed out, with "
                "and without JavaScript."
            )
            + _p("On every one of those pages the tests use:")
            + _ul(
                "the Chromium browser, driven by Playwright",
                f"the {AXE} accessibility checker (its WCAG 2.0, 2.1 and 2.2 A and AA "
                "rules, and its rules for heading order, landmarks and scrollable "
                "regions), at 1280 and 320 pixels wide",
                "the Nu Html Checker (the W3C validator), which must find no errors",
                "a keyboard only (Tab, Shift+Tab, Enter and Space), checking that focus is "
                "never lost and always visible, in normal colours and in forced colours "
                "(as with Windows contrast themes)",
                "reflow at 320 pixels wide and at 200% zoom, with nothing cut off",
                "after supporting an idea or joining a pledge without reloading the page, "
                "that focus stays on the button and the result is announced",
            )
            + _p(
                "In November 2026 we also checked the site by hand and with other tools "
                "(the Nu Html Checker, pa11y with HTML_CodeSniffer, and Lighthouse), with "
                "a keyboard, with text zoom and with a Windows contrast theme. That audit "
                "found the chart problems listed above and others (the keyboard focus "
                "was hidden in contrast themes, the result of supporting an idea was not "
                "announced, some HTML was invalid), all fixed on 2 December 2026."
            ),
        ),
        ("heading", "Preparation of this accessibility statement"),
        (
            "paragraph",
            _p(
                f"This statement was prepared on {_day(PREPARED)}. It was last reviewed on "
                f"{_day(LAST_REVIEWED)}."
            ),
        ),
    ]
