"""The "Partner sign-off" workflow task, and partner editors' page permissions."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from accounts.roles import CONVENORS
from goals.models import GoalPage, PartnerSignOff, PartnerSignOffTask, PartnerSignOffTaskState
from tests.factories import VerifiedUserFactory
from tests.factories.goals import MembershipFactory, create_trial, goal_index
from tests.mfa import sign_in_to_admin


@pytest.fixture
def workflow(shared_goal):
    convenors, _ = Group.objects.get_or_create(name=CONVENORS)
    workflow = Workflow.objects.create(name="Partner sign-off")
    sign_off = PartnerSignOffTask.objects.create(name="Partner sign-off")
    approval = GroupApprovalTask.objects.create(name="Convenors' approval")
    approval.groups.add(convenors)
    WorkflowTask.objects.create(workflow=workflow, task=sign_off, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=approval, sort_order=1)
    WorkflowPage.objects.create(workflow=workflow, page=goal_index())
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=convenors,
            page=goal_index(),
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    return workflow


def propose_change(goal, user, statement="Swim in the Wyre by 2032."):
    goal = GoalPage.objects.get(pk=goal.pk)
    goal.statement = statement
    goal.save_revision(user=user)
    return goal


def submit(goal, user):
    return goal.get_workflow().start(goal, user)


def current_state(goal) -> PartnerSignOffTaskState:
    state = WorkflowState.objects.active().get(object_id=str(goal.pk)).current_task_state
    return state.specific


def task_of(state):
    return state.task.specific


def test_sign_off_needs_every_co_owner_then_the_convenors(
    shared_goal, partners, editors, workflow, convenor
):
    goal = propose_change(shared_goal, editors.a)
    workflow_state = submit(goal, editors.a)
    state = current_state(goal)
    assert isinstance(state, PartnerSignOffTaskState)
    assert set(state.organisations.all()) == {partners.a, partners.b}
    task = task_of(state)

    task.on_action(state, editors.a, "approve", comment="Fine by the Rivers Trust")
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS  # the NHS has not signed yet
    assert task.get_actions(goal, editors.a) == []  # already signed for their organisation
    assert GoalPage.objects.get(pk=goal.pk).statement != "Swim in the Wyre by 2032."

    task.on_action(state, editors.b, "approve")
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_APPROVED
    assert set(PartnerSignOff.objects.values_list("organisation", flat=True)) == {
        partners.a.pk,
        partners.b.pk,
    }
    workflow_state.refresh_from_db()
    next_state = workflow_state.current_task_state
    assert next_state.task.specific.__class__ is GroupApprovalTask
    # Not published until the convenors approve.
    assert GoalPage.objects.get(pk=goal.pk).statement != "Swim in the Wyre by 2032."

    next_state.task.specific.on_action(next_state.specific, convenor, "approve")
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    assert GoalPage.objects.get(pk=goal.pk).statement == "Swim in the Wyre by 2032."


def test_an_editor_of_two_co_owners_signs_for_both(shared_goal, partners, workflow):
    both = MembershipFactory(organisation=partners.a, editor=True).user
    MembershipFactory(user=both, organisation=partners.b, editor=True)
    goal = propose_change(shared_goal, both)
    submit(goal, both)
    state = current_state(goal)
    task_of(state).on_action(state, both, "approve")
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_APPROVED


def test_rejection_ends_the_task_cleanly_and_resubmission_starts_afresh(
    shared_goal, editors, workflow
):
    goal = propose_change(shared_goal, editors.a)
    workflow_state = submit(goal, editors.a)
    state = current_state(goal)
    task = task_of(state)
    task.on_action(state, editors.a, "approve")
    task.on_action(state, editors.b, "reject", comment="The NHS cannot commit to 2032.")

    state.refresh_from_db()
    workflow_state.refresh_from_db()
    assert state.status == TaskState.STATUS_REJECTED
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert GoalPage.objects.get(pk=goal.pk).statement != "Swim in the Wyre by 2032."
    # Nobody can act on a rejected task any more.
    with pytest.raises(PermissionDenied):
        task.on_action(state, editors.a, "approve")

    # Fixed and resubmitted: every partner signs again.
    goal = propose_change(goal, editors.b, "Swim in the Wyre by 2034.")
    workflow_state.resume(editors.b)
    fresh = current_state(goal)
    assert fresh.pk != state.pk
    assert fresh.status == TaskState.STATUS_IN_PROGRESS
    assert [name for name, *_ in task.get_actions(goal, editors.a)] == [
        "reject",
        "approve",
        "approve",
    ]


def test_partner_of_another_goal_cannot_approve_or_see_the_task(shared_goal, editors, workflow):
    goal = propose_change(shared_goal, editors.a)
    submit(goal, editors.a)
    state = current_state(goal)
    task = task_of(state)

    assert task.get_actions(goal, editors.c) == []
    assert not task.get_task_states_user_can_moderate(editors.c).exists()
    assert task.get_task_states_user_can_moderate(editors.a).filter(pk=state.pk).exists()
    assert not task.user_can_access_editor(goal, editors.c)
    assert task.locked_for_user(goal, editors.c)
    assert not task.locked_for_user(goal, editors.a)
    with pytest.raises(PermissionDenied):
        task.on_action(state, editors.c, "approve")
    assert not PartnerSignOff.objects.exists()


def test_a_plain_member_of_a_co_owner_cannot_approve(shared_goal, partners, editors, workflow):
    member = MembershipFactory(organisation=partners.a).user
    goal = propose_change(shared_goal, editors.a)
    submit(goal, editors.a)
    state = current_state(goal)
    assert task_of(state).get_actions(goal, member) == []


def test_editing_after_a_sign_off_asks_that_partner_again(shared_goal, editors, workflow):
    goal = propose_change(shared_goal, editors.a)
    submit(goal, editors.a)
    state = current_state(goal)
    task = task_of(state)
    task.on_action(state, editors.a, "approve")
    assert task.get_actions(goal, editors.a) == []

    propose_change(goal, editors.b, "Swim in the Wyre by 2040.")  # b edits while reviewing
    assert task.get_actions(goal, editors.a)  # a must sign the new text
    task.on_action(state, editors.b, "approve")
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS
    task.on_action(state, editors.a, "approve")
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_APPROVED


def test_adding_a_co_owner_needs_the_new_partners_sign_off_too(
    shared_goal, partners, editors, workflow
):
    goal = GoalPage.objects.get(pk=shared_goal.pk)
    goal.co_owners = [partners.a, partners.b, partners.c]
    goal.save_revision(user=editors.a)
    submit(goal, editors.a)
    state = current_state(goal)
    assert set(state.organisations.all()) == {partners.a, partners.b, partners.c}


def test_pages_outside_a_goal_skip_the_partner_step(home_page, workflow, convenor):
    index = goal_index()
    index.save_revision(user=convenor)
    workflow_state = index.get_workflow().start(index, convenor)
    workflow_state.refresh_from_db()
    assert workflow_state.current_task_state.task.specific.__class__ is GroupApprovalTask
    skipped = TaskState.objects.get(workflow_state=workflow_state, status="skipped")
    assert skipped.task.specific.__class__ is PartnerSignOffTask


# --- page permissions ----------------------------------------------------------------


def test_partner_editors_may_edit_only_the_goals_they_co_own(shared_goal, other_goal, editors):
    trial = create_trial(shared_goal)
    assert shared_goal.permissions_for_user(editors.a).can_edit()
    assert trial.permissions_for_user(editors.a).can_edit()
    assert not other_goal.permissions_for_user(editors.a).can_edit()
    assert other_goal.permissions_for_user(editors.c).can_edit()
    assert not shared_goal.permissions_for_user(editors.c).can_edit()
    # Publishing stays with the convenors, through the workflow.
    assert not shared_goal.permissions_for_user(editors.a).can_publish()
    # The generic Page object answers the same (Wagtail casts to the goal's class).
    from wagtail.models import Page

    assert not Page.objects.get(pk=shared_goal.pk).permissions_for_user(editors.c).can_edit()


def test_losing_editor_rights_removes_the_permission(shared_goal, partners, editors):
    from organisations.models import Membership

    assert shared_goal.permissions_for_user(editors.a).can_edit()
    Membership.objects.filter(user=editors.a).update(is_editor=False)
    assert not shared_goal.permissions_for_user(editors.a).can_edit()


def test_partner_editor_in_the_admin(client, shared_goal, other_goal, editors, workflow):
    sign_in_to_admin(client, editors.a)
    edit_shared = reverse("wagtailadmin_pages:edit", args=[shared_goal.pk])
    edit_other = reverse("wagtailadmin_pages:edit", args=[other_goal.pk])
    assert client.get(edit_shared).status_code == 200
    response = client.get(edit_other)
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"].split("?")[0] == "/admin/"
    assert client.get(reverse("goals_partner_goals")).status_code == 200


def test_partner_editor_cannot_approve_through_the_admin(client, shared_goal, editors, workflow):
    goal = propose_change(shared_goal, editors.a)
    submit(goal, editors.a)
    state = current_state(goal)
    url = reverse("wagtailadmin_pages:workflow_action", args=[goal.pk, "approve", state.pk])

    sign_in_to_admin(client, editors.c)
    response = client.post(url, {"comment": ""})
    assert response.status_code in (302, 403)
    assert not PartnerSignOff.objects.exists()

    client.logout()
    sign_in_to_admin(client, editors.a)
    response = client.post(url, {"comment": "Agreed"})
    assert response.status_code == 302
    assert PartnerSignOff.objects.filter(organisation__pk=editors_org(editors.a)).exists()


def editors_org(user):
    return user.memberships.get().organisation_id


def test_a_convenor_cannot_publish_an_unsigned_change_directly(
    shared_goal, editors, workflow, convenor
):
    goal = propose_change(shared_goal, convenor, "The council's own wording.")
    perms = GoalPage.objects.get(pk=goal.pk).permissions_for_user(convenor)
    assert perms.can_edit()
    assert not perms.can_publish()
    # A trial under the goal is not a shared goal: the convenor publishes it as usual.
    assert create_trial(shared_goal).permissions_for_user(convenor).can_publish()

    submit(goal, convenor)
    state = current_state(goal)
    task_of(state).on_action(state, editors.a, "approve")
    assert not GoalPage.objects.get(pk=goal.pk).permissions_for_user(convenor).can_publish()
    task_of(state).on_action(state, editors.b, "approve")
    assert GoalPage.objects.get(pk=goal.pk).permissions_for_user(convenor).can_publish()


def test_publish_button_in_the_admin_does_not_bypass_the_partners(
    client, shared_goal, editors, workflow, convenor
):
    sign_in_to_admin(client, convenor)
    goal = GoalPage.objects.get(pk=shared_goal.pk)
    url = reverse("wagtailadmin_pages:edit", args=[goal.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="action-publish"' not in page.content.decode()
    data = goal_form_data(goal, "Rewritten by the council alone.")
    data["action-publish"] = "action-publish"
    client.post(url, data)
    assert GoalPage.objects.get(pk=goal.pk).statement != "Rewritten by the council alone."

    # The same form from a superuser (break-glass) does publish: the data is valid.
    client.logout()
    sign_in_to_admin(client, VerifiedUserFactory(is_staff=True, is_superuser=True))
    client.post(url, data)
    assert GoalPage.objects.get(pk=goal.pk).statement == "Rewritten by the council alone."


def goal_form_data(goal, statement):
    return {
        "title": goal.title,
        "slug": goal.slug,
        "statement": statement,
        "theme": goal.theme_id,
        "horizon_year": goal.horizon_year,
        "lifecycle": goal.lifecycle,
        "convened_by": goal.convened_by_id,
        "co_owners": [o.pk for o in goal.co_owners.all()],
        "narrative-count": "0",
        "ambitions-TOTAL_FORMS": "0",
        "ambitions-INITIAL_FORMS": "0",
        "ambitions-MIN_NUM_FORMS": "0",
        "ambitions-MAX_NUM_FORMS": "1000",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }


def test_convenor_editing_after_the_partners_signed_is_warned(
    client, shared_goal, editors, workflow, convenor
):
    goal = propose_change(shared_goal, editors.a)
    submit(goal, editors.a)
    state = current_state(goal)
    task_of(state).on_action(state, editors.a, "approve")
    task_of(state).on_action(state, editors.b, "approve")
    sign_in_to_admin(client, convenor)
    goal = GoalPage.objects.get(pk=goal.pk)
    url = reverse("wagtailadmin_pages:edit", args=[goal.pk])
    response = client.post(url, goal_form_data(goal, "Changed at the last step."), follow=True)
    assert "signed off an earlier version" in response.content.decode()
    assert not GoalPage.objects.get(pk=goal.pk).permissions_for_user(convenor).can_publish()


# --- indicators of co-owned goals ------------------------------------------------------


def assert_refused(response):
    """Wagtail's admin answers a PermissionDenied with a redirect to its home page."""
    assert response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def indicator_form(goal, name):
    return {
        "goal": goal.pk,
        "name": name,
        "kind": "context",
        "direction": "higher",
        "unit": "%",
        "sort_order": "0",
        "baseline_value": "10",
        "baseline_date": "2020-01-01",
        "target_value": "",
        "target_date": "",
        "source_publisher": "Wyre Rivers Trust",
        "source_url": "",
        "source_licence": "Open Government Licence v3.0",
        "values-TOTAL_FORMS": "0",
        "values-INITIAL_FORMS": "0",
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
    }


