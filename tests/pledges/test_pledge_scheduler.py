"""The pledge scheduler: reminders a week before and on the day, lapsing conditional pledges;
every email queued once and only once, however often it runs."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks.signals import task_enqueued

from core.models import AuditEvent
from pledges.models import Pledge
from tests.concurrency import run_at_once
from tests.factories import ConditionalPledgeFactory, PledgeFactory, PledgeJoinFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def enqueued():
    names = []

    def receiver(sender, task_result, **kwargs):
        if task_result.task.module_path.startswith("pledges.tasks."):
            names.append((task_result.task.name, tuple(task_result.args)))

    task_enqueued.connect(receiver)
    yield names
    task_enqueued.disconnect(receiver)


def run(captured, today=TODAY):
    out = StringIO()
    with captured(execute=True):
        call_command("run_pledge_scheduler", today=today.isoformat(), stdout=out)
    return out.getvalue()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def test_week_and_day_reminders_each_sent_once(goal, django_capture_on_commit_callbacks, enqueued):
    pledge = PledgeFactory(goal=goal, due_date=days(7), text="We will open a repair café.")

    first = run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)

    assert "1 week-ahead reminder(s)" in first
    assert enqueued == [("send_pledge_reminder", (pledge.pk, "week"))]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [pledge.author.email]
    assert mail.outbox[0].subject == "Your pledge is due in a week"
    assert "repair café" in mail.outbox[0].body

    run(django_capture_on_commit_callbacks, today=days(7))
    run(django_capture_on_commit_callbacks, today=days(7))
    run(django_capture_on_commit_callbacks, today=days(8))

    assert [m.subject for m in mail.outbox] == [
        "Your pledge is due in a week",
        "Your pledge is due today",
    ]
    pledge.refresh_from_db()
    assert pledge.week_reminder_sent_at is not None
    assert pledge.due_reminder_sent_at is not None


def test_no_reminder_too_early_or_for_settled_pledges(goal, django_capture_on_commit_callbacks):
    PledgeFactory(goal=goal, due_date=days(8))
    PledgeFactory(goal=goal, due_date=days(3), status=Pledge.Status.MET)
    PledgeFactory(goal=goal, due_date=days(0), status=Pledge.Status.WITHDRAWN)
    ConditionalPledgeFactory(goal=goal, due_date=days(20), join_deadline=days(2))
    PledgeFactory(goal=goal, due_date=days(-10))  # long past: no late "due today" email
    run(django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_scheduler_that_missed_the_day_still_sends_the_due_reminder(
    goal, django_capture_on_commit_callbacks
):
    PledgeFactory(goal=goal, due_date=days(-1))
    run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)
    assert [m.subject for m in mail.outbox] == ["Your pledge is due today"]


def test_conditional_pledge_lapses_once_and_everyone_is_told_once(
    goal, django_capture_on_commit_callbacks, enqueued
):
    pledge = ConditionalPledgeFactory(goal=goal, threshold=5, join_deadline=days(-1))
    joiners = [PledgeJoinFactory(pledge=pledge).user for _ in range(2)]
    Pledge.objects.filter(pk=pledge.pk).update(join_count=2)

    first = run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)

    assert "1 lapsed pledge(s)" in first
    pledge.refresh_from_db()
    assert pledge.condition == Pledge.Condition.LAPSED
    assert pledge.status == Pledge.Status.WITHDRAWN
    assert [name for name, _args in enqueued] == ["notify_pledge_outcome"]
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([pledge.author.email, *(user.email for user in joiners)])
    assert all("will not go ahead" in message.subject for message in mail.outbox)
    assert "2 of the 5 needed" in mail.outbox[0].body
    assert (
        AuditEvent.objects.filter(action="pledge.condition", target_id=str(pledge.pk)).count() == 1
    )


def test_pledge_still_open_on_its_deadline_day_does_not_lapse(
    goal, django_capture_on_commit_callbacks
):
    pledge = ConditionalPledgeFactory(goal=goal, join_deadline=TODAY)
    run(django_capture_on_commit_callbacks)
    pledge.refresh_from_db()
    assert pledge.condition == Pledge.Condition.OPEN


def test_bad_date_is_a_command_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("run_pledge_scheduler", today="tomorrow")


def test_scheduler_task_runs_the_same_work(goal, django_capture_on_commit_callbacks):
    from pledges.scheduler import run_pledge_scheduler

    PledgeFactory(goal=goal, due_date=days(2))
    with django_capture_on_commit_callbacks(execute=True):
        result = run_pledge_scheduler.enqueue()
    assert result.return_value == {"week_reminders": 1, "due_reminders": 0, "lapsed": 0}
    assert len(mail.outbox) == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so threads prove nothing",
)
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_send_each_email_once(home_page):
    from pledges.scheduler import run_scheduler
    from tests.factories.pledges import make_goal

    goal = make_goal()
    for n in range(5):
        PledgeFactory(goal=goal, due_date=days(3 + n % 2))
    lapsing = ConditionalPledgeFactory(goal=goal, join_deadline=days(-1))
    PledgeJoinFactory(pledge=lapsing)
    Pledge.objects.filter(pk=lapsing.pk).update(join_count=1)
    _results, errors = run_at_once([lambda: run_scheduler(TODAY)] * 4)

    assert errors == []
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects.count("Your pledge is due in a week") == 5
    assert len([s for s in subjects if "will not go ahead" in s]) == 2  # pledger + joiner
    assert len(mail.outbox) == 7


def test_queued_tasks_moved_from_goals_resolve_to_tasks():
    """A task queued before the move is stored by its old dotted path; the migration
    points it at the new one, which must be a task the worker can import."""
    import importlib

    from django.utils.module_loading import import_string
    from django_tasks.base import Task

    migration = importlib.import_module("pledges.migrations.0001_moved_from_goals")
    for old_path, new_path in migration.TASKS.items():
        if not old_path.startswith("goals.tasks.") or "pledge" not in old_path:
            continue
        task = import_string(new_path)
        assert isinstance(task, Task), new_path
        assert task.module_path == new_path
    assert migration.TASKS["goals.tasks.run_pledge_scheduler"] == (
        "pledges.scheduler.run_pledge_scheduler"
    )


def test_no_reminder_email_to_an_author_who_may_not_be_emailed(
    goal, django_capture_on_commit_callbacks
):
    pledge = PledgeFactory(goal=goal, due_date=days(7))
    pledge.author.is_active = False
    pledge.author.save()
    out = run(django_capture_on_commit_callbacks)
    assert "1 week-ahead reminder(s)" in out
    assert mail.outbox == []
    pledge.refresh_from_db()
    assert pledge.week_reminder_sent_at is not None  # claimed: not tried again


def test_a_pledge_still_open_is_not_lapsed_by_hand_before_its_deadline(goal):
    from pledges import services

    pledge = ConditionalPledgeFactory(goal=goal, join_deadline=TODAY)
    assert services.lapse_pledge(pledge.pk, TODAY) is False
    assert services.lapse_pledge(pledge.pk, days(1)) is True
    assert services.lapse_pledge(pledge.pk, days(1)) is False  # once
    pledge.refresh_from_db()
    assert (pledge.condition, pledge.status) == (Pledge.Condition.LAPSED, Pledge.Status.WITHDRAWN)
