"""Journey: an organisation's admin makes a commitment from an adopted idea, naming a
partner; the partner accepts it, so it shows as joint; the idea's author sees it on
their idea's page and in their digest."""

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LEAD = "Riverside Residents' Association"
LEAD_ADMIN = "maureen.hale@lowbridge.example"  # the demo's admin of the association
PARTNER = "Lowbridge City Council"
PARTNER_ADMIN = "convenor@lowbridge.example"  # also an admin of the council in the demo
IDEA = "A damp and mould hotline"
TITLE = "We will train 20 volunteers to visit homes with damp"


def test_a_commitment_from_an_idea_is_accepted_and_its_author_hears(browse):
    from accounts import digest
    from accounts.models import User
    from commitments.models import Commitment
    from consultations.models import Proposal

    idea = Proposal.objects.get(title=IDEA)
    admin = browse(user=User.objects.get(email=LEAD_ADMIN))
    page = admin.page
    admin.visit(f"/commitments/new/?from={idea.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a commitment")
    expect(page.get_by_label("Adopted ideas behind it")).to_have_values([str(idea.pk)])
    admin.fill(page.get_by_label("What will be done?"), TITLE)
    page.get_by_label("Towards which goal?").select_option(label="A warm, dry home for everyone")
    page.get_by_label("Lead organisation").select_option(label=LEAD)
    page.get_by_label("Partner organisations").select_option(label=PARTNER)
    admin.fill(page.get_by_label("Due by"), "2030-06-30")
    admin.click(page.get_by_role("button", name="Make this commitment"), navigates=True)
    admin.check()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("awaiting its acceptance")).to_be_visible()
    commitment = Commitment.objects.get(title=TITLE)
    assert not commitment.is_joint

    partner = browse(user=User.objects.get(email=PARTNER_ADMIN))
    partner.visit(commitment.get_absolute_url())
    partner.click(
        partner.page.get_by_role("button", name="Accept for my organisation"), navigates=True
    )
    partner.check()
    expect(partner.page.get_by_text("A joint commitment")).to_be_visible()
    assert Commitment.objects.get(pk=commitment.pk).is_joint

    author = browse(user=idea.author)
    author.visit(idea.get_absolute_url())
    trail = author.page.get_by_role("region", name="What happened to this idea")
    expect(trail.get_by_role("link", name=TITLE)).to_be_visible()

    mail.outbox.clear()
    digest.send_digests()
    mine = [m for m in mail.outbox if m.to == [idea.author.email]]
    assert len(mine) == 1 and TITLE in mine[0].body
