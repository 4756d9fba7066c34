"""Journey 4: a resident reports a comment; a moderator hides it with a reason from the
moderation policy; the comment's author sees the reason (on the page and by email)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import STAFF_TOTP_SECRET, emails_to, give_authenticator, sign_in

pytestmark = pytest.mark.browser

MODERATOR_EMAIL = "moderator@lowbridge.example"
MODERATOR_PASSWORD = "lowbridge-demo-moderator"  # published demo password
COMMENT = "The people at 14 Mill Lane never cut their hedge, go and tell them."
REASON = "Shares someone's personal information"


def test_a_moderator_hides_a_reported_comment_and_its_author_sees_why(browse):
    from accounts.models import User
    from tests.factories import (
        CommentFactory,
        ProposalFactory,
        VerifiedUserFactory,
        make_consultation,
    )

    consultation = make_consultation("Streets for people", slug="streets-for-people")
    proposal = ProposalFactory(consultation=consultation, title="Plant more street trees")
    chris = VerifiedUserFactory(display_name="Chris Hall", email="chris@example.org")
    comment = CommentFactory(proposal=proposal, author=chris, body=COMMENT)

    # A resident reports the comment.
    reporter = browse(user=VerifiedUserFactory(display_name="Dee"))
    page = reporter.page
    reporter.visit(proposal.get_absolute_url())
    reporter.click(
        page.get_by_role("link", name="Report the comment by Chris Hall"), navigates=True
    )
    reporter.check()
    reporter.tick(page.get_by_label(REASON))
    reporter.fill(
        page.get_by_label("Anything else a moderator should know (optional)"),
        "It names a neighbour's house.",
    )
    reporter.click(page.get_by_role("button", name="Send the report"), navigates=True)
    reporter.check()
    expect(page.get_by_text("A moderator will look at what you reported.")).to_be_visible()

    # The moderator signs in with their authenticator and works the queue.
    moderator_user = User.objects.get(email=MODERATOR_EMAIL)
    give_authenticator(moderator_user)
    moderator = browse()
    sign_in(moderator, MODERATOR_EMAIL, MODERATOR_PASSWORD, totp_secret=STAFF_TOTP_SECRET)
    admin = moderator.page
    moderator.visit("/admin/consultations/moderation/")
    row = admin.get_by_role("row").filter(has_text=COMMENT[:40])
    moderator.click(row.get_by_role("link", name="Review"), navigates=True)
    moderator.check()
    moderator.tick(admin.get_by_label("Hidden", exact=True))
    moderator.tick(admin.get_by_label(REASON))
    moderator.fill(
        admin.get_by_label("Note to the author (optional)"),
        "Please do not post where people live.",
    )
    moderator.click(admin.get_by_role("button", name="Save decision"), navigates=True)
    moderator.check()
    expect(admin.get_by_text("Done. The author will be emailed.")).to_be_visible()
    comment.refresh_from_db()
    assert comment.moderation_state == "hidden"

    # Others see that a comment was hidden, and why, but not the comment.
    reporter.visit(proposal.get_absolute_url())
    expect(page.get_by_text(f"Hidden by a moderator: {REASON}", exact=False)).to_be_visible()
    expect(page.get_by_text(COMMENT)).to_have_count(0)

    # The author is emailed the reason, and sees it next to their comment.
    assert any(REASON in message.body for message in emails_to("chris@example.org"))
    author = browse(user=chris)
    author.visit(proposal.get_absolute_url())
    hidden = author.page.locator("article").filter(has_text=COMMENT)
    expect(
        hidden.get_by_text(re.compile(f"Hidden by a moderator: {re.escape(REASON)}"))
    ).to_be_visible()
