from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from consultations import selectors, services
from consultations.models import (
    Action,
    Comment,
    ModerationEvent,
    ModerationState,
    Proposal,
    Report,
    Support,
)
from tests.factories import CommentFactory, ProposalFactory, VerifiedUserFactory, make_consultation

pytestmark = pytest.mark.django_db


def test_submit_proposal_publishes_and_double_submit_returns_the_same(consultation, resident):
    first = services.submit_proposal(resident, consultation, title=" Bike lanes ", body="Please.")
    second = services.submit_proposal(resident, consultation, title="Bike lanes", body="Please.")
    assert first.pk == second.pk
    assert first.title == "Bike lanes"
    assert first.moderation_state == ModerationState.PUBLISHED
    assert Proposal.objects.count() == 1


def test_pre_moderated_consultation_holds_proposals_for_a_moderator(home_page, resident):
    consultation = make_consultation(moderation="pre")
    proposal = services.submit_proposal(resident, consultation, title="Idea", body="Body")
    assert proposal.moderation_state == ModerationState.PENDING


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        ("", "body", "title"),
        ("   ", "body", "title"),
        ("Title", "x" * 50_000, "body"),
        ("T" * 141, "b", "title"),
    ],
)
def test_bad_proposal_input_is_refused_and_saves_nothing(
    consultation, resident, title, body, field
):
    with pytest.raises(ValidationError) as error:
        services.submit_proposal(resident, consultation, title=title, body=body)
    assert field in error.value.message_dict
    assert not Proposal.objects.exists()


def test_proposing_for_an_organisation_needs_membership(
    consultation, resident, org_member, organisation
):
    with pytest.raises(ValidationError):
        services.submit_proposal(
            resident, consultation, title="T", body="B", organisation=organisation
        )
    assert not Proposal.objects.exists()
    proposal = services.submit_proposal(
        org_member, consultation, title="T", body="B", organisation=organisation
    )
    assert proposal.organisation == organisation


def test_closed_consultation_refuses_proposals(home_page, resident):
    now = timezone.now()
    closed = make_consultation(
        phases={Action.PROPOSE: (now - timedelta(days=20), now - timedelta(days=10))}
    )
    with pytest.raises(services.ActionRefused):
        services.submit_proposal(resident, closed, title="T", body="B")
    assert not Proposal.objects.exists()


def test_support_twice_gives_one_row_and_withdraw_twice_is_harmless(consultation, resident):
    proposal = ProposalFactory(consultation=consultation)
    support, created = services.add_support(resident, proposal)
    again, created_again = services.add_support(resident, proposal)
    assert created and not created_again and support.pk == again.pk
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert services.withdraw_support(resident, proposal) is True
    assert services.withdraw_support(resident, proposal) is False
    proposal.refresh_from_db()
    assert proposal.support_count == 0


def test_support_budget_is_enforced(home_page, resident):
    consultation = make_consultation(supports_per_person=2)
    proposals = ProposalFactory.create_batch(3, consultation=consultation)
    services.add_support(resident, proposals[0])
    services.add_support(resident, proposals[1])
    assert selectors.supports_left(resident, consultation) == 0
    with pytest.raises(services.ActionRefused):
        services.add_support(resident, proposals[2])
    services.withdraw_support(resident, proposals[0])
    services.add_support(resident, proposals[2])
    assert Support.objects.filter(user=resident).count() == 2


def test_withdrawn_proposal_keeps_its_record_and_cannot_be_supported(consultation, resident):
    proposal = ProposalFactory(consultation=consultation)
    services.withdraw_proposal(proposal.author, proposal)
    services.withdraw_proposal(proposal.author, proposal)  # a second click is harmless
    proposal.refresh_from_db()
    assert proposal.withdrawn_at is not None
    with pytest.raises(services.ActionRefused):
        services.add_support(resident, proposal)


def test_edit_window_closes(consultation, resident):
    proposal = services.submit_proposal(resident, consultation, title="T", body="B")
    services.edit_proposal(resident, proposal, title="T2", body="B2")
    proposal.refresh_from_db()
    assert proposal.title == "T2" and proposal.edited_at
    later = timezone.now() + timedelta(minutes=16)
    with pytest.raises(services.ActionRefused):
        services.edit_proposal(resident, proposal, title="T3", body="B3", at=later)
    proposal.refresh_from_db()
    assert proposal.title == "T2"


def test_comments_have_one_level_of_replies_and_count(consultation, resident):
    proposal = ProposalFactory(consultation=consultation)
    top = services.add_comment(resident, proposal, body="First")
    reply = services.add_comment(resident, proposal, body="Reply", parent=top)
    reply_to_reply = services.add_comment(resident, proposal, body="Deeper", parent=reply)
    assert reply.parent_id == top.pk
    assert reply_to_reply.parent_id == top.pk
    again = services.add_comment(resident, proposal, body="First")
    assert again.pk == top.pk
    proposal.refresh_from_db()
    assert proposal.comment_count == 3


