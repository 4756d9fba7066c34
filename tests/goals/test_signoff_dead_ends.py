"""The partner sign-off never dead-ends: a missing partner editor is named before
submitting, the task says who signed and who is awaited, a convenor can override with
a reason, and no one is told "you do not have permission" after doing their part."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState

from core.models import AuditEvent
from goals.models import GoalPage, PartnerSignOff
from goals.setup import ensure_partner_signoff_workflow
from tests.factories.goals import goal_index
from tests.goals.test_partner_signoff import goal_form_data
from tests.mfa import mark_session_mfa, sign_in_to_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def workflow(shared_goal):
    return ensure_partner_signoff_workflow(goal_index())


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def submit_through_the_admin(client, goal, user):
    sign_in_to_admin(client, user)
    goal = GoalPage.objects.get(pk=goal.pk)
    url = reverse("wagtailadmin_pages:edit", args=[goal.pk])
    data = {**goal_form_data(goal, "Swim in the Wyre by 2032."), "action-submit": "1"}
    return client.post(url, data, follow=True)


def state_of(goal):
    return WorkflowState.objects.active().get(object_id=str(goal.pk)).current_task_state.specific


def test_submitting_and_signing_off_say_nothing_about_permission(
    client, shared_goal, editors, workflow
):
    response = submit_through_the_admin(client, shared_goal, editors.a)
    assert response.status_code == 200
    assert not any("permission" in m for m in messages_of(response)), messages_of(response)
    state = state_of(shared_goal)
    sign_in_to_admin(client, editors.b)  # an authenticator for the second partner too
    for editor in (editors.a, editors.b):
        client.logout()
        client.force_login(editor)
        mark_session_mfa(client, editor)
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[shared_goal.pk, "approve", state.pk]
        )
        response = client.post(url, {"comment": ""}, follow=True)
        assert response.status_code == 200
        assert not any("permission" in m for m in messages_of(response)), messages_of(response)
    assert PartnerSignOff.objects.count() == 2


def test_a_co_owner_without_an_editor_is_named_before_submitting(
    client, shared_goal, partners, editors, workflow
):
    from organisations.models import Membership

    Membership.objects.filter(organisation=partners.b).update(is_editor=False)
    sign_in_to_admin(client, editors.a)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[shared_goal.pk]))
    warnings = [m for m in messages_of(response) if "no partner editor" in m]
    assert warnings and "Lowbridge NHS Trust" in warnings[0]
    assert "Wyre Rivers Trust" not in warnings[0]


def test_the_task_says_who_signed_and_who_is_awaited(shared_goal, editors, workflow):
    goal = GoalPage.objects.get(pk=shared_goal.pk)
    goal.save_revision(user=editors.a)
    goal.get_workflow().start(goal, editors.a)
    state = state_of(goal)
    state.task.specific.on_action(state, editors.a, "approve")
    state = state_of(goal)
    comment = state.get_comment()
    assert "Signed off by: Wyre Rivers Trust" in comment
    assert "Awaiting: Lowbridge NHS Trust." in comment


def test_a_convenor_overrides_a_missing_sign_off_with_a_reason(
    client, shared_goal, partners, editors, workflow, convenor
):
    from organisations.models import Membership

    Membership.objects.filter(organisation=partners.b).update(is_editor=False)
    goal = GoalPage.objects.get(pk=shared_goal.pk)
    goal.save_revision(user=editors.a)
    workflow_state = goal.get_workflow().start(goal, editors.a)
    state = state_of(goal)
    state.task.specific.on_action(state, editors.a, "approve")
    task = state.task.specific
    assert "override" not in [name for name, *_ in task.get_actions(goal, editors.a)]
    assert "override" in [name for name, *_ in task.get_actions(goal, convenor)]

    sign_in_to_admin(client, convenor)
    url = reverse("wagtailadmin_pages:workflow_action", args=[goal.pk, "override", state.pk])
    refused = client.post(url, {"comment": "  "})  # a reason is required
    assert refused.status_code == 302
    assert state_of(goal).pk == state.pk
    response = client.post(
        url, {"comment": "The trust's editor left; agreed by email on 1 December."}, follow=True
    )
    assert response.status_code == 200
    assert not any("permission" in m for m in messages_of(response))
    workflow_state.refresh_from_db()
    assert workflow_state.current_task_state.task.specific.__class__.__name__ == (
        "GroupApprovalTask"
    )
    override = PartnerSignOff.objects.get(organisation=partners.b)
    assert override.signed_off_by == convenor and "agreed by email" in override.comment
    event = AuditEvent.objects.get(action="goal.signoff.overridden")
    assert event.actor == convenor and "agreed by email" in event.detail["reason"]
    entry = PageLogEntry.objects.get(page=goal, action="goals.signoff_override")
    assert "Lowbridge NHS Trust" in entry.message and "agreed by email" in entry.message
    history = client.get(reverse("wagtailadmin_pages:history", args=[goal.pk]))
    assert "agreed by email" in history.content.decode()


def test_the_dashboard_shows_convenors_and_partners_what_waits(
    client, shared_goal, editors, workflow, convenor, moderator
):
    goal = GoalPage.objects.get(pk=shared_goal.pk)
    goal.save_revision(user=editors.a)
    goal.get_workflow().start(goal, editors.a)
    sign_in_to_admin(client, convenor)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 goal change waits for partners&#x27; sign-off" in page
    assert "0 proposals have no response yet" in page
    assert "0 items wait in the moderation queue" in page
    client.logout()
    sign_in_to_admin(client, editors.b)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 goal change waits for your sign-off" in page
    assert "moderation queue" not in page
