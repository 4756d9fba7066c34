"""Every in-page update (htmx) keeps keyboard focus on the updated control and is
announced in the page's polite live region, whether the control is pressed with Enter or
with Space: supporting an idea and withdrawing the support, joining a pledge and leaving
it. (The checker itself is shown to fail without the site's script or live region in
test_accessibility_checkers.py.)"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.updates import use_update

pytestmark = pytest.mark.browser

KEYS = ["Enter", "Space"]


@pytest.mark.parametrize(("key", "where"), [("Enter", "idea"), ("Space", "list of ideas")])
def test_supporting_and_withdrawing_keep_focus_and_are_announced(browse, key, where):
    from tests.factories import ProposalFactory, VerifiedUserFactory, make_consultation

    consultation = make_consultation("Your ideas for the river path", slug="river-path-ideas")
    idea = ProposalFactory(consultation=consultation, title="More benches along the river")
    person = browse(user=VerifiedUserFactory(display_name="Ash"), keyboard_only=True)
    page = person.page
    if where == "idea":
        person.visit(idea.get_absolute_url())
    else:
        person.visit(f"/take-part/{consultation.pk}/ideas/")
    widget = f"#support-{idea.pk}"
    title = re.escape(idea.title)

    support = page.get_by_role("button", name=re.compile(rf"^Support\s*:\s*{title}$"))
    state = use_update(
        page, support, key, widget=widget, announcement="You support this idea. 1 support."
    )
    assert state["focused"].startswith("<button> Withdraw my support"), state
    expect(page.locator(widget).get_by_text("You support this idea.")).to_be_visible()
    person.check("supported")

    withdraw = page.get_by_role("button", name=re.compile(rf"^Withdraw my support\s*:\s*{title}$"))
    state = use_update(
        page,
        withdraw,
        key,
        widget=widget,
        announcement="You no longer support this idea. 0 supports.",
    )
    assert state["focused"].startswith("<button> Support"), state
    person.check("withdrawn")


@pytest.mark.parametrize("key", KEYS)
def test_joining_and_leaving_a_pledge_keep_focus_and_are_announced(browse, key):
    from pledges.models import Pledge
    from tests.factories import VerifiedUserFactory

    pledge = Pledge.objects.filter(condition=Pledge.Condition.OPEN).first()
    Pledge.objects.filter(pk=pledge.pk).update(threshold=pledge.join_count + 5)
    person = browse(user=VerifiedUserFactory(display_name="Kit"), keyboard_only=True)
    page = person.page
    person.visit(pledge.get_absolute_url())
    widget = f"#pledge-join-{pledge.pk}"

    join = page.locator(widget).get_by_role("button", name=re.compile(r"^Join this pledge"))
    state = use_update(page, join, key, widget=widget, announcement="You joined this pledge.")
    assert state["focused"].startswith("<button> Leave this pledge"), state
    person.check("joined")

    leave = page.locator(widget).get_by_role("button", name=re.compile(r"^Leave this pledge"))
    state = use_update(page, leave, key, widget=widget, announcement="You have left this pledge.")
    assert state["focused"].startswith("<button> Join this pledge"), state
    person.check("left")
