"""Journey 1: a resident signs up, verifies their email, proposes, supports, comments, follows.

The same journey runs three ways, to the same outcome:

- with a pointer and JavaScript (htmx swaps the support button in place);
- with JavaScript disabled (journey 8: every action is a plain form post and a redirect);
- with the keyboard alone (Tab, Shift+Tab, Enter, Space), checking that focus is always
  visible, never lost and never trapped.

Every page the resident sees is checked with axe (WCAG 2.2 A/AA), at 320 px and 200% zoom,
and photographed at desktop and phone widths.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import link_in_email

pytestmark = pytest.mark.browser

EMAIL = "sam.resident@example.org"
PASSWORD = "a long walk by the Wyre 2038"


@pytest.fixture
def consultation(demo_city):
    """An open consultation in which each person may support two ideas, with three ideas
    from other residents already in it."""
    from tests.factories import ProposalFactory, make_consultation

    page = make_consultation(
        "Your ideas for walking and cycling",
        slug="getting-around-journey",
        question="What would help you walk and cycle more?",
        supports_per_person=2,
    )
    for title in (
        "Protected cycle lanes on the ring road",
        "Safer crossings outside schools",
        "More benches along the river path",
    ):
        ProposalFactory(consultation=page, title=title)
    return page


def support_button(page, title, *, withdraw=False):
    # The button reads "Support", with the idea's title for screen readers.
    verb = "Withdraw my support" if withdraw else "Support"
    return page.get_by_role("button", name=re.compile(rf"^{verb}\s*:\s*{re.escape(title)}$"))


def resident_journey(person, consultation):
    page = person.page

    # The home page: the resident finds how to sign up.
    person.visit("/")
    person.click(page.get_by_role("link", name="Create an account"), navigates=True)
    person.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")

    # Sign up.
    person.fill(page.get_by_label("Email address"), EMAIL)
    person.fill(page.get_by_label("Display name"), "Sam from Riverside")
    person.fill(page.get_by_label("Password", exact=True), PASSWORD)
    person.fill(page.get_by_label("Confirm password"), PASSWORD)
    person.click(page.get_by_role("button", name="Create an account"), navigates=True)
    person.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    # Open the link from the email and confirm.
    person.visit(link_in_email(EMAIL, "/confirm-email/"))
    person.click(page.get_by_role("button", name=re.compile("^Confirm", re.I)), navigates=True)
    person.check()

    # Find the open consultation from the home page.
    person.visit("/")
    person.click(page.get_by_role("link", name=consultation.title), navigates=True)
    person.check()
    expect(page.get_by_role("heading", level=1)).to_have_text(consultation.title)
    expect(page.get_by_text("Each person may support up to 2 ideas.")).to_be_visible()

    # Propose an idea.
    person.click(page.get_by_role("link", name="Propose an idea"), navigates=True)
    person.check()
    person.fill(page.get_by_label("Title"), "A cycle hire scheme at the station")
    person.fill(
        page.get_by_label("Your idea", exact=True),
        "Bikes to hire by the hour at Lowbridge station, so visitors can ride into town.",
    )
    person.click(page.get_by_role("button", name="Publish my idea"), navigates=True)
    person.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("A cycle hire scheme at the station")
    expect(page.get_by_text("Proposed by Sam from Riverside")).to_be_visible()

    # Support two ideas.
    for title in ("Protected cycle lanes on the ring road", "Safer crossings outside schools"):
        person.click(page.get_by_role("link", name="Back to all ideas"), navigates=True)
        person.check()
        person.click(page.get_by_role("link", name=title), navigates=True)
        person.check()
        person.click(support_button(page, title))
        expect(page.get_by_text("You support this idea.", exact=True)).to_be_visible()
        expect(page.get_by_text("1 support", exact=True)).to_be_visible()
        person.check()

    # A third support is over the budget: the resident is told why.
    person.click(page.get_by_role("link", name="Back to all ideas"), navigates=True)
    person.check()
    third = "More benches along the river path"
    person.click(page.get_by_role("link", name=third), navigates=True)
    person.check()
    person.click(support_button(page, third))
    # With JavaScript the answer replaces the button; without, it is the page's message
    # after the redirect, at the top of the page.
    expect(
        page.locator(".cg-support, .messages")
        .get_by_text("You have used all 2 of your supports")
        .first
    ).to_be_visible()
    expect(page.get_by_text("You support this idea.", exact=True)).not_to_be_visible()
    person.check()

    # Withdraw one support (the resident goes back to the second idea).
    person.click(page.get_by_role("link", name="Back to all ideas"), navigates=True)
    person.check()
    second = "Safer crossings outside schools"
    person.click(page.get_by_role("link", name=second), navigates=True)
    person.check()
    person.click(support_button(page, second, withdraw=True))
    expect(support_button(page, second)).to_be_visible()
    expect(page.get_by_text("0 supports", exact=True)).to_be_visible()
    person.check()

    # Comment on it.
    person.fill(page.get_by_label("Your comment"), "Yes please, especially on Mill Lane.")
    person.click(page.get_by_role("button", name="Post comment"), navigates=True)
    person.check()
    expect(page.get_by_text("Yes please, especially on Mill Lane.")).to_be_visible()
    expect(page.get_by_role("heading", name="1 comment")).to_be_visible()

    # Follow the consultation.
    person.visit(consultation.url)
    person.click(
        page.get_by_role("button", name="Follow: email me when a phase opens"), navigates=True
    )
    person.check()
    expect(page.get_by_role("button", name="Stop following")).to_be_visible()


def assert_outcome(consultation):
    """The same outcome, however the resident got there."""
    from accounts.models import User
    from consultations.models import Comment, Proposal, Support

    resident = User.objects.get(email=EMAIL)
    assert resident.emailaddress_set.get(email=EMAIL).verified
    assert Proposal.objects.filter(author=resident, consultation=consultation).count() == 1
    supported = Support.objects.filter(user=resident).values_list("proposal__title", flat=True)
    assert list(supported) == ["Protected cycle lanes on the ring road"]
    assert Comment.objects.filter(author=resident).count() == 1
    assert resident.follows.filter(page_id=consultation.pk).exists()


def test_a_resident_takes_part_in_a_consultation(browse, consultation):
    resident = browse()
    resident_journey(resident, consultation)
    assert_outcome(consultation)


def test_a_resident_takes_part_without_javascript(browse, consultation):
    resident = browse(js=False)
    resident_journey(resident, consultation)
    assert_outcome(consultation)


def test_a_resident_takes_part_with_the_keyboard_alone(browse, consultation):
    resident = browse(keyboard_only=True)
    resident_journey(resident, consultation)
    assert_outcome(consultation)
