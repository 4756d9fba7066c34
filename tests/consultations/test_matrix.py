"""Role × phase × action: who may do what, when, under frozen time.

Asserted through the permission predicates for every cell, and through the views for the
cells that matter most (propose, support, comment, report, moderate, respond)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from consultations import permissions
from consultations.models import ModerationState, Proposal, Support
from tests.factories import ProposalFactory, UserFactory, VerifiedUserFactory
from tests.factories.consultations import make_consultation, phase_plan

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # proposing opens
DAYS = 10
MOMENTS = {
    "before": START - timedelta(days=3),
    "propose": START + timedelta(days=2),
    "support": START + timedelta(days=DAYS + 2),
    "respond": START + timedelta(days=2 * DAYS + 2),
    "after": START + timedelta(days=3 * DAYS + 2),
}
ROLES = ["anonymous", "unverified", "resident", "org_member", "moderator", "convenor"]
ACTIONS = [
    "propose",
    "edit",
    "withdraw",
    "support",
    "unsupport",
    "comment",
    "report",
    "moderate",
    "respond",
]

# Which phases each action is open in, for anyone who may take part.
OPEN_IN = {
    "propose": {"propose"},
    "edit": {"propose"},  # within the edit window, while proposing is open
    "withdraw": {"before", "propose", "support"},  # until the support phase closes
    "support": {"support"},
    "unsupport": {"support"},
    "comment": {"propose", "support"},
    "report": set(MOMENTS),  # abuse does not wait for a phase
}


def expected(role, phase, action):
    if role in ("anonymous", "unverified"):
        return False
    if action == "moderate":
        return role in ("moderator", "convenor")
    if action == "respond":
        return role == "convenor"
    return phase in OPEN_IN[action]


FIXTURE_FOR = {
    "unverified": "unverified_user",
    "resident": "resident",
    "org_member": "org_member",
    "moderator": "moderator",
    "convenor": "convenor",
}


@pytest.fixture
def people(request):
    """People by role, made only when a test asks for them."""

    class People(dict):
        def __missing__(self, role):
            person = (
                AnonymousUser()
                if role == "anonymous"
                else request.getfixturevalue(FIXTURE_FOR[role])
            )
            self[role] = person
            return person

    return People()


@pytest.fixture
def matrix_consultation(home_page):
    return make_consultation(phases=phase_plan(START, days=DAYS), supports_per_person=3)


def _target(action, actor, consultation):
    """The object the action is about: the actor's own fresh proposal for edit/withdraw,
    someone else's for everything else."""
    if action == "propose":
        return consultation
    own = action in ("edit", "withdraw") and actor.is_authenticated
    author = actor if own else VerifiedUserFactory()
    return ProposalFactory(consultation=consultation, author=author)


@pytest.mark.parametrize("phase", list(MOMENTS))
@pytest.mark.parametrize("role", ROLES)
def test_predicates(people, matrix_consultation, role, phase):
    """Every action for one role at one moment (the actions share the set-up)."""
    actor = people[role]
    wrong = []
    with time_machine.travel(MOMENTS[phase], tick=False):
        for action in ACTIONS:
            target = _target(action, actor, matrix_consultation)
            if isinstance(target, Proposal):
                target = Proposal.objects.select_related("consultation").get(pk=target.pk)
            allowed = permissions.PREDICATES[action](actor, target)
            if allowed is not expected(role, phase, action):
                wrong.append((action, allowed))
    assert wrong == [], f"{role} at {phase}: wrong answers {wrong}"


# Through the views --------------------------------------------------------------------


def _client(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    return client


@pytest.mark.parametrize("phase", list(MOMENTS))
@pytest.mark.parametrize("role", ["anonymous", "unverified", "resident", "org_member"])
def test_propose_view(client, people, matrix_consultation, role, phase):
    client = _client(client, people, role)
    with time_machine.travel(MOMENTS[phase], tick=False):
        response = client.post(
            reverse("consultations:propose", args=[matrix_consultation.pk]),
            {"title": "Safer crossings", "body": "Near the schools."},
        )
    created = Proposal.objects.filter(title="Safer crossings").exists()
    assert created is expected(role, phase, "propose")
    if created:
        assert response.status_code == 302
    elif role == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"]
    else:
        assert 400 <= response.status_code < 500


@pytest.mark.parametrize("phase", list(MOMENTS))
@pytest.mark.parametrize("role", ["anonymous", "unverified", "resident", "moderator"])
def test_support_view(client, people, matrix_consultation, role, phase):
    with time_machine.travel(MOMENTS[phase], tick=False):
        proposal = ProposalFactory(consultation=matrix_consultation)
        client = _client(client, people, role)
        client.post(reverse("consultations:support", args=[proposal.pk]))
    proposal.refresh_from_db()
    supported = Support.objects.filter(proposal=proposal).exists()
    assert supported is expected(role, phase, "support")
    assert proposal.support_count == int(supported)


@pytest.mark.parametrize("phase", list(MOMENTS))
def test_comment_view(client, people, matrix_consultation, phase):
    with time_machine.travel(MOMENTS[phase], tick=False):
        proposal = ProposalFactory(consultation=matrix_consultation)
        client = _client(client, people, "resident")
        client.post(reverse("consultations:comment", args=[proposal.pk]), {"body": "Yes!"})
    assert proposal.comments.exists() is expected("resident", phase, "comment")


@pytest.mark.parametrize("phase", ["before", "respond", "after"])
@pytest.mark.parametrize("role", ["unverified", "resident"])
def test_report_view(client, people, matrix_consultation, role, phase):
    with time_machine.travel(MOMENTS[phase], tick=False):
        proposal = ProposalFactory(consultation=matrix_consultation)
        client = _client(client, people, role)
        client.post(
            reverse("consultations:report_proposal", args=[proposal.pk]), {"reason": "spam"}
        )
    assert proposal.reports.exists() is expected(role, phase, "report")


@pytest.mark.parametrize("role", ["resident", "moderator", "convenor"])
def test_moderate_view(client, people, matrix_consultation, role):
    proposal = ProposalFactory(consultation=matrix_consultation)
    client = _client(client, people, role)
    if role != "resident":
        _grant_admin(client, people[role])
    client.post(
        reverse("consultations_admin:moderate", args=["proposal", proposal.pk]),
        {"action": "hide", "reason": "spam", "note": ""},
    )
    proposal.refresh_from_db()
    hidden = proposal.moderation_state == ModerationState.HIDDEN
    assert hidden is expected(role, "support", "moderate")


@pytest.mark.parametrize("role", ["resident", "moderator", "convenor"])
def test_respond_view(client, people, matrix_consultation, role):
    proposal = ProposalFactory(consultation=matrix_consultation)
    client = _client(client, people, role)
    if role != "resident":
        _grant_admin(client, people[role])
    client.post(
        reverse("consultations_admin:respond", args=[proposal.pk]),
        {"status": "adopted", "response": "We will build it."},
    )
    proposal.refresh_from_db()
    assert (proposal.status == "adopted") is expected(role, "respond", "respond")


def _grant_admin(client, user):
    """Admin access with two-factor authentication passed, as staff have it."""
    from django.contrib.auth.models import Permission

    from tests.mfa import give_totp, mark_session_mfa

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    give_totp(user)
    mark_session_mfa(client, user)


def test_unverified_factory_really_is_unverified(db):
    from core.permissions import has_verified_email

    assert not has_verified_email(UserFactory())
