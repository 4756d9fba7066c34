"""What a commitment is: overdue derived at the boundary, dropping needs a reason,
joint only once every named organisation accepted."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from commitments.models import Commitment, CommitmentOrganisation
from tests.factories.commitments import make_commitment

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("status", "today", "overdue"),
    [
        ("planned", DUE, False),  # the due day itself is not late
        ("planned", DUE + datetime.timedelta(days=1), True),
        ("in_progress", DUE + datetime.timedelta(days=1), True),
        ("in_progress", DUE - datetime.timedelta(days=1), False),
        ("done", DUE + datetime.timedelta(days=30), False),
        ("dropped", DUE + datetime.timedelta(days=30), False),
    ],
)
def test_overdue_is_derived_at_the_boundary(goal, organisation, status, today, overdue):
    extra = {}
    if status == "done":
        extra["completed_on"] = DUE
    if status == "dropped":
        extra["dropped_reason"] = "The funding was withdrawn."
    commitment = make_commitment(goal, organisation, due_date=DUE, status=status, **extra)
    assert commitment.is_overdue(today) is overdue
    assert Commitment.objects.overdue(today).filter(pk=commitment.pk).exists() is overdue
    assert Commitment.objects.all().tally(today)["overdue"] == int(overdue)


def test_the_database_refuses_a_drop_without_a_reason(goal, organisation):
    commitment = make_commitment(goal, organisation)
    commitment.status = Commitment.Status.DROPPED
    with pytest.raises(IntegrityError), transaction.atomic():
        commitment.save()


def test_the_database_refuses_done_without_a_date(goal, organisation):
    commitment = make_commitment(goal, organisation)
    commitment.status = Commitment.Status.DONE
    with pytest.raises(IntegrityError), transaction.atomic():
        commitment.save()


def test_joint_only_once_every_named_organisation_accepted(goal, organisation, partner_org):
    commitment = make_commitment(
        goal, organisation, partners=[partner_org], accepted=[organisation]
    )
    assert not commitment.is_joint
    assert commitment.is_proposed_joint
    assert commitment.accepted == [organisation]
    assert commitment.awaited == [partner_org]
    CommitmentOrganisation.objects.filter(organisation=partner_org).update(
        accepted_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    commitment = Commitment.objects.get(pk=commitment.pk)
    assert commitment.is_joint
    assert commitment.awaited == []


def test_one_organisation_alone_is_not_joint(goal, organisation):
    assert not make_commitment(goal, organisation).is_joint


def test_record_counts_on_time_late_overdue_and_dropped(goal, organisation):
    today = datetime.date(2026, 7, 10)
    make_commitment(goal, organisation, due_date=DUE, status="done", completed_on=DUE)
    make_commitment(
        goal, organisation, due_date=DUE, status="done", completed_on=DUE + datetime.timedelta(1)
    )
    make_commitment(goal, organisation, due_date=DUE)
    make_commitment(goal, organisation, due_date=DUE, status="dropped", dropped_reason="No site.")
    make_commitment(goal, organisation, due_date=today)
    record = Commitment.objects.all().record(today)
    assert record == {
        "total": 5,
        "done_on_time": 1,
        "done_late": 1,
        "overdue": 1,
        "dropped": 1,
        "on_course": 1,
    }
