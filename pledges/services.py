"""Writes for pledges. Each runs in one transaction and logs what it changed.

Exactness under concurrency comes from the database, not the process:

* a double-click makes one pledge (or one update): ``core.locks.create_unless_repeated``;
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

What the rules refuse raises ``core.exceptions.ActionRefused``; invalid input raises
``ValidationError``. Emails go out through the task backend (``pledges/tasks.py``),
queued on commit; what is time-driven is in ``pledges/scheduler.py``.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import opendata, page_cache
from core.audit import record
from core.exceptions import ActionRefused
from core.locks import create_unless_repeated
from core.tasks import enqueue_on_commit
from goals.models import GoalPage
from pledges import permissions as perms
from pledges.models import Pledge, PledgeJoin, PledgeUpdate
from pledges.tasks import notify_pledge_outcome, send_pledge_reminder

Status = Pledge.Status
Condition = Pledge.Condition

#: The reminder each ``kind`` claims: the field that says it was sent.
REMINDER_FIELDS = {"week": "week_reminder_sent_at", "due": "due_reminder_sent_at"}


def _data_changed():
    """Queryset ``update()`` sends no signals: mark the open data files stale on commit,
    and cached pages and fragments (core.fragments: the goal index's pledge counts)."""
    transaction.on_commit(opendata.bump, robust=True)
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
    areas=(),
) -> Pledge:
    """Create a pledge; refuse (``ActionRefused``) anyone who may not make it.

    Idempotent on a double-click: the same person pledging the same words to the same
    goal for the same organisation within ``core.locks.REPEAT_WINDOW`` gets the first
    pledge back.
    """
    if organisation is not None and not perms.can_pledge_for(user, organisation):
        raise ActionRefused(_("You can only pledge for an organisation you belong to."))
    if not perms.can_pledge(user):
        raise ActionRefused(_("Verify your email address before you pledge."))
    if ambition is not None and ambition.goal_id != goal.pk:
        raise ValidationError(_("That ambition belongs to another goal."))
    conditional = threshold is not None
    if conditional and (threshold < 1 or join_deadline is None):
        raise ValidationError(_("A conditional pledge needs a number of people and a date."))
    text = text.strip()

    with transaction.atomic():
        same = Pledge.objects.filter(author=user, goal=goal, organisation=organisation, text=text)
        pledge, created = create_unless_repeated(
            user,
            same,
            lambda: Pledge.objects.create(
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
            ),
        )
        if not created:
            return pledge
        if areas:
            pledge.areas.set(areas)
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
        enqueue_on_commit(notify_pledge_outcome, pledge.pk)


def post_update(
    user, pledge_id: int, *, text: str, evidence_url: str = "", status: str | None = None
) -> PledgeUpdate:
    """Post a dated progress update, optionally moving the pledge to a new status."""
    text = text.strip()
    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().get(pk=pledge_id)
        if not perms.can_post_update(user, pledge):
            raise ActionRefused(_("You cannot post updates on this pledge."))
        status = status or pledge.status
        if status != pledge.status and not perms.can_change_status(user, pledge, status):
            raise ValidationError(
                {
                    "status": _("A pledge that is “%(from)s” cannot be marked “%(to)s”.")
                    % {"from": pledge.get_status_display(), "to": Status(status).label}
                }
            )
        same = PledgeUpdate.objects.filter(pledge=pledge, author=user, text=text, status=status)
        update, created = create_unless_repeated(
            user,
            same,
            lambda: PledgeUpdate.objects.create(
                pledge=pledge, author=user, text=text, evidence_url=evidence_url, status=status
            ),
        )
        if not created:
            return update
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
            raise ActionRefused(_("You cannot make that change to this pledge."))
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
            raise ActionRefused(_("This pledge is not taking new people."))
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
            enqueue_on_commit(notify_pledge_outcome, pledge.pk)
    return JoinResult(pledge, joined=True, succeeded_now=succeeded_now)


def leave_pledge(user, pledge_id: int) -> Pledge:
    """Leave a conditional pledge that is still waiting; a settled count stays."""
    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().get(pk=pledge_id)
        if not perms.can_leave(user, pledge):
            raise ActionRefused(_("This pledge has been settled; joins can no longer change."))
        deleted, _rows = PledgeJoin.objects.filter(pledge=pledge, user=user).delete()
        if deleted:
            Pledge.objects.filter(pk=pledge.pk).update(join_count=F("join_count") - 1)
            _data_changed()
            pledge.refresh_from_db(fields=["join_count"])
    return pledge


# What the scheduler does, one pledge at a time -------------------------------------


def lapse_pledge(pledge_id: int, today: datetime.date) -> bool:
    """Lapse a conditional pledge still waiting after its join deadline (before
    ``today``): it is withdrawn, and everyone is told once. False when there was nothing
    to do (not waiting, not past its deadline, or another scheduler or the last join
    settled it first)."""
    with transaction.atomic():
        changed = Pledge.objects.filter(
            pk=pledge_id, condition=Condition.OPEN, join_deadline__lt=today
        ).update(condition=Condition.LAPSED, condition_decided_at=timezone.now())
        if not changed:
            return False
        pledge = Pledge.objects.select_for_update().get(pk=pledge_id)
        record(
            None,
            "pledge.condition",
            pledge,
            {"from": Condition.OPEN, "to": Condition.LAPSED, "joins": pledge.join_count},
        )
        _set_status(None, pledge, Status.WITHDRAWN, reason="lapsed")
        enqueue_on_commit(notify_pledge_outcome, pledge_id)
    return True


def claim_reminder(pledge_id: int, kind: str) -> bool:
    """Claim the ``"week"`` or ``"due"`` reminder of a pledge and queue its email; False
    when it was claimed before (by an earlier run or another scheduler)."""
    field = REMINDER_FIELDS[kind]
    with transaction.atomic():
        claimed = Pledge.objects.filter(pk=pledge_id, **{f"{field}__isnull": True}).update(
            **{field: timezone.now()}
        )
        if claimed:
            enqueue_on_commit(send_pledge_reminder, pledge_id, kind)
    return bool(claimed)