def test_report_once_per_person_and_auto_hide_at_threshold(home_page):
    consultation = make_consultation(report_threshold=2)
    proposal = ProposalFactory(consultation=consultation)
    first, second = VerifiedUserFactory.create_batch(2)
    _report, created = services.report(first, proposal, reason=Report.Reason.SPAM)
    _again, created_again = services.report(first, proposal, reason=Report.Reason.ABUSIVE)
    assert created and not created_again
    proposal.refresh_from_db()
    assert proposal.report_count == 1
    assert proposal.moderation_state == ModerationState.PUBLISHED
    services.report(second, proposal, reason=Report.Reason.SPAM)
    proposal.refresh_from_db()
    assert proposal.moderation_state == ModerationState.HIDDEN
    assert proposal.moderation_reason
    event = ModerationEvent.objects.get(proposal=proposal)
    assert event.action == ModerationEvent.ActionTaken.AUTO_HIDE
    assert event.moderator is None


def test_report_with_unknown_reason_saves_nothing(consultation, resident):
    proposal = ProposalFactory(consultation=consultation)
    with pytest.raises(ValidationError):
        services.report(resident, proposal, reason="because")
    assert not Report.objects.exists()


def test_authors_cannot_report_themselves(consultation):
    proposal = ProposalFactory(consultation=consultation)
    with pytest.raises(services.ActionRefused):
        services.report(proposal.author, proposal, reason=Report.Reason.SPAM)


def test_moderation_records_events_resolves_reports_and_keeps_the_row(
    consultation, resident, moderator
):
    comment = CommentFactory(proposal=ProposalFactory(consultation=consultation))
    Comment.objects.filter(pk=comment.pk)  # counter: the factory bypasses the service
    Proposal.objects.filter(pk=comment.proposal_id).update(comment_count=1)
    services.report(resident, comment, reason=Report.Reason.ABUSIVE)
    event = services.moderate(
        moderator, comment, action="hide", reason=Report.Reason.ABUSIVE, note="Be kind."
    )
    assert services.moderate(moderator, comment, action="hide", reason="abusive") is None
    comment.refresh_from_db()
    assert comment.moderation_state == ModerationState.HIDDEN
    assert comment.moderation_reason == str(Report.Reason.ABUSIVE.label)
    assert event.moderator == moderator and event.note == "Be kind."
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    services.moderate(moderator, comment, action="restore")
    services.moderate(moderator, comment, action="reject", reason="spam")
    comment.refresh_from_db()
    assert comment.moderation_state == ModerationState.REJECTED
    assert list(
        ModerationEvent.objects.filter(comment=comment)
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["hide", "restore", "reject"]
    # A rejected comment no longer counts in public tallies.
    comment.proposal.refresh_from_db()
    assert comment.proposal.comment_count == 0


def test_hiding_needs_a_reason(consultation, moderator):
    proposal = ProposalFactory(consultation=consultation)
    with pytest.raises(ValidationError):
        services.moderate(moderator, proposal, action="hide")
    proposal.refresh_from_db()
    assert proposal.moderation_state == ModerationState.PUBLISHED
    assert not ModerationEvent.objects.exists()


def test_only_moderators_moderate(consultation, resident):
    proposal = ProposalFactory(consultation=consultation)
    with pytest.raises(services.ActionRefused):
        services.moderate(resident, proposal, action="hide", reason="spam")


def test_set_status_logs_and_needs_a_response(consultation, convenor, resident):
    proposal = ProposalFactory(consultation=consultation)
    with pytest.raises(ValidationError):
        services.set_status(convenor, proposal, status=Proposal.Status.ADOPTED)
    with pytest.raises(services.ActionRefused):
        services.set_status(resident, proposal, status="adopted", response="Yes")
    services.set_status(convenor, proposal, status="adopted", response="We will do it.")
    services.set_status(convenor, proposal, status="adopted", response="We will do it.")
    proposal.refresh_from_db()
    assert proposal.status == "adopted" and proposal.responded_by == convenor
    assert ModerationEvent.objects.filter(proposal=proposal, action="status").count() == 1


def test_check_counts_reports_and_repairs(consultation, capsys):
    proposal = ProposalFactory(consultation=consultation)
    Support.objects.create(proposal=proposal, user=VerifiedUserFactory())
    Proposal.objects.filter(pk=proposal.pk).update(support_count=7)
    call_command("check_counts")
    out = capsys.readouterr().out
    assert f"#{proposal.pk} says 7, rows say 1" in out
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    call_command("check_counts", "--check")
    assert "Every counter equals its rows" in capsys.readouterr().out
