"""Journey 3: a person joins a conditional pledge ("if N others join me"), which then
succeeds when one more person joins; everyone who joined is told by email."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import emails_to, link_in_email

pytestmark = pytest.mark.browser


def join_button(page):
    return page.get_by_role("button", name=re.compile(r"^Join this pledge"))


def test_a_person_joins_a_conditional_pledge_that_then_succeeds(browse):
    from pledges.models import Pledge
    from tests.factories import VerifiedUserFactory

    # The demo's conditional pledge, two joins short of going ahead.
    pledge = Pledge.objects.filter(condition=Pledge.Condition.OPEN).select_related("goal").first()
    Pledge.objects.filter(pk=pledge.pk).update(threshold=pledge.join_count + 2)
    pledge.refresh_from_db()
    needed = pledge.threshold

    kim = VerifiedUserFactory(display_name="Kim Lee", email="kim@example.org")
    person = browse(user=kim)
    page = person.page

    # Kim finds the pledge on its goal's pledge wall and opens it.
    person.visit(f"/pledges/goal/{pledge.goal.slug}/")
    card = page.get_by_role("article").filter(has_text=pledge.text[:60])
    person.click(card.get_by_role("link").first, navigates=True)
    person.check()
    expect(page.get_by_text(f"{needed - 2} of {needed} people have joined")).to_be_visible()

    # Kim joins: the pledge still waits for one more.
    person.click(join_button(page))
    expect(page.get_by_text("You have joined this pledge.")).to_be_visible()
    expect(page.get_by_text(f"{needed - 1} of {needed} people have joined")).to_be_visible()
    person.check()

    # One more person joins (without JavaScript): that makes it.
    other = browse(js=False, user=VerifiedUserFactory(display_name="Ola"))
    other.visit(pledge.get_absolute_url())
    other.click(join_button(other.page), navigates=True)
    other.check()
    expect(other.page.get_by_text("that made it: the pledge is on!")).to_be_visible()
    pledge.refresh_from_db()
    assert pledge.condition == Pledge.Condition.SUCCEEDED

    # Kim is told by email, and the pledge page says it goes ahead.
    assert emails_to("kim@example.org"), "Kim was not emailed that the pledge is on"
    person.visit(link_in_email("kim@example.org", pledge.get_absolute_url()))
    expect(page.get_by_text(f"{needed} people joined.")).to_be_visible()
    expect(page.get_by_text("You have joined this pledge.")).to_be_visible()
    expect(join_button(page)).to_have_count(0)
