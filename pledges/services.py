"""Writes for pledges. Each runs in one transaction and logs what it changed.

Exactness under concurrency comes from the database, not the process:

* one join per person is the ``unique_join_per_user_pledge`` constraint;
* ``join_count`` moves with ``F()`` in the same transaction as the join row, with the
  pledge row locked (``select_for_update``), so the counter always equals the rows;
* a condition moves OPEN → SUCCEEDED or OPEN → LAPSED with a *conditional* UPDATE
  (``filter(condition=OPEN).update(...)``), so it happens exactly once;
* reminders are claimed with a conditional UPDATE of ``*_reminder_sent_at`` before the
  email task is queued, so two schedulers never both send one;
* outcome emails are claimed per recipient (``author_told_outcome_at`` on the pledge,
  ``told_outcome_at`` on each join), so everyone is told once, including people who join
  after a pledge has already succeeded.

Emails go out through the task backend (``pledges/tasks.py``), queued on commit.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import opendata, page_cache
from core.audit import record
from goals.models import GoalPage
from pledges import permissions as perms
from pledges.models import Pledge, PledgeJoin, PledgeUpdate

Status = Pledge.Status
Condition = Pledge.Condition

#: A second identical submission within this window is treated as a double-click.
DOUBLE_SUBMIT_WINDOW = datetime.timedelta(minutes=2)
#: The "due" reminder still goes out if the scheduler missed the day itself by this much.
DUE_REMINDER_GRACE_DAYS = 2


class PledgeError(Exception):
    """A request the rules refuse (shown to the person as a message, never a 500)."""


def _enqueue_on_commit(task, *args):
    transaction.on_commit(lambda: task.enqueue(*args))


def _data_changed():
    """Queryset ``update()`` sends no signals: mark the open data files stale on commit,
    and cached pages and fragments (core.fragments: the goal index's pledge counts)."""
    transaction.on_commit(opendata.bump)
    page_cache.bump()


# Making a pledge ---------------------------------------------------------------------


def make_pledge(
    user,
    goal: GoalPage,
    *,
    text: str,
    organisation=None,
    due_date=None,
    ambition=None,
    show_name: bool = True,
    made_from=None,
    threshold: int | None = None,
    join_deadline=None,
) -> Pledge:
    """Create a pledge; refuse (``PermissionDenied``) anyone who may not make it.

    Idempotent on a double-click: the same person pledging the same words to the same
    goal for the same organisation within two minutes gets the first pledge back.
    """
    if organisation is not None and not perms.can_pledge_for(user, organisation):
        raise PermissionDenied(_("You can only pledge for an organisation you belong to."))
    if not perms.can_pledge(user):
        raise PermissionDenied(_("Verify your email address before you pledge."))
    if ambition is not None and ambition.goal_id != goal.pk:
        raise ValidationError(_("That ambition belongs to another goal."))
    conditional = threshold is not None
    if conditional and (threshold < 1 or join_deadline is None):
        raise ValidationError(_("A conditional pledge needs a number of people and a date."))
    text = text.strip()

    with transaction.atomic():
        # Serialise one person's pledging, so a double-click cannot create two pledges.
        User.objects.select_for_update().filter(pk=user.pk).first()
        duplicate = Pledge.objects.filter(
            author=user,
            goal=goal,
            organisation=organisation,
            text=text,
            created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
        ).first()
        if duplicate is not None:
            return duplicate
        pledge = Pledge.objects.create(
            goal=goal,
            made_from=made_from,
            author=user,
            organisation=organisation,
            ambition=ambition,
            text=text,
            due_date=due_date,
            show_name=show_name,
            condition=Condition.OPEN if conditional else Condition.NONE,
            threshold=threshold if conditional else None,
            join_deadline=join_deadline if conditional else None,
        )
        record(
            user,
            "pledge.created",
            pledge,
            {"goal": goal.pk, "organisation": organisation.pk if organisation else None},
        )
    return pledge


# Progress and status -----------------------------------------------------------------


def _set_status(actor, pledge: Pledge, to_status: str, reason: str = "", update=None) -> None:
    """Move a locked pledge to ``to_status`` and log it. Caller holds the transaction."""
    from_status = pledge.status
    if from_status == to_status:
        return
    changes = {"status": to_status}
    if to_status == Status.WITHDRAWN and pledge.condition == Condition.OPEN:
        # A withdrawn pledge will not go ahead: settle its condition now, so the
        # scheduler does not lapse it later, and tell the people who joined.
        changes.update(condition=Condition.LAPSED, condition_decided_at=timezone.now())
    Pledge.objects.filter(pk=pledge.pk).update(**changes, updated_at=timezone.now())
    for field, value in changes.items():
        setattr(pledge, field, value)
    detail = {"from": from_status, "to": to_status}
    if reason:
        detail["reason"] = reason
    if update is not None:
        detail["update"] = update.pk  # the progress update that says why
    record(actor, "pledge.status", pledge, detail)
    _data_changed()
    if changes.get("condition") == Condition.LAPSED:
        from pledges.tasks import notify_pledge_outcome

        _enqueue_on_commit(notify_pledge_outcome, pledge.pk)


def post_update(
    user, pledge_id: int, *, text: str, evidence_url: str = "", status: str | None = None
) -> PledgeUpdate:
    """Post a dated progress update, optionally moving the pledge to a new status."""
    text = text.strip()
    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().get(pk=pledge_id)
        if not perms.can_post_update(user, pledge):
            raise PermissionDenied(_("You cannot post updates on this pledge."))
        status = status or pledge.status
        if status != pledge.status and not perms.can_change_status(user, pledge, status):
            raise ValidationError(
                _("A pledge that is “%(from)s” cannot be marked “%(to)s”.")
                % {"from": pledge.get_status_display(), "to": Status(status).label}
            )
        duplicate = PledgeUpdate.objects.filter(
            pledge=pledge,
            author=user,
            text=text,
            status=status,
            created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
        ).first()
        if duplicate is not None:
            return duplicate
        update = PledgeUpdate.objects.create(
            pledge=pledge, author=user, text=text, evidence_url=evidence_url, status=status
        )
        if status != pledge.status:
            _set_status(user, pledge, status, update=update)
        else:
            Pledge.objects.filter(pk=pledge.pk).update(updated_at=timezone.now())
            _data_changed()
    return update


def change_status(user, pledge_id: int, to_status: str, reason: str = "") -> Pledge:
    """Change a status without an update (a convenor reopening a pledge, with a reason)."""
    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().get(pk=pledge_id)
        if pledge.status == to_status:
            return pledge
        if not perms.can_change_status(user, pledge, to_status):
            raise PermissionDenied(_("You cannot make that change to this pledge."))
        _set_status(user, pledge, to_status, reason)
    return pledge


# Joining conditional pledges ---------------------------------------------------------


@dataclass
class JoinResult:
    pledge: Pledge
    joined: bool  # False when the person had already joined
    succeeded_now: bool  # this join was the one that made the pledge succeed


def join_pledge(user, pledge_id: int, today=None) -> JoinResult:
    """Join a conditional pledge. Idempotent: joining twice keeps one join."""
    now = timezone.now()
    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().get(pk=pledge_id)
        if PledgeJoin.objects.filter(pledge=pledge, user=user).exists():
            return JoinResult(pledge, joined=False, succeeded_now=False)
        if not perms.can_join(user, pledge, today):
            raise PledgeError(_("This pledge is not taking new people."))
        try:
            with transaction.atomic():
                PledgeJoin.objects.create(pledge=pledge, user=user)
        except IntegrityError:
            return JoinResult(pledge, joined=False, succeeded_now=False)
        Pledge.objects.filter(pk=pledge.pk).update(join_count=F("join_count") + 1)
        _data_changed()
        pledge.refresh_from_db(fields=["join_count", "condition", "condition_decided_at"])
        succeeded_now = False
        if pledge.condition == Condition.OPEN and pledge.join_count >= pledge.threshold:
            succeeded_now = bool(
                Pledge.objects.filter(pk=pledge.pk, condition=Condition.OPEN).update(
                    condition=Condition.SUCCEEDED, condition_decided_at=now
                )
            )
            if succeeded_now:
                pledge.condition = Condition.SUCCEEDED
                pledge.condition_decided_at = now
                record(
                    None,
                    "pledge.condition",
                    pledge,
                    {"from": Condition.OPEN, "to": Condition.SUCCEEDED, "joins": pledge.join_count},
                )
        if pledge.condition == Condition.SUCCEEDED:
            # Tells everyone not yet told (the pledger and every joiner) exactly once;
            # someone who joins after success is told it is already on.
            from pledges.tasks import notify_pledge_outcome

            _enqueue_on_commit(notify_pledge_outcome, pledge.pk)
    return JoinResult(pledge, joined=True, succeeded_now=succeeded_now)


def leave_pledge(user, pledge_id: int) -> Pledge:
    """Leave a conditional pledge that is still waiting; a settled count stays."""
    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().get(pk=pledge_id)
        if not perms.can_leave(user, pledge):
            raise PledgeError(_("This pledge has been settled; joins can no longer change."))
        deleted, _rows = PledgeJoin.objects.filter(pledge=pledge, user=user).delete()
        if deleted:
            Pledge.objects.filter(pk=pledge.pk).update(join_count=F("join_count") - 1)
            _data_changed()
            pledge.refresh_from_db(fields=["join_count"])
    return pledge


# The scheduler -----------------------------------------------------------------------


@dataclass
class SchedulerReport:
    week_reminders: int = 0
    due_reminders: int = 0
    lapsed: int = 0


def _reminder_candidates(today):
    return Pledge.objects.filter(
        status=Status.ACTIVE,
        condition__in=[Condition.NONE, Condition.SUCCEEDED],
        due_date__isnull=False,
    )


def settle_lapsed_pledges(today=None) -> int:
    """Lapse every conditional pledge whose join deadline has passed; tell everyone once."""
    from pledges.tasks import notify_pledge_outcome

    today = today or timezone.localdate()
    lapsed = 0
    due = Pledge.objects.filter(condition=Condition.OPEN, join_deadline__lt=today)
    for pledge_id in due.values_list("pk", flat=True).order_by("pk"):
        with transaction.atomic():
            now = timezone.now()
            changed = Pledge.objects.filter(pk=pledge_id, condition=Condition.OPEN).update(
                condition=Condition.LAPSED, condition_decided_at=now
            )
            if not changed:
                continue  # another scheduler, or the last join, settled it first
            pledge = Pledge.objects.select_for_update().get(pk=pledge_id)
            record(
                None,
                "pledge.condition",
                pledge,
                {"from": Condition.OPEN, "to": Condition.LAPSED, "joins": pledge.join_count},
            )
            _set_status(None, pledge, Status.WITHDRAWN, reason="lapsed")
            _enqueue_on_commit(notify_pledge_outcome, pledge_id)
            lapsed += 1
    return lapsed


def send_due_reminders(today=None) -> tuple[int, int]:
    """Queue the week-before and on-the-day reminders, each claimed once."""
    from pledges.tasks import send_pledge_reminder

    today = today or timezone.localdate()
    week = 0
    day = 0
    candidates = _reminder_candidates(today)
    week_ids = candidates.filter(
        week_reminder_sent_at__isnull=True,
        due_reminder_sent_at__isnull=True,
        due_date__gt=today,
        due_date__lte=today + datetime.timedelta(days=7),
    ).values_list("pk", flat=True)
    for pledge_id in list(week_ids):
        with transaction.atomic():
            if Pledge.objects.filter(pk=pledge_id, week_reminder_sent_at__isnull=True).update(
                week_reminder_sent_at=timezone.now()
            ):
                _enqueue_on_commit(send_pledge_reminder, pledge_id, "week")
                week += 1
    day_ids = candidates.filter(
        due_reminder_sent_at__isnull=True,
        due_date__lte=today,
        due_date__gte=today - datetime.timedelta(days=DUE_REMINDER_GRACE_DAYS),
    ).values_list("pk", flat=True)
    for pledge_id in list(day_ids):
        with transaction.atomic():
            if Pledge.objects.filter(pk=pledge_id, due_reminder_sent_at__isnull=True).update(
                due_reminder_sent_at=timezone.now()
            ):
                _enqueue_on_commit(send_pledge_reminder, pledge_id, "due")
                day += 1
    return week, day


def run_scheduler(today=None) -> SchedulerReport:
    """Everything time-driven about pledges. Idempotent: run it as often as you like."""
    today = today or timezone.localdate()
    report = SchedulerReport()
    report.lapsed = settle_lapsed_pledges(today)
    report.week_reminders, report.due_reminders = send_due_reminders(today)
    return report
