"""SITE_URL is the one source of every absolute link: each email the site sends links
only to it, whatever host the request that caused it came from."""

import datetime
import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from accounts import digest
from accounts.models import Follow, User
from accounts.roles import CONVENORS
from consultations import services
from consultations.models import Action
from core.emails import absolute, site_from_url
from goals.models import GoalPage, PartnerSignOffTask
from tests.factories import (
    ConditionalPledgeFactory,
    PledgeFactory,
    PledgeJoinFactory,
    ProposalFactory,
    VerifiedUserFactory,
    make_consultation,
)
from tests.factories.goals import MembershipFactory, OrganisationFactory, create_goal, goal_index
from tests.factories.pledges import make_goal

pytestmark = pytest.mark.django_db

SITE = "https://citygoals.lowbridge.example"
LINK = re.compile(r"https?://[^\s<>\"')]+")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.WAGTAILADMIN_BASE_URL = SITE
    settings.ALLOWED_HOSTS = ["*"]
    return SITE


def links(messages) -> list[str]:
    found = []
    for message in messages:
        found += LINK.findall(message.body)
        for alternative, _type in getattr(message, "alternatives", []):
            found += LINK.findall(alternative)
        found += LINK.findall(message.extra_headers.get("List-Unsubscribe", ""))
    return found


def assert_all_on_site(messages, at_least=1):
    assert len(messages) >= 1, "no email was sent"
    found = links(messages)
    assert len(found) >= at_least, [m.body for m in messages]
    wrong = [link for link in found if not link.startswith(SITE + "/")]
    assert not wrong, wrong


def test_absolute_moves_any_link_onto_site_url():
    assert absolute("/goals/") == f"{SITE}/goals/"
    assert absolute("http://localhost/goals/?a=1") == f"{SITE}/goals/?a=1"


def test_the_site_record_follows_site_url():
    site = Site.objects.get(is_default_site=True)
    assert site_from_url(site) is True
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("citygoals.lowbridge.example", 443)
    assert site_from_url(site) is False


def test_sign_up_email_links_to_site_url(client):
    client.post(
        "/accounts/signup/",
        {
            "email": "new.person@example.org",
            "display_name": "Alex in Riverside",
            "password1": "correct horse battery staple",
            "password2": "correct horse battery staple",
        },
        HTTP_HOST="evil.example",
    )
    assert_all_on_site(mail.outbox)
    assert "evil.example" not in mail.outbox[0].body


def test_sign_up_with_a_taken_address_links_to_site_url(client, resident):
    client.post(
        "/accounts/signup/",
        {
            "email": resident.email,
            "display_name": "Someone else",
            "password1": "correct horse battery staple",
            "password2": "correct horse battery staple",
        },
        HTTP_HOST="evil.example",
    )
    assert_all_on_site(mail.outbox)


def test_password_reset_emails_link_to_site_url(client, resident):
    client.post("/accounts/password/reset/", {"email": resident.email}, HTTP_HOST="evil.example")
    client.post(
        "/accounts/password/reset/", {"email": "nobody@example.org"}, HTTP_HOST="evil.example"
    )
    assert len(mail.outbox) == 2
    assert_all_on_site(mail.outbox, at_least=2)
    assert f"{SITE}/accounts/password/reset/key/" in mail.outbox[0].body


def _as_it_happens():
    return VerifiedUserFactory(digest_frequency=User.DigestFrequency.IMMEDIATELY)


def test_moderation_and_response_emails_link_to_site_url(
    home_page, moderator, convenor, django_capture_on_commit_callbacks
):
    consultation = make_consultation()
    # Emailed as it happens (the default is the digest, which has its own test).
    hidden = ProposalFactory(consultation=consultation, author=_as_it_happens())
    answered = ProposalFactory(consultation=consultation, author=_as_it_happens())
    follower = _as_it_happens()
    Follow.objects.create(user=follower, page=consultation)
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(moderator, hidden, action="hide", reason="personal", note="Names.")
        services.set_status(convenor, answered, status="adopted", response="We will do it.")
        services.publish_response_page(
            convenor, consultation, title="You said, we did", summary="<p>Thank you.</p>"
        )
    recipients = {address for message in mail.outbox for address in message.to}
    assert {hidden.author.email, answered.author.email, follower.email} <= recipients
    assert_all_on_site(mail.outbox, at_least=3)


