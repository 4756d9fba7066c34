"""Everything time-driven about commitments: the digests (every app's, from
``accounts.digest``), and reminders to the owners a week before a due date and once it
is overdue.

Run it from cron (``manage.py run_commitment_scheduler``, hourly) or queue the task
:func:`run_commitment_scheduler`. Idempotent and safe on several machines at once: each
digest and each reminder is ``core.emails.send_once`` under its own key, and digests
take their items with ``SKIP LOCKED`` (``accounts.digest``).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.digest import send_digests
from commitments.models import Commitment
from core.emails import absolute, send_once
from organisations.models import Membership

#: The first reminder goes this many days before the due date.
REMINDER_DAYS_BEFORE = 7


@dataclass
class SchedulerReport:
    digests: int = 0
    due_reminders: int = 0
    overdue_reminders: int = 0


def owners(commitment):
    """The people who speak for the organisations that accepted ``commitment``."""
    accepted = [row.organisation_id for row in commitment.named.all() if row.accepted_at]
    memberships = (
        Membership.objects.filter(organisation_id__in=accepted, status=Membership.Status.ACTIVE)
        .filter(Q(role=Membership.Role.ADMIN) | Q(is_editor=True))
        .select_related("user")
        .order_by("pk")
    )
    return list({m.user_id: m.user for m in memberships}.values())


def _remind(commitment, kind: str) -> int:
    subject = (_("Overdue: %(title)s") if kind == "overdue" else _("Due in a week: %(title)s")) % {
        "title": commitment.title[:80]
    }
    context = {
        "commitment": commitment,
        "kind": kind,
        "url": absolute(commitment.get_absolute_url()),
    }
    return sum(
        send_once(
            user,
            f"commitment:{commitment.pk}:{kind}",
            subject,
            "commitments/email/reminder.txt",
            context,
        )
        for user in owners(commitment)
    )


def send_reminders(today: datetime.date) -> tuple[int, int]:
    """A week before the due date, and once overdue: each owner once for each."""
    open_ones = Commitment.objects.visible_to(None).still_open().prefetch_related("named")
    soon = open_ones.due_between(today, today + datetime.timedelta(days=REMINDER_DAYS_BEFORE))
    due = sum(_remind(c, "due") for c in soon)
    overdue = sum(_remind(c, "overdue") for c in open_ones.overdue(today))
    return due, overdue


def run_scheduler(now: datetime.datetime | None = None) -> SchedulerReport:
    now = now or timezone.now()
    report = SchedulerReport()
    report.digests = send_digests(now)
    report.due_reminders, report.overdue_reminders = send_reminders(timezone.localtime(now).date())
    return report


@task()
def run_commitment_scheduler() -> dict:
    """Send the digests and the reminders that are due (idempotent)."""
    report = run_scheduler()
    return {
        "digests": report.digests,
        "due_reminders": report.due_reminders,
        "overdue_reminders": report.overdue_reminders,
    }
