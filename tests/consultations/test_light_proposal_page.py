"""A proposal page is light for everyone (issue #19): the thread paginates, replies and
reports are links to small pages, and the page of comments kept for everyone never
carries what only one reader may see."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from consultations import fragments, selectors, services
from consultations.models import Comment, ConsultationPage, ModerationState, Proposal, Report
from tests.factories import ProposalFactory, VerifiedUserFactory, make_consultation
from tests.mfa import sign_in_to_admin

pytestmark = pytest.mark.django_db


def _page(client, proposal, query=""):
    response = client.get(proposal.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def long_thread(consultation):
    """200 comments: 100 top-level, each with one reply (as the bench's hot proposal)."""
    proposal = ProposalFactory(consultation=consultation)
    people = [VerifiedUserFactory(display_name=f"Neighbour {n}") for n in range(10)]
    start = timezone.now() - dt.timedelta(days=3)
    top = Comment.objects.bulk_create(
        Comment(
            proposal=proposal,
            author=people[n % 10],
            body=f"Top comment {n}: more trees on Mill Lane, and benches by the pond please. " * 3,
            created_at=start + dt.timedelta(minutes=2 * n),
        )
        for n in range(100)
    )
    Comment.objects.bulk_create(
        Comment(
            proposal=proposal,
            author=people[(n + 1) % 10],
            parent=parent,
            body=f"Reply {n}: yes, and a bus stop nearby. " * 3,
            created_at=parent.created_at + dt.timedelta(minutes=1),
        )
        for n, parent in enumerate(top)
    )
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=200)
    proposal.refresh_from_db()
    return proposal, top


def test_a_200_comment_proposal_is_light_when_signed_in(client, long_thread, resident):
    proposal, top = long_thread
    client.force_login(resident)
    content = _page(client, proposal)
    assert len(content.encode()) < 100 * 1024
    # The support form and the comment form; no form per comment.
    assert content.count("<form") <= 3
    # Page 1 shows the first 50 top-level comments with their replies, and links on.
    assert "Top comment 49:" in content and "Reply 49:" in content
    assert "Top comment 50:" not in content
    assert "More comments" in content and "?page=2#comments" in content
    assert reverse("consultations:reply", kwargs={"pk": top[0].pk}) in content
    assert reverse("consultations:report_comment", kwargs={"pk": top[0].pk}) in content
    second = _page(client, proposal, "?page=2")
    assert "Top comment 50:" in second and "Reply 99:" in second
    assert "Top comment 49:" not in second and "Earlier comments" in second


