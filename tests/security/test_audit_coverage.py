"""The audit trail records what the issue asks for — moderation decisions, membership
changes, pledge status changes and account deletions — through the other apps' own
services, with who and when, and without personal data."""

import json

import pytest
from django.contrib.auth.models import Group

from accounts.roles import CONVENORS, MODERATORS
from core.models import AuditEvent
from tests.factories import MembershipFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def no_personal_data(event, *people):
    text = json.dumps(event.detail, default=str)
    for person in people:
        assert person.email not in text
        assert not person.display_name or person.display_name not in text


def test_moderation_decisions_are_recorded(world):
    from consultations import services
    from consultations.models import Proposal

    author = VerifiedUserFactory(display_name="Author Person")
    moderator = VerifiedUserFactory()
    moderator.groups.add(Group.objects.get_or_create(name=MODERATORS)[0])
    proposal = Proposal.objects.create(
        consultation=world.consultation, author=author, title="Idea", body="Body"
    )
    services.moderate(moderator, proposal, action="hide", reason="spam", note="Advert")
    event = AuditEvent.objects.get(action__startswith="moderation.")
    assert event.actor == moderator
    assert (event.target_type, event.target_id) == ("consultations.proposal", str(proposal.pk))
    no_personal_data(event, author)


def test_membership_changes_are_recorded(world):
    from organisations import services as memberships

    admin = MembershipFactory(organisation=world.organisation, admin=True).user
    joiner = VerifiedUserFactory(display_name="Joining Person")
    membership, _ = memberships.request_membership(joiner, world.organisation)
    memberships.approve(admin, world.organisation, membership.pk)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"membership.requested", "membership.approved"} <= actions
    approved = AuditEvent.objects.get(action="membership.approved")
    assert approved.actor == admin
    for event in AuditEvent.objects.all():
        no_personal_data(event, joiner, admin)


def test_pledge_status_changes_are_recorded(world):
    from pledges import services as pledges
    from pledges.models import Pledge

    convenor = VerifiedUserFactory()
    convenor.groups.add(Group.objects.get_or_create(name=CONVENORS)[0])
    author = VerifiedUserFactory(display_name="Pledging Person")
    pledge = Pledge.objects.create(goal=world.goal, author=author, text="We will", status="met")
    pledges.change_status(convenor, pledge.pk, "active", reason="Recorded in error")
    event = AuditEvent.objects.get(action="pledge.status")
    assert event.actor == convenor
    assert (event.target_type, event.target_id) == ("pledges.pledge", str(pledge.pk))
    no_personal_data(event, author)
