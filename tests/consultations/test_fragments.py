"""Comments and proposal cards are rendered once and kept (consultations/fragments.py);
what each reader sees must still be exactly right, whatever was kept before."""

import re
from unittest.mock import patch

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse

from consultations import fragments, services
from consultations.models import Proposal, Report
from tests.factories import ProposalFactory, VerifiedUserFactory
from tests.mfa import sign_in_to_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(consultation):
    proposal = ProposalFactory(consultation=consultation)
    author = VerifiedUserFactory(display_name="Sam from Riverside")
    comment = services.add_comment(author, proposal, body="Plant trees on Mill Lane")
    return proposal, author, comment


def _page(client, proposal):
    response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_rename_and_an_edit_show_at_once(client, thread, django_capture_on_commit_callbacks):
    proposal, author, comment = thread
    assert "Sam from Riverside" in _page(client, proposal)
    with django_capture_on_commit_callbacks(execute=True):  # committed, as in production
        author.display_name = "Sam Okafor"
        author.save(update_fields=["display_name"])
        services.edit_comment(author, comment, body="Plant oaks on Mill Lane")
    content = _page(client, proposal)
    assert "Sam Okafor" in content and "Plant oaks on Mill Lane" in content
    assert "Sam from Riverside" not in content and "Plant trees" not in content


def test_each_reader_gets_their_own_links_and_hidden_text(
    client, thread, moderator, resident, django_capture_on_commit_callbacks
):
    proposal, author, comment = thread
    report_link = reverse("consultations:report_comment", kwargs={"pk": comment.pk})
    edit_link = reverse("consultations:edit_comment", kwargs={"pk": comment.pk})
    content = _page(client, proposal)
    assert report_link not in content and edit_link not in content
    client.force_login(resident)
    content = _page(client, proposal)
    assert report_link in content and edit_link not in content
    client.force_login(author)
    content = _page(client, proposal)
    assert edit_link in content and report_link not in content

    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(moderator, comment, action="hide", reason=Report.Reason.ABUSIVE)
    client.force_login(resident)
    assert "Plant trees on Mill Lane" not in _page(client, proposal)
    client.force_login(author)
    assert "Plant trees on Mill Lane" in _page(client, proposal)
    sign_in_to_admin(client, moderator)  # staff powers need the second factor
    assert "Plant trees on Mill Lane" in _page(client, proposal)
    client.logout()
    content = _page(client, proposal)
    assert "Hidden by a moderator" in content and "Plant trees on Mill Lane" not in content


def test_a_thread_is_rendered_once_per_kind_of_reader(client, thread, resident):
    proposal, _author, _comment = thread
    services.add_comment(resident, proposal, body="And on Station Road")
    cache.clear()
    with patch.object(fragments, "render_to_string", wraps=render_to_string) as render:
        _page(client, proposal)
        assert render.call_count == 3  # two comments, then the page of the thread
        _page(client, proposal)
        assert render.call_count == 3


def test_a_card_shows_a_new_title_and_comment_count_at_once(client, thread, resident):
    proposal, _author, _comment = thread
    list_url = reverse(
        "consultations:proposals", kwargs={"consultation_id": proposal.consultation_id}
    )
    assert re.search(r"1 comment\s*</p>", client.get(list_url).content.decode())
    services.add_comment(resident, proposal, body="Yes, and benches")
    # Even a write that no signal sees: the card's key is what it shows.
    Proposal.objects.filter(pk=proposal.pk).update(title="Oaks on Mill Lane")
    content = client.get(list_url).content.decode()
    assert re.search(r"2 comments\s*</p>", content) and "Oaks on Mill Lane" in content


def test_a_hidden_card_shows_its_text_to_its_author_only(client, thread, moderator, resident):
    proposal, _author, _comment = thread
    list_url = reverse(
        "consultations:proposals", kwargs={"consultation_id": proposal.consultation_id}
    )
    services.moderate(moderator, proposal, action="hide", reason=Report.Reason.SPAM)
    client.force_login(resident)
    assert proposal.title not in client.get(list_url).content.decode()
    client.force_login(proposal.author)
    assert proposal.title in client.get(list_url).content.decode()
