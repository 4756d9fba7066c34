"""A reply goes only under a comment the public can read: not under one a moderator hid
or rejected, nor one still waiting for a moderator."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations import services
from consultations.models import PUBLIC_STATES, Comment, ModerationState, Proposal
from tests.factories import CommentFactory, ProposalFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def comment(proposal, **kwargs):
    """A comment in any moderation state, the proposal's counter kept true to its rows."""
    made = CommentFactory(proposal=proposal, **kwargs)
    public = Comment.objects.filter(proposal=proposal, moderation_state__in=PUBLIC_STATES)
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=public.count())
    return made


@pytest.mark.parametrize(
    "state", [ModerationState.HIDDEN, ModerationState.REJECTED, ModerationState.PENDING]
)
def test_a_reply_to_a_comment_not_shown_is_refused(consultation, resident, state):
    proposal = ProposalFactory(consultation=consultation)
    parent = comment(proposal, moderation_state=state)
    with pytest.raises(ValidationError):
        services.add_comment(resident, proposal, body="I agree with this", parent=parent)
    assert not Comment.objects.filter(parent=parent).exists()


def test_a_reply_under_a_reply_to_a_hidden_comment_is_refused(consultation, resident):
    proposal = ProposalFactory(consultation=consultation)
    hidden = comment(proposal, moderation_state=ModerationState.HIDDEN)
    reply = comment(proposal, parent=hidden)
    with pytest.raises(ValidationError):
        services.add_comment(resident, proposal, body="Me too", parent=reply)


def test_through_the_form_the_person_is_told_and_keeps_what_they_typed(
    client, consultation, resident
):
    proposal = ProposalFactory(consultation=consultation)
    hidden = comment(proposal, moderation_state=ModerationState.HIDDEN)
    client.force_login(resident)
    response = client.post(
        reverse("consultations:comment", kwargs={"pk": proposal.pk}),
        {"body": "My considered reply", "parent": hidden.pk},
    )
    assert response.status_code == 400
    assert "My considered reply" in response.content.decode()
    assert not Comment.objects.filter(parent=hidden).exists()


def test_a_reply_to_a_published_comment_is_kept(consultation, resident):
    proposal = ProposalFactory(consultation=consultation)
    parent = comment(proposal, author=VerifiedUserFactory())
    reply = services.add_comment(resident, proposal, body="Good point", parent=parent)
    assert reply.parent == parent
