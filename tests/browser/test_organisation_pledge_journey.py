"""Journey 2: a community group member joins an organisation, its admin approves, the
member pledges on the organisation's behalf and later reports the pledge met."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ORGANISATION = "Riverside Residents' Association"
ADMIN_EMAIL = "maureen.hale@lowbridge.example"  # the demo's admin of the association
GOAL = "Clean air for every street"
PLEDGE = "We will run a monthly car-free Sunday on Riverside Road."


def test_a_member_joins_an_organisation_and_pledges_on_its_behalf(browse):
    from accounts.models import User
    from organisations.models import Membership
    from pledges.models import Pledge
    from tests.factories import VerifiedUserFactory

    alex = VerifiedUserFactory(display_name="Alex Morgan")
    member = browse(user=alex)
    page = member.page

    # The member finds the association and asks to join.
    member.visit("/organisations/")
    member.click(page.get_by_role("link", name=ORGANISATION), navigates=True)
    member.check()
    expect(page.get_by_role("heading", level=1)).to_have_text(ORGANISATION)
    member.click(page.get_by_role("button", name=f"Ask to join {ORGANISATION}"), navigates=True)
    member.check()
    expect(page.get_by_text("You have asked to join.")).to_be_visible()

    # The association's admin approves the request.
    admin = browse(user=User.objects.get(email=ADMIN_EMAIL))
    admin.visit("/organisations/mine/")
    admin.click(
        admin.page.get_by_role("link", name=f"Manage members of {ORGANISATION}"), navigates=True
    )
    admin.check()
    requests = admin.page.get_by_role("region", name=re.compile("request", re.I))
    expect(requests.get_by_role("rowheader", name="Alex Morgan")).to_be_visible()
    admin.click(admin.page.get_by_role("button", name="Approve Alex Morgan"), navigates=True)
    admin.check()
    membership = Membership.objects.get(user=alex, organisation__name=ORGANISATION)
    assert membership.status == Membership.Status.ACTIVE

    # The member sees they are a member now, and pledges for the association.
    member.visit("/organisations/mine/")
    expect(page.get_by_role("link", name=ORGANISATION)).to_be_visible()
    member.visit("/goals/")
    member.click(page.get_by_role("link", name=GOAL).first, navigates=True)
    member.check()
    member.click(page.get_by_role("link", name="Make a pledge").first, navigates=True)
    member.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a pledge")
    member.fill(page.get_by_label("What will you do?"), PLEDGE)
    member.tick(page.get_by_label(ORGANISATION))
    member.click(page.get_by_role("button", name="Make this pledge"), navigates=True)
    member.check()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pledge by {ORGANISATION}")
    expect(page.get_by_text(PLEDGE)).to_be_visible()
    pledge = Pledge.objects.get(text=PLEDGE)
    assert pledge.organisation.name == ORGANISATION
    assert pledge.status == Pledge.Status.ACTIVE

    # Later: the member reports it met.
    member.visit(pledge.get_absolute_url())
    member.click(page.get_by_role("link", name="Report progress"), navigates=True)
    member.check()
    member.fill(
        page.get_by_label("What has happened?"),
        "Six car-free Sundays so far, with a street party in August.",
    )
    member.tick(page.get_by_label("Met", exact=True))
    member.click(page.get_by_role("button", name="Post update"), navigates=True)
    member.check()
    expect(page.get_by_text("Six car-free Sundays so far")).to_be_visible()
    expect(page.get_by_text("Met", exact=True).first).to_be_visible()
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.MET

    # Anyone can see the outcome on the association's pledge wall.
    visitor = browse()
    visitor.visit(f"/pledges/organisation/{pledge.organisation.slug}/")
    card = visitor.page.get_by_role("article").filter(has_text="car-free Sunday")
    expect(card.get_by_role("link", name=ORGANISATION)).to_be_visible()
    expect(card.get_by_text("Met", exact=True)).to_be_visible()