def test_partner_editors_manage_only_their_goals_indicators(
    client, shared_goal, other_goal, editors
):
    from goals.models import Indicator
    from tests.factories.goals import IndicatorFactory

    mine = IndicatorFactory(goal=shared_goal, name="Bathing water samples")
    theirs = IndicatorFactory(goal=other_goal, name="Apprenticeships started")
    sign_in_to_admin(client, editors.a)

    listing = client.get(reverse("wagtailsnippets_goals_indicator:list")).content.decode()
    assert "Bathing water samples" in listing and "Apprenticeships started" not in listing

    edit = "wagtailsnippets_goals_indicator:edit"
    assert client.get(reverse(edit, args=[mine.pk])).status_code == 200
    assert_refused(client.get(reverse(edit, args=[theirs.pk])))
    assert_refused(
        client.post(reverse(edit, args=[theirs.pk]), indicator_form(other_goal, "Hacked"))
    )
    assert Indicator.objects.get(pk=theirs.pk).name == "Apprenticeships started"

    add = reverse("wagtailsnippets_goals_indicator:add")
    refused = client.post(add, indicator_form(other_goal, "Planted on another goal"))
    assert refused.status_code == 200  # the goal is not a choice: a form error
    assert not Indicator.objects.filter(name="Planted on another goal").exists()
    created = client.post(add, indicator_form(shared_goal, "Otter sightings"))
    assert created.status_code == 302
    assert Indicator.objects.filter(name="Otter sightings", goal=shared_goal).exists()

    delete = client.post(reverse("wagtailsnippets_goals_indicator:delete", args=[mine.pk]))
    assert delete.status_code in (302, 403)
    assert Indicator.objects.filter(pk=mine.pk).exists()


def test_the_partners_editors_are_emailed_when_a_change_waits(
    shared_goal, editors, workflow, mailoutbox, django_capture_on_commit_callbacks
):
    goal = propose_change(shared_goal, editors.a)
    with django_capture_on_commit_callbacks(execute=True):
        submit(goal, editors.a)
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == sorted([editors.a.email, editors.b.email])
    message = mailoutbox[0]
    assert "Rivers clean enough to swim in" in message.subject
    assert f"/admin/pages/{goal.pk}/edit/" in message.body
    assert "Wyre Rivers Trust" in message.body and "Lowbridge NHS Trust" in message.body


def test_an_unsaved_revision_of_a_goal_is_judged_by_its_saved_co_owners(shared_goal, editors):
    """The admin asks an edited, unsaved goal (a revision's in-memory copy, whose
    co-owners are a list, not a queryset) who may edit it: the answer comes from the
    database, and the page does not fail."""
    revision = shared_goal.save_revision()
    draft = revision.as_object()
    draft.co_owners = []  # as if the editor had just removed every partner in the form
    assert draft.permissions_for_user(editors.a).can_edit()
    assert not draft.permissions_for_user(editors.c).can_edit()
