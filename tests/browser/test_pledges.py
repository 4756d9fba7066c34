"""Pledge journeys in Chromium, every page checked with axe (and for reflow and zoom)."""

from playwright.sync_api import expect

from accounts.models import User
from pledges.models import Pledge

RESIDENT = "resident@lowbridge.example"
MEMBER = "member@lowbridge.example"


def test_a_visitor_reads_the_pledge_walls(browse):
    visitor = browse(js=False)
    visitor.visit("/goals/clean-air-for-every-street/")
    expect(visitor.page.get_by_role("link", name="Make a pledge")).to_be_visible()
    visitor.visit("/pledges/")
    expect(visitor.page.get_by_role("heading", level=1, name="Pledges")).to_be_visible()
    expect(visitor.page.locator(".pledge-card").get_by_text("Overdue").first).to_be_visible()
    visitor.page.get_by_label("Status").select_option("met")
    visitor.page.get_by_role("button", name="Show").click()
    visitor.check("pledges-met")
    statuses = visitor.page.locator(".pledge-card .pledge-status--met")
    expect(statuses.first).to_have_text("Met")
    expect(visitor.page.locator(".pledge-status--missed")).to_have_count(0)
    lapsed = Pledge.objects.get(condition=Pledge.Condition.LAPSED)
    visitor.visit(lapsed.get_absolute_url())
    expect(visitor.page.get_by_text("Did not go ahead")).to_be_visible()
    visitor.visit("/pledges/organisation/lowbridge-cycle-hub/")
    visitor.visit("/goals/")


def test_a_resident_joins_a_conditional_pledge_in_place(browse):
    pledge = Pledge.objects.get(condition=Pledge.Condition.OPEN)
    resident = browse(js=True, user=User.objects.get(email=RESIDENT))
    resident.visit(pledge.get_absolute_url())
    resident.page.get_by_role("button", name="Join this pledge").click()
    expect(resident.page.get_by_text("You have joined this pledge.")).to_be_visible()
    expect(resident.page.get_by_role("status").first).to_contain_text("You joined")
    resident.check("joined")
    pledge.refresh_from_db()
    assert pledge.join_count == 7
    resident.page.get_by_role("button", name="Leave this pledge").click()
    expect(resident.page.get_by_role("button", name="Join this pledge")).to_be_visible()
    resident.check("left")


def test_a_member_pledges_for_their_organisation_without_javascript(browse):
    member = browse(js=False, user=User.objects.get(email=MEMBER))
    member.visit("/goals/a-greener-city/")
    member.page.get_by_role("link", name="Make a pledge").click()
    member.check("form")
    member.page.get_by_role("button", name="Make this pledge").click()
    member.check("errors")
    expect(member.page.get_by_role("alert")).to_contain_text("There is a problem")
    member.page.get_by_label("What will you do?").fill(
        "We will plant 30 fruit trees along the canal towpath."
    )
    member.page.get_by_label("Lowbridge Cycle Hub").check()
    member.page.get_by_role("button", name="Make this pledge").click()
    member.check("made")
    expect(member.page.get_by_role("heading", level=1)).to_have_text(
        "Pledge by Lowbridge Cycle Hub"
    )
    member.page.get_by_role("link", name="Report progress").click()
    member.check("update-form")
    member.page.get_by_label("What has happened?").fill("Twelve trees are in.")
    member.page.get_by_role("button", name="Post update").click()
    member.check("updated")
    expect(member.page.get_by_text("Twelve trees are in.")).to_be_visible()
