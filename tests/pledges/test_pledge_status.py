"""Progress updates and status transitions: who may make which change; the audit trail;
overdue is derived, never stored."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.exceptions import ActionRefused
from core.models import AuditEvent
from organisations.models import Membership
from pledges import permissions as perms
from pledges import services
from pledges.models import Pledge, PledgeUpdate
from tests.factories import (
    ConditionalPledgeFactory,
    MembershipFactory,
    PledgeFactory,
    VerifiedUserFactory,
)
from tests.mfa import sign_in_to_admin

pytestmark = pytest.mark.django_db
S = Pledge.Status

ALL_PAIRS = [(a, b) for a in S.values for b in S.values if a != b]
OWNER_ALLOWED = {
    (S.ACTIVE, S.MET),
    (S.ACTIVE, S.PARTLY_MET),
    (S.ACTIVE, S.MISSED),
    (S.ACTIVE, S.WITHDRAWN),
    (S.MISSED, S.PARTLY_MET),
    (S.MISSED, S.MET),
    (S.PARTLY_MET, S.MET),
}
CONVENOR_ALLOWED = {(S.MET, S.ACTIVE), (S.PARTLY_MET, S.ACTIVE), (S.MISSED, S.ACTIVE)} | {
    (S.WITHDRAWN, S.ACTIVE)
}


@pytest.mark.parametrize(("from_status", "to_status"), ALL_PAIRS)
def test_transition_table_for_each_role(from_status, to_status, goal, convenor):
    pledge = PledgeFactory(goal=goal, status=from_status)
    stranger = VerifiedUserFactory()
    assert perms.can_change_status(pledge.author, pledge, to_status) == (
        (from_status, to_status) in OWNER_ALLOWED
    )
    assert perms.can_change_status(convenor, pledge, to_status) == (
        (from_status, to_status) in CONVENOR_ALLOWED
    )
    assert not perms.can_change_status(stranger, pledge, to_status)


def test_organisation_admin_may_report_member_may_not(goal, organisation, org_admin, org_member):
    pledge = PledgeFactory(goal=goal, organisation=organisation, author=org_member)
    colleague = VerifiedUserFactory()
    MembershipFactory(user=colleague, organisation=organisation)
    assert perms.can_post_update(org_member, pledge)
    assert perms.can_post_update(org_admin, pledge)
    assert not perms.can_post_update(colleague, pledge)

    services.post_update(org_admin, pledge.pk, text="Done, with photos.", status=S.MET)
    pledge.refresh_from_db()
    assert pledge.status == S.MET


def test_pledger_who_left_the_organisation_can_no_longer_report(goal, organisation, org_member):
    pledge = PledgeFactory(goal=goal, organisation=organisation, author=org_member)
    Membership.objects.filter(user=org_member).delete()
    assert not perms.can_post_update(org_member, pledge)
    with pytest.raises(ActionRefused):
        services.post_update(org_member, pledge.pk, text="Still here", status=S.MET)


def test_update_with_status_change_is_audited(client, goal):
    pledge = PledgeFactory(goal=goal)
    client.force_login(pledge.author)
    url = reverse("pledges:update", kwargs={"pk": pledge.pk})
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "text": "We planted 40 of 50 trees.",
            "evidence_url": "https://example.org/photos",
            "status": S.PARTLY_MET,
        },
    )

    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == S.PARTLY_MET
    update = PledgeUpdate.objects.get()
    assert (update.status, update.evidence_url) == (S.PARTLY_MET, "https://example.org/photos")
    event = AuditEvent.objects.get(action="pledge.status")
    assert event.actor == pledge.author
    assert event.detail == {"from": S.ACTIVE, "to": S.PARTLY_MET, "update": update.pk}
    assert event.target_id == str(pledge.pk)
    page = client.get(pledge.get_absolute_url()).content.decode()
    assert "We planted 40 of 50 trees." in page
    assert "Active → Partly met" in page


def test_update_without_status_change_keeps_status_and_logs_nothing(goal):
    pledge = PledgeFactory(goal=goal)
    services.post_update(pledge.author, pledge.pk, text="Halfway there.")
    pledge.refresh_from_db()
    assert pledge.status == S.ACTIVE
    assert not AuditEvent.objects.filter(action="pledge.status").exists()


def test_stranger_gets_403_on_update_page(client, goal, resident):
    pledge = PledgeFactory(goal=goal)
    client.force_login(resident)
    url = reverse("pledges:update", kwargs={"pk": pledge.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "x", "status": S.MET}).status_code == 403
    assert not PledgeUpdate.objects.exists()


def test_disallowed_transition_is_a_form_error_not_a_500(client, goal):
    pledge = PledgeFactory(goal=goal, status=S.MET)
    client.force_login(pledge.author)
    response = client.post(
        reverse("pledges:update", kwargs={"pk": pledge.pk}), {"text": "Oops", "status": S.MISSED}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == S.MET
    with pytest.raises(ValidationError):
        services.post_update(pledge.author, pledge.pk, text="Oops", status=S.MISSED)


def test_withdrawn_pledge_takes_no_updates(goal):
    pledge = PledgeFactory(goal=goal, status=S.WITHDRAWN)
    with pytest.raises(ActionRefused):
        services.post_update(pledge.author, pledge.pk, text="Back on?")


def test_convenor_reopens_with_reason_logged(client, goal, convenor):
    pledge = PledgeFactory(goal=goal, status=S.MET)
    sign_in_to_admin(client, convenor)  # staff powers need the second factor
    page = client.get(pledge.get_absolute_url()).content.decode()
    assert "Reopen this pledge" in page
    client.post(reverse("pledges:reopen", kwargs={"pk": pledge.pk}), {"reason": "Marked by error"})
    pledge.refresh_from_db()
    assert pledge.status == S.ACTIVE
    event = AuditEvent.objects.get(action="pledge.status")
    assert event.actor == convenor
    assert event.detail == {"from": S.MET, "to": S.ACTIVE, "reason": "Marked by error"}


def test_resident_cannot_reopen(client, goal, resident):
    pledge = PledgeFactory(goal=goal, status=S.MET)
    client.force_login(resident)
    response = client.post(reverse("pledges:reopen", kwargs={"pk": pledge.pk}))
    assert response.status_code == 403


def test_open_conditional_pledge_may_only_be_withdrawn(goal, django_capture_on_commit_callbacks):
    pledge = ConditionalPledgeFactory(goal=goal)
    assert perms.allowed_statuses(pledge.author, pledge) == [S.WITHDRAWN]
    with django_capture_on_commit_callbacks(execute=True):
        services.post_update(pledge.author, pledge.pk, text="Cancelled", status=S.WITHDRAWN)
    pledge.refresh_from_db()
    assert pledge.condition == Pledge.Condition.LAPSED
    assert perms.allowed_statuses(pledge.author, pledge) == []


# Overdue is derived ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "status", "condition", "overdue"),
    [
        (-1, S.ACTIVE, "none", True),
        (0, S.ACTIVE, "none", False),
        (1, S.ACTIVE, "none", False),
        (-1, S.MET, "none", False),
        (-1, S.MISSED, "none", False),
        (-1, S.WITHDRAWN, "none", False),
        (-1, S.ACTIVE, "succeeded", True),
        (-1, S.ACTIVE, "open", False),
        (None, S.ACTIVE, "none", False),
    ],
)
def test_overdue_derivation(goal, days, status, condition, overdue):
    today = timezone.localdate()
    due = None if days is None else today + datetime.timedelta(days=days)
    extra = {}
    if condition != "none":
        extra = {"threshold": 3, "join_deadline": today + datetime.timedelta(days=30)}
    pledge = PledgeFactory(goal=goal, due_date=due, status=status, condition=condition, **extra)
    assert pledge.is_overdue(today) is overdue
    assert Pledge.objects.overdue(today).filter(pk=pledge.pk).exists() is overdue


def test_overdue_is_shown_in_words_on_the_page_and_filterable(client, goal):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    late = PledgeFactory(goal=goal, due_date=yesterday, text="We will fix the bus shelter.")
    PledgeFactory(goal=goal, due_date=yesterday, status=S.MET, text="We will paint the bench.")
    page = client.get(late.get_absolute_url()).content.decode()
    assert "Overdue" in page
    wall = client.get(
        reverse("pledges:goal", kwargs={"slug": goal.slug}), {"pledges_status": "overdue"}
    )
    content = wall.content.decode()
    assert "fix the bus shelter" in content
    assert "paint the bench" not in content


# Refusals: one page, one status ------------------------------------------------------


def test_a_refused_update_shows_the_refusal_page_with_403(client, goal, resident):
    pledge = PledgeFactory(goal=goal)
    client.force_login(resident)
    response = client.post(
        reverse("pledges:update", kwargs={"pk": pledge.pk}), {"text": "x", "status": S.MET}
    )
    assert response.status_code == 403
    assert "core/refused.html" in [template.name for template in response.templates]
    assert "Only the person who made this pledge" in response.content.decode()


def test_a_refused_reopen_shows_the_refusal_page_with_403(client, goal, resident):
    pledge = PledgeFactory(goal=goal, status=S.ACTIVE)
    client.force_login(resident)
    response = client.post(reverse("pledges:reopen", kwargs={"pk": pledge.pk}), {"reason": "x"})
    assert response.status_code == 403
    assert "Only a convenor can reopen" in response.content.decode()
    assert not AuditEvent.objects.filter(action="pledge.status").exists()


def test_services_refuse_with_action_refused(goal, resident):
    pledge = PledgeFactory(goal=goal, status=S.MET)
    with pytest.raises(ActionRefused):
        services.change_status(resident, pledge.pk, S.ACTIVE, "no")
    with pytest.raises(ActionRefused):
        services.post_update(resident, pledge.pk, text="Not mine")
    pledge.refresh_from_db()
    assert pledge.status == S.MET
    assert not PledgeUpdate.objects.exists()


def test_a_disallowed_status_is_an_error_on_the_status_field(goal):
    pledge = PledgeFactory(goal=goal, status=S.MET)
    with pytest.raises(ValidationError) as raised:
        services.post_update(pledge.author, pledge.pk, text="Oops", status=S.MISSED)
    assert "status" in raised.value.message_dict


def test_a_double_click_posts_one_update(goal):
    pledge = PledgeFactory(goal=goal)
    first = services.post_update(pledge.author, pledge.pk, text="Halfway there.")
    second = services.post_update(pledge.author, pledge.pk, text="Halfway there.")
    assert first.pk == second.pk
    assert PledgeUpdate.objects.count() == 1
    services.post_update(pledge.author, pledge.pk, text="Three quarters there.")
    assert PledgeUpdate.objects.count() == 2
