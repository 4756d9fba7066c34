"""What the accessibility audit (issue 20) found, checked where a browser is not needed:
the page shell (description, favicon, messages and the live region inside <main>), the
sign-up form without the browser's own validation, ``datetime`` values, the htmx fragments'
announcements and data-hx-* attributes, the activity chart's axes, and the statement."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from consultations import selectors
from core.templatetags.html_dates import html_datetime
from home.models import SiteBranding, StandardPage
from home.statements import accessibility_statement_blocks
from tests.factories import ProposalFactory, make_consultation

pytestmark = pytest.mark.django_db


def test_every_page_has_a_description_and_a_favicon_that_exists(client, home_page):
    html = client.get("/").content.decode()
    description = re.search(r'<meta name="description" content="([^"]+)">', html)
    assert description and "City Goals" in description.group(1)
    icon = re.search(r'<link rel="icon" href="/static/([^"]+)"', html)
    assert icon and finders.find(icon.group(1)), html[:2000]


def test_a_page_description_comes_from_its_search_description(client, home_page):
    page = home_page.add_child(
        instance=StandardPage(title="About", slug="about", search_description="Who we are.")
    )
    page.save_revision().publish()
    html = client.get("/about/").content.decode()
    assert '<meta name="description" content="Who we are.">' in html


def test_messages_and_the_live_region_are_inside_main(client, home_page, resident):
    consultation = make_consultation(supports_per_person=1)
    first, second = ProposalFactory.create_batch(2, consultation=consultation)
    client.force_login(resident)
    client.post(reverse("consultations:support", args=[first.pk]))
    # Over the budget: said as a message on the page the person comes back to.
    response = client.post(reverse("consultations:support", args=[second.pk]), follow=True)
    html = response.content.decode()
    assert "used all 1" in html
    main = html[html.index("<main") : html.index("</main>")]
    assert 'class="messages"' in main and "used all 1" in main
    assert '<div id="live-status"' in main and 'aria-live="polite"' in main
    assert "js/updates.js" in html


def test_sign_up_is_validated_by_the_site_not_the_browser(client, home_page):
    html = client.get(reverse("account_signup")).content.decode()
    form = re.search(r"<form[^>]*>", html[html.index("<main") :]).group(0)
    assert "novalidate" in form
    response = client.post(reverse("account_signup"), {})
    assert b"There is a problem" in response.content


def test_datetime_attributes_have_no_microseconds():
    moment = datetime(2026, 5, 1, 9, 30, 15, 123456, tzinfo=UTC)
    assert html_datetime(moment) == "2026-05-01T09:30:15Z"
    london = moment.astimezone(timezone.get_fixed_timezone(60))
    assert html_datetime(london) == "2026-05-01T09:30:15Z"
    assert html_datetime(date(2026, 5, 1)) == "2026-05-01"
    assert html_datetime(None) == ""


def test_the_support_fragment_carries_its_announcement(client, home_page, resident):
    proposal = ProposalFactory(consultation=make_consultation())
    client.force_login(resident)
    html = client.post(
        reverse("consultations:support", args=[proposal.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'data-announce="You support this idea. 1 support."' in html
    assert " hx-post=" not in html and "data-hx-post=" in html
    html = client.post(
        reverse("consultations:unsupport", args=[proposal.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'data-announce="You no longer support this idea. 0 supports."' in html
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "data-announce" not in page  # only an update is announced


def test_the_activity_chart_has_axes_with_values_and_dates(home_page):
    consultation = make_consultation()
    start = timezone.now() - timedelta(days=10)
    for days, count in ((0, 1), (4, 3), (9, 6)):
        for _ in range(count):
            proposal = ProposalFactory(consultation=consultation)
            type(proposal).objects.filter(pk=proposal.pk).update(
                created_at=start + timedelta(days=days)
            )
    chart = selectors._participation_summary(consultation)["chart"]
    values = [tick["value"] for tick in chart["y_labels"]]
    assert values == [0, 3, 6]
    tops = [tick["top"] for tick in chart["y_labels"]]
    assert tops == [100, 56, 12]  # whole percent (12.5 rounds to even), placed by class
    days = [tick["day"] for tick in chart["x_labels"]]
    assert days[0] == chart["bars"][0]["day"] and days[-1] == chart["bars"][-1]["day"]
    assert [tick["align"] for tick in chart["x_labels"]] == ["start", "middle", "end"]


def test_the_statement_follows_the_model_and_gives_two_ways_to_contact(home_page):
    blocks = accessibility_statement_blocks("Wyreford", "access@wyreford.example", "01632 960 999")
    headings = [value for kind, value in blocks if kind == "heading"]
    for heading in (
        "Feedback and contact information",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "How we tested this website",
        "Preparation of this accessibility statement",
    ):
        assert heading in headings
    text = " ".join(value for kind, value in blocks if kind == "paragraph")
    for words in (
        "Disproportionate burden",
        "not within the scope",
        "1.4.4",
        "1.4.11",
        "Nu Html Checker",
        "forced colours",
        "320 pixels",
        "We chose the pages to test",
        "call 01632 960 999",
        "mailto:access@wyreford.example",
        "Wyreford City Council",
        "last reviewed on 2 December 2026",
    ):
        assert words in text, words
    branding = SiteBranding.for_site(home_page.get_site())
    assert branding  # the statement needs no setting of its own
