"""Journey 7: a person downloads their data, then deletes their account; what they wrote
stays, under "a former participant"."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories.accounts import DEFAULT_PASSWORD

pytestmark = pytest.mark.browser


def test_a_person_downloads_their_data_and_deletes_their_account(browse):
    from accounts.models import User
    from tests.factories import (
        CommentFactory,
        ProposalFactory,
        VerifiedUserFactory,
        make_consultation,
    )

    consultation = make_consultation("Parks for everyone", slug="parks-for-everyone")
    robin = VerifiedUserFactory(display_name="Robin Ash", email="robin@example.org")
    idea = ProposalFactory(consultation=consultation, author=robin, title="Open the lido again")
    CommentFactory(proposal=idea, author=robin, body="Summer only would be fine.")

    person = browse(user=robin)
    page = person.page
    person.visit("/")
    person.click(page.get_by_role("link", name="Your account"), navigates=True)
    person.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

    # Download: a JSON file of everything held about them.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your data").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".json")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    dumped = json.dumps(data)
    assert "robin@example.org" in dumped
    assert "Open the lido again" in dumped
    assert "Summer only would be fine." in dumped
    person.check()  # still on the account page

    # Delete: the password and an explicit confirmation are needed.
    person.click(page.get_by_role("link", name="Delete your account"), navigates=True)
    person.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    person.click(page.get_by_role("button", name="Delete my account"), navigates=True)
    person.check()
    expect(page.get_by_role("alert")).to_be_visible()  # the error summary
    assert User.objects.filter(email="robin@example.org").exists()

    person.fill(page.get_by_label("Your password"), DEFAULT_PASSWORD)
    person.tick(page.get_by_label("I understand that this cannot be undone"))
    person.click(page.get_by_role("button", name="Delete my account"), navigates=True)
    person.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account has been deleted")
    assert not User.objects.filter(email="robin@example.org").exists()

    # The public record stays, without their name.
    person.visit(idea.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Open the lido again")
    expect(page.get_by_text("Proposed by a former participant")).to_be_visible()
    expect(page.get_by_text("Robin Ash")).to_have_count(0)
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
