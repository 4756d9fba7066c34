"""Journey 5: the convenor answers the ideas of a consultation and publishes its
"you said, we did" page; an idea's author reads the answer."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import STAFF_TOTP_SECRET, emails_to, give_authenticator, sign_in

pytestmark = pytest.mark.browser

CONVENOR_EMAIL = "convenor@lowbridge.example"
CONVENOR_PASSWORD = "lowbridge-demo-convenor"  # published demo password
ANSWER = "We will build a pilot lane on Station Road in the spring."


def test_a_convenor_responds_and_publishes_and_the_author_sees_the_response(browse):
    from accounts.models import User
    from consultations.models import ConsultationResponsePage, Proposal
    from tests.factories import ProposalFactory, VerifiedUserFactory, make_consultation

    consultation = make_consultation("Cycling to school", slug="cycling-to-school")
    # Nia asked to hear "as it happens" (the default is a daily digest).
    nia = VerifiedUserFactory(
        display_name="Nia Evans",
        email="nia@example.org",
        digest_frequency=User.DigestFrequency.IMMEDIATELY,
    )
    idea = ProposalFactory(
        consultation=consultation, author=nia, title="Bike lanes to every school"
    )
    ProposalFactory(consultation=consultation, title="Secure bike sheds at schools")

    give_authenticator(User.objects.get(email=CONVENOR_EMAIL))
    convenor = browse()
    sign_in(convenor, CONVENOR_EMAIL, CONVENOR_PASSWORD, totp_secret=STAFF_TOTP_SECRET)
    admin = convenor.page

    # The convenor answers the idea.
    convenor.visit("/admin/consultations/responses/")
    convenor.click(admin.get_by_role("link", name=consultation.title), navigates=True)
    convenor.check()
    row = admin.get_by_role("row").filter(has_text=idea.title)
    convenor.click(row.get_by_role("link", name="Respond"), navigates=True)
    convenor.check()
    admin.get_by_label("Official status").select_option(label="Adopted")
    convenor.fill(admin.get_by_label("Response"), ANSWER)
    convenor.click(admin.get_by_role("button", name="Save and tell people"), navigates=True)
    convenor.check()
    idea.refresh_from_db()
    assert idea.status == Proposal.Status.ADOPTED

    # … and writes and publishes the "you said, we did" page.
    convenor.visit(f"/admin/consultations/responses/{consultation.pk}/")
    convenor.click(
        admin.get_by_role("link", name="Write the response page (you said, we did)"),
        navigates=True,
    )
    convenor.check()
    convenor.fill(
        admin.get_by_label(re.compile("^Title")).first, "You said, we did: cycling to school"
    )
    # Draftail's textbox has no name of its own (a known Wagtail issue): find it in the
    # Summary panel.
    summary = admin.get_by_role("region", name=re.compile("^Summary")).get_by_role("textbox")
    summary.click()
    admin.keyboard.type("You sent 2 ideas. We adopted the bike lanes.")
    convenor.check("response page editor")
    admin.get_by_role("button", name="More actions").click()
    convenor.click(admin.get_by_role("button", name="Publish"), navigates=True)
    convenor.check()
    response_page = ConsultationResponsePage.objects.child_of(consultation).get()
    assert response_page.live

    # The author is told, and reads the answer on their idea and on the response page.
    assert any(ANSWER in message.body for message in emails_to("nia@example.org"))
    author = browse(user=nia)
    author.visit(idea.get_absolute_url())
    expect(author.page.get_by_text("Adopted").first).to_be_visible()
    expect(author.page.get_by_text(ANSWER)).to_be_visible()
    author.visit(consultation.url)
    author.click(
        author.page.get_by_role("link", name="Read the response: you said, we did"),
        navigates=True,
    )
    author.check()
    expect(author.page.get_by_role("heading", level=1)).to_have_text(
        "You said, we did: cycling to school"
    )
    expect(author.page.get_by_text("Bike lanes to every school").first).to_be_visible()