def test_a_comment_address_finds_its_page(client, long_thread):
    proposal, top = long_thread
    reply = top[75].replies.get()
    response = client.get(reply.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{proposal.get_absolute_url()}?page=2#comment-{reply.pk}"
    response = client.get(top[3].get_absolute_url())
    assert response["Location"] == f"{proposal.get_absolute_url()}#comment-{top[3].pk}"


def test_replying_works_from_a_link_without_javascript(client, consultation, resident):
    proposal = ProposalFactory(consultation=consultation)
    parent = services.add_comment(proposal.author, proposal, body="Plant trees on Mill Lane")
    client.force_login(resident)
    reply_url = reverse("consultations:reply", kwargs={"pk": parent.pk})
    page = client.get(reply_url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Plant trees on Mill Lane" in content and 'name="parent"' in content
    assert '<label for="id_body">Your reply' in content

    # An empty reply: the error summary on the reply page, linked to the field.
    post_url = reverse("consultations:comment", kwargs={"pk": proposal.pk})
    response = client.post(post_url, {"body": "", "parent": parent.pk})
    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content and 'href="#id_body"' in content
    assert "Plant trees on Mill Lane" in content

    response = client.post(post_url, {"body": "Oaks, please", "parent": parent.pk})
    assert response.status_code == 302
    new = Comment.objects.get(body="Oaks, please")
    assert new.parent == parent
    assert "Oaks, please" in _page(client, proposal)


def test_no_reply_to_a_reply_or_a_hidden_comment(client, consultation, resident, moderator):
    proposal = ProposalFactory(consultation=consultation)
    parent = services.add_comment(proposal.author, proposal, body="Plant trees")
    child = services.add_comment(resident, proposal, body="Yes", parent=parent)
    client.force_login(resident)
    assert client.get(reverse("consultations:reply", kwargs={"pk": child.pk})).status_code == 403
    services.moderate(moderator, parent, action="hide", reason=Report.Reason.ABUSIVE)
    assert client.get(reverse("consultations:reply", kwargs={"pk": parent.pk})).status_code == 403
    client.logout()
    response = client.get(reverse("consultations:reply", kwargs={"pk": child.pk}))
    assert response.status_code == 302  # signing in first


def test_what_a_moderator_or_an_author_sees_never_reaches_a_resident(
    client, consultation, resident, moderator
):
    proposal = ProposalFactory(consultation=consultation)
    author = VerifiedUserFactory(display_name="Sam")
    hidden = services.add_comment(author, proposal, body="Text the moderators hid")
    kept = services.add_comment(author, proposal, body="Text anyone may read")
    services.moderate(moderator, hidden, action="hide", reason=Report.Reason.ABUSIVE)
    edit_kept = reverse("consultations:edit_comment", kwargs={"pk": kept.pk})

    # The moderator and the author read the page first (anything kept, is kept now).
    sign_in_to_admin(client, moderator)
    assert "Text the moderators hid" in _page(client, proposal)
    client.force_login(author)
    content = _page(client, proposal)
    assert "Text the moderators hid" in content and edit_kept in content

    for reader in (resident, None):
        if reader:
            client.force_login(reader)
        else:
            client.logout()
        content = _page(client, proposal)
        assert "Text the moderators hid" not in content
        assert "Hidden by a moderator" in content and "Text anyone may read" in content
        assert edit_kept not in content
        assert "/edit/" not in content.split('id="comments"')[1]


def test_a_pending_comment_shows_to_its_author_only(client, home_page, resident):
    consultation = make_consultation(moderation=ConsultationPage.Moderation.PRE)
    proposal = ProposalFactory(consultation=consultation)
    Proposal.objects.filter(pk=proposal.pk).update(moderation_state=ModerationState.PUBLISHED)
    author = VerifiedUserFactory()
    pending = services.add_comment(author, proposal, body="Waiting for a moderator's look")
    assert pending.moderation_state == ModerationState.PENDING
    client.force_login(author)
    assert "Waiting for a moderator&#x27;s look" in _page(client, proposal)
    client.force_login(resident)
    assert "Waiting for a moderator" not in _page(client, proposal)


def test_a_change_shows_at_once(client, consultation, resident, django_capture_on_commit_callbacks):
    """Each write commits (and so moves the content version on), as in production."""
    proposal = ProposalFactory(consultation=consultation)
    other = VerifiedUserFactory(display_name="Ade")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(other, proposal, body="First thought")
    client.force_login(resident)
    content = _page(client, proposal)
    assert "First thought" in content and "1 support" not in content.replace("1 supports", "")

    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(other, proposal, body="Second thought")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_support(other, proposal)
    content = _page(client, proposal)
    assert "Second thought" in content and "1 support</strong>" in content

    # The resident's own comment: an edit link for them, a report link for the others.
    with django_capture_on_commit_callbacks(execute=True):
        mine = services.add_comment(resident, proposal, body="My own thought")
    content = _page(client, proposal)
    assert reverse("consultations:edit_comment", kwargs={"pk": mine.pk}) in content
    assert reverse("consultations:report_comment", kwargs={"pk": mine.pk}) not in content
    client.force_login(other)
    content = _page(client, proposal)
    assert reverse("consultations:edit_comment", kwargs={"pk": mine.pk}) not in content
    assert reverse("consultations:report_comment", kwargs={"pk": mine.pk}) in content


def test_the_public_page_of_comments_is_what_anyone_may_see(long_thread):
    proposal, _top = long_thread
    page_obj, comments = selectors.comment_page(proposal, AnonymousUser(), {"page": "9"})
    assert page_obj.number == 2  # out of range: the nearest real page
    assert len(comments) == 50 and all(len(c.visible_replies) == 1 for c in comments)


def _without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.parametrize("state", ["supported", "may support", "signed out"])
def test_a_card_support_button_is_the_button_template_for_that_card(rf, consultation, state):
    proposal = ProposalFactory(consultation=consultation, title='Trees & "benches"')
    proposal.support_count = 1
    reader = AnonymousUser() if state == "signed out" else VerifiedUserFactory()
    if state == "supported":
        services.add_support(reader, proposal)
        proposal.refresh_from_db()
    request = rf.get("/take-part/ideas/?page=2")
    request.user = reader
    cards = selectors.proposal_cards([proposal], reader, consultation)
    fragments.attach_support_html(cards, request)
    expected = render_to_string(
        "consultations/includes/support_button.html",
        {
            "proposal": proposal,
            "is_supported": cards[0].is_supported,
            "can_support": cards[0].user_can_support,
            "can_unsupport": cards[0].user_can_unsupport,
            "support_open": cards[0].support_open,
            "supports_left": None,
        },
        request=request,
    )
    assert _without_tokens(cards[0].support_html) == _without_tokens(expected)
    assert f"support-{proposal.pk}" in cards[0].support_html
    assert "Trees &amp; &quot;benches&quot;" in cards[0].support_html or state == "signed out"
