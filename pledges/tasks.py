"""The pledges app's emails, sent by the task backend (``manage.py db_worker``): due-date
reminders and "it's on" / "it will not go ahead" emails.

The services (``pledges/services.py``) queue these on commit; the scheduler
(``pledges/scheduler.py``) claims each reminder before queueing it. Nothing here writes
anything but the per-recipient "told" claims, and nothing here imports the services.
"""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core import emails
from pledges.models import Pledge, PledgeJoin
from pledges.permissions import pledger_name

Status = Pledge.Status
Condition = Pledge.Condition

REMINDER_EMAIL = "pledges/email/pledge_reminder"
OUTCOME_EMAIL = "pledges/email/pledge_outcome"


def _pledge(pledge_id: int):
    return (
        Pledge.objects.select_related("goal", "organisation", "author").filter(pk=pledge_id).first()
    )


@task()
def send_pledge_reminder(pledge_id: int, kind: str) -> bool:
    """Email the pledger that their pledge is due in a week (``kind="week"``) or today
    (``"due"``). The scheduler has already claimed the reminder, so this runs once."""
    pledge = _pledge(pledge_id)
    if pledge is None or pledge.status != Status.ACTIVE:
        return False
    url = pledge.get_absolute_url()
    context = {
        "pledge": pledge,
        "kind": kind,
        "pledge_url": emails.absolute(url),
        "update_url": emails.absolute(url + "update/"),
    }
    return emails.send(pledge.author, REMINDER_EMAIL, context)


def _outcome_context(pledge) -> dict:
    return {
        "pledge": pledge,
        "pledger_name": pledger_name(pledge),
        "succeeded": pledge.condition == Condition.SUCCEEDED,
        "withdrawn_early": bool(
            pledge.condition == Condition.LAPSED
            and pledge.condition_decided_at
            and pledge.join_deadline
            and timezone.localdate(pledge.condition_decided_at) <= pledge.join_deadline
        ),
        "pledge_url": emails.absolute(pledge.get_absolute_url()),
    }


@task()
def notify_pledge_outcome(pledge_id: int) -> int:
    """Tell the pledger and every joiner, once each, that a conditional pledge is on
    (succeeded) or will not go ahead (lapsed or withdrawn). Safe to run any number of
    times: each recipient is claimed with a conditional UPDATE before their email is
    sent, and the claim is rolled back if sending fails."""
    pledge = _pledge(pledge_id)
    if pledge is None or pledge.condition not in (Condition.SUCCEEDED, Condition.LAPSED):
        return 0
    context = _outcome_context(pledge)
    sent = 0
    with transaction.atomic():
        claimed = Pledge.objects.filter(pk=pledge.pk, author_told_outcome_at__isnull=True).update(
            author_told_outcome_at=timezone.now()
        )
        if claimed and emails.send(pledge.author, OUTCOME_EMAIL, {**context, "is_pledger": True}):
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
            if claimed and emails.send(join.user, OUTCOME_EMAIL, {**context, "is_pledger": False}):
                sent += 1
    return sent
