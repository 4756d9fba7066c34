"""Everything time-driven about pledges: due-date reminders (a week before and on the
day) and conditional pledges that lapse at their join deadline.

Run it from cron (``manage.py run_pledge_scheduler``) or by queueing the task
:func:`run_pledge_scheduler` from any periodic job. Idempotent and safe to run on several
machines at once: each reminder and each lapse is claimed in the database by the
services it calls (``pledges.services.claim_reminder`` and ``lapse_pledge``), and the
emails they queue (``pledges.tasks``) claim each recipient once.
"""

from dataclasses import dataclass

from django.utils import timezone
from django_tasks import task

from pledges import selectors, services

#: The "due" reminder still goes out if the scheduler missed the day itself by this much.
DUE_REMINDER_GRACE_DAYS = 2


@dataclass
class SchedulerReport:
    week_reminders: int = 0
    due_reminders: int = 0
    lapsed: int = 0


def settle_lapsed_pledges(today=None) -> int:
    """Lapse every conditional pledge whose join deadline has passed; tell everyone once."""
    today = today or timezone.localdate()
    return sum(
        services.lapse_pledge(pledge_id, today) for pledge_id in selectors.pledges_to_lapse(today)
    )


def send_due_reminders(today=None) -> tuple[int, int]:
    """Queue the week-before and on-the-day reminders, each claimed once."""
    today = today or timezone.localdate()
    week_ids = selectors.week_reminders_due(today)
    day_ids = selectors.due_reminders_due(today, grace_days=DUE_REMINDER_GRACE_DAYS)
    week = sum(services.claim_reminder(pledge_id, "week") for pledge_id in week_ids)
    day = sum(services.claim_reminder(pledge_id, "due") for pledge_id in day_ids)
    return week, day


def run_scheduler(today=None) -> SchedulerReport:
    """Everything time-driven about pledges. Idempotent: run it as often as you like."""
    today = today or timezone.localdate()
    report = SchedulerReport()
    report.lapsed = settle_lapsed_pledges(today)
    report.week_reminders, report.due_reminders = send_due_reminders(today)
    return report


@task()
def run_pledge_scheduler() -> dict:
    """Send due reminders and settle lapsed conditional pledges (idempotent)."""
    report = run_scheduler()
    return {
        "week_reminders": report.week_reminders,
        "due_reminders": report.due_reminders,
        "lapsed": report.lapsed,
    }
