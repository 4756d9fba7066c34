"""Background work of the goals app, run by the task backend (``manage.py db_worker``).

Pledge tasks: reminder emails, "it's on" / "it lapsed" emails, and the scheduler itself
(so a periodic job can enqueue it instead of cron running the management command).
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override
from django_tasks import task

logger = logging.getLogger(__name__)


def _site_url(path: str) -> str:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    base = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/") + path


def _can_email(user) -> bool:
    return bool(user.is_active and user.email and user.anonymised_at is None)


def _send(template: str, user, context: dict) -> None:
    with override(settings.LANGUAGE_CODE):
        context = {**context, "recipient": user}
        subject = render_to_string(f"pledges/email/{template}_subject.txt", context)
        body = render_to_string(f"pledges/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


def _pledge(pledge_id: int):
    from pledges.models import Pledge

    return (
        Pledge.objects.select_related("goal", "organisation", "author").filter(pk=pledge_id).first()
    )


@task()
def send_pledge_reminder(pledge_id: int, kind: str) -> bool:
    """Email the pledger that their pledge is due in a week (``kind="week"``) or today
    (``"due"``). The scheduler has already claimed the reminder, so this runs once."""
    from pledges.models import Pledge

    pledge = _pledge(pledge_id)
    if pledge is None or pledge.status != Pledge.Status.ACTIVE or not _can_email(pledge.author):
        return False
    context = {
        "pledge": pledge,
        "kind": kind,
        "pledge_url": _site_url(pledge.get_absolute_url()),
        "update_url": _site_url(pledge.get_absolute_url() + "update/"),
    }
    _send("pledge_reminder", pledge.author, context)
    return True


@task()
def notify_pledge_outcome(pledge_id: int) -> int:
    """Tell the pledger and every joiner, once each, that a conditional pledge is on
    (succeeded) or will not go ahead (lapsed or withdrawn). Safe to run any number of
    times: each recipient is claimed with a conditional UPDATE before their email is
    sent, and the claim is rolled back if sending fails."""
    from pledges.models import Pledge, PledgeJoin
    from pledges.permissions import pledger_name

    pledge = _pledge(pledge_id)
    if pledge is None or pledge.condition not in (
        Pledge.Condition.SUCCEEDED,
        Pledge.Condition.LAPSED,
    ):
        return 0
    context = {
        "pledge": pledge,
        "pledger_name": pledger_name(pledge),
        "succeeded": pledge.condition == Pledge.Condition.SUCCEEDED,
        "withdrawn_early": bool(
            pledge.condition == Pledge.Condition.LAPSED
            and pledge.condition_decided_at
            and pledge.join_deadline
            and timezone.localdate(pledge.condition_decided_at) <= pledge.join_deadline
        ),
        "pledge_url": _site_url(pledge.get_absolute_url()),
    }
    sent = 0
    with transaction.atomic():
        claimed = Pledge.objects.filter(pk=pledge.pk, author_told_outcome_at__isnull=True).update(
            author_told_outcome_at=timezone.now()
        )
        if claimed and _can_email(pledge.author):
            _send("pledge_outcome", pledge.author, {**context, "is_pledger": True})
            sent += 1
    pending = (
        PledgeJoin.objects.filter(pledge=pledge, told_outcome_at__isnull=True)
        .select_related("user")
        .order_by("pk")
    )
    for join in pending:
        with transaction.atomic():
            claimed = PledgeJoin.objects.filter(pk=join.pk, told_outcome_at__isnull=True).update(
                told_outcome_at=timezone.now()
            )
            if claimed and _can_email(join.user):
                _send("pledge_outcome", join.user, {**context, "is_pledger": False})
                sent += 1
    return sent


@task()
def run_pledge_scheduler() -> dict:
    """Send due reminders and settle lapsed conditional pledges (idempotent)."""
    from pledges.services import run_scheduler

    report = run_scheduler()
    return {
        "week_reminders": report.week_reminders,
        "due_reminders": report.due_reminders,
        "lapsed": report.lapsed,
    }
