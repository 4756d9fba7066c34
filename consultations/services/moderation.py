"""Reports and moderation: reporting a proposal or comment (hidden automatically at the
consultation's threshold) and a moderator's approve, hide, restore or reject."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations import permissions, tasks
from consultations.models import Comment, ModerationEvent, ModerationState, Proposal, Report
from consultations.services.comments import comment_count_delta
from consultations.services.common import now_or
from core.audit import record
from core.exceptions import ActionRefused
from core.tasks import enqueue_on_commit

AUTO_HIDE_REASON = gettext_lazy("reported by several people; a moderator will review it")


def _item_kwargs(item):
    if isinstance(item, Proposal):
        return {"proposal": item}
    if isinstance(item, Comment):
        return {"comment": item}
    raise TypeError("Only proposals and comments can be reported or moderated.")


def _consultation_of(item):
    if isinstance(item, Proposal):
        return item.consultation
    return item.proposal.consultation


def _locked(item):
    model = type(item)
    related = "consultation" if model is Proposal else "proposal__consultation"
    return model.objects.select_for_update(of=("self",)).select_related(related).get(pk=item.pk)


def report(user, item, *, reason, note="", at=None):
    """Report a proposal or comment. One report per person per item: a second report
    returns the first. At the consultation's threshold the item is hidden automatically
    (recorded as an ``AUTO_HIDE`` moderation event) until a moderator looks.

    Returns ``(report, created)``.
    """
    at = now_or(at)
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    note = (note or "").strip()
    if len(note) > 1000:
        raise ValidationError({"note": _("Keep the note to 1,000 characters or fewer.")})
    with transaction.atomic():
        item = _locked(item)
        target = _item_kwargs(item)
        existing = Report.objects.filter(user=user, **_item_kwargs(item)).first()
        if existing is not None:
            return existing, False
        if not permissions.can_report(user, item, at):
            raise ActionRefused(_("This cannot be reported."))
        try:
            with transaction.atomic():
                new_report = Report.objects.create(
                    user=user, reason=reason, note=note, **_item_kwargs(item)
                )
        except IntegrityError:
            return Report.objects.get(user=user, **_item_kwargs(item)), False
        type(item).objects.filter(pk=item.pk).update(report_count=F("report_count") + 1)
        item.report_count += 1
        threshold = _consultation_of(item).report_threshold
        if (
            threshold
            and item.report_count >= threshold
            and item.moderation_state == ModerationState.PUBLISHED
        ):
            _set_state(item, ModerationState.HIDDEN, str(AUTO_HIDE_REASON))
            ModerationEvent.objects.create(
                action=ModerationEvent.ActionTaken.AUTO_HIDE,
                note=_("Hidden after %(count)s reports.") % {"count": item.report_count},
                at=at,
                **target,
            )
    return new_report, True


MODERATION_ACTIONS = {
    # action: (states it applies to, the state it leads to)
    ModerationEvent.ActionTaken.APPROVE: ((ModerationState.PENDING,), ModerationState.PUBLISHED),
    ModerationEvent.ActionTaken.HIDE: (
        (ModerationState.PUBLISHED, ModerationState.PENDING),
        ModerationState.HIDDEN,
    ),
    ModerationEvent.ActionTaken.RESTORE: (
        (ModerationState.HIDDEN, ModerationState.REJECTED),
        ModerationState.PUBLISHED,
    ),
    ModerationEvent.ActionTaken.REJECT: (
        (ModerationState.PENDING, ModerationState.PUBLISHED, ModerationState.HIDDEN),
        ModerationState.REJECTED,
    ),
}
REASON_REQUIRED = {ModerationEvent.ActionTaken.HIDE, ModerationEvent.ActionTaken.REJECT}


def _set_state(item, new_state, reason_text):
    old_state = item.moderation_state
    item.moderation_state = new_state
    item.moderation_reason = reason_text
    item.save(update_fields=["moderation_state", "moderation_reason"])
    if isinstance(item, Comment):
        delta = comment_count_delta(old_state, new_state)
        if delta:
            Proposal.objects.filter(pk=item.proposal_id).update(
                comment_count=F("comment_count") + delta
            )


def moderate(moderator, item, *, action, reason="", note="", at=None):
    """Approve, hide, restore or reject a proposal or comment, with a reason.

    Records a ``ModerationEvent`` (who, when, what, why), resolves open reports, and emails
    the author the outcome. Repeating an action that is already in effect does nothing and
    returns ``None``; otherwise returns the event.
    """
    at = now_or(at)
    if not permissions.can_moderate(moderator, item, at):
        raise ActionRefused(_("Only moderators can do this."))
    if action not in MODERATION_ACTIONS:
        raise ValidationError({"action": _("Choose what to do.")})
    if reason and reason not in Report.Reason.values:
        raise ValidationError({"reason": _("Choose a reason from the moderation policy.")})
    if action in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Give the reason, from the moderation policy.")})
    note = (note or "").strip()[:2000]
    from_states, to_state = MODERATION_ACTIONS[action]
    with transaction.atomic():
        item = _locked(item)
        if item.moderation_state == to_state:
            return None  # already done (a double-click, or another moderator)
        if item.moderation_state not in from_states:
            raise ActionRefused(_("That action does not apply to this item now."))
        reason_text = str(Report.Reason(reason).label) if action in REASON_REQUIRED else ""
        _set_state(item, to_state, reason_text)
        event = ModerationEvent.objects.create(
            action=action,
            reason=reason,
            note=note,
            moderator=moderator,
            at=at,
            **_item_kwargs(item),
        )
        Report.objects.filter(resolved_at__isnull=True, **_item_kwargs(item)).update(resolved_at=at)
        record(moderator, f"moderation.{action}", item, {"reason": reason, "event": event.pk})
        enqueue_on_commit(tasks.email_author_about_moderation, event.pk)
    return event