def test_the_digest_links_to_site_url(home_page, convenor, django_capture_on_commit_callbacks):
    """The default: what happened to an idea comes in the digest, whose links are the
    site's too."""
    answered = ProposalFactory(consultation=make_consultation())
    with django_capture_on_commit_callbacks(execute=True):
        services.set_status(convenor, answered, status="adopted", response="We will do it.")
    mail.outbox.clear()
    assert digest.send_digest(answered.author_id)
    assert [m.to for m in mail.outbox] == [[answered.author.email]]
    assert_all_on_site(mail.outbox, at_least=1)


def test_follow_phase_email_links_to_site_url(home_page):
    now = timezone.now()
    consultation = make_consultation(
        phases={Action.PROPOSE: (now + timedelta(days=1), now + timedelta(days=10))}
    )
    Follow.objects.create(user=_as_it_happens(), page=consultation)
    with time_machine.travel(now + timedelta(days=2)):
        call_command("send_phase_emails")
    assert len(mail.outbox) == 1
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    assert_all_on_site(mail.outbox, at_least=2)


def test_pledge_emails_link_to_site_url(home_page, django_capture_on_commit_callbacks):
    goal = make_goal()
    today = timezone.localdate()
    PledgeFactory(goal=goal, due_date=today + datetime.timedelta(days=7))
    lapsing = ConditionalPledgeFactory(
        goal=goal, threshold=5, join_deadline=today - datetime.timedelta(days=1)
    )
    PledgeJoinFactory(pledge=lapsing)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_pledge_scheduler", today=today.isoformat())
    subjects = [m.subject for m in mail.outbox]
    assert any("due in a week" in s for s in subjects), subjects
    assert any("will not go ahead" in s for s in subjects), subjects
    assert_all_on_site(mail.outbox, at_least=3)


def test_wagtail_workflow_emails_link_to_site_url(
    home_page, convenor, django_capture_on_commit_callbacks
):
    a, b = OrganisationFactory(), OrganisationFactory()
    goal = create_goal("Rivers clean enough to swim in", co_owners=[a, b])
    editor_a = MembershipFactory(organisation=a, editor=True).user
    editor_b = MembershipFactory(organisation=b, editor=True).user
    convenors = Group.objects.get(name=CONVENORS)
    workflow = Workflow.objects.create(name="Partner sign-off")
    sign_off = PartnerSignOffTask.objects.create(name="Partner sign-off")
    approval = GroupApprovalTask.objects.create(name="Convenors' approval")
    approval.groups.add(convenors)
    WorkflowTask.objects.create(workflow=workflow, task=sign_off, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=approval, sort_order=1)
    WorkflowPage.objects.create(workflow=workflow, page=goal_index())
    GroupPagePermission.objects.create(
        group=convenors,
        page=goal_index(),
        permission=Permission.objects.get(codename="publish_page"),
    )
    goal = GoalPage.objects.get(pk=goal.pk)
    goal.statement = "Swim in the Wyre by 2032."
    goal.save_revision(user=editor_a)
    with django_capture_on_commit_callbacks(execute=True):
        workflow_state = goal.get_workflow().start(goal, editor_a)
    signoff_requests = list(mail.outbox)
    assert {address for m in signoff_requests for address in m.to} >= {editor_b.email}
    with django_capture_on_commit_callbacks(execute=True):
        for editor in (editor_a, editor_b):
            state = WorkflowState.objects.get(pk=workflow_state.pk).current_task_state
            state.task.specific.on_action(state.specific, editor, "approve")
    # The convenors' approval task has started: Wagtail emails the convenors.
    assert any(convenor.email in m.to for m in mail.outbox[len(signoff_requests) :])
    assert_all_on_site(mail.outbox, at_least=2)


def test_membership_emails_link_to_site_url(
    organisation, org_admin, resident, django_capture_on_commit_callbacks
):
    from organisations import services as organisation_services

    with django_capture_on_commit_callbacks(execute=True):
        membership, _ = organisation_services.request_membership(resident, organisation)
    with django_capture_on_commit_callbacks(execute=True):
        organisation_services.approve(org_admin, organisation, membership.pk)
    assert [m.to for m in mail.outbox] == [[org_admin.email], [resident.email]]
    assert_all_on_site(mail.outbox, at_least=2)


def test_the_convenor_invitation_links_to_site_url(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "setup_site",
            name="Lowbridge",
            url=SITE,
            convenor_email="convenor@council.example",
            stdout=StringIO(),
        )
    assert_all_on_site(mail.outbox, at_least=3)
