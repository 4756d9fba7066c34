"""Every write of the consultations app.

Each service runs in one transaction, checks the permission predicates itself (callers
may not skip them), is idempotent where a person can double-click or open two tabs,
catches ``IntegrityError`` by class, and keeps the counters (``support_count``,
``comment_count``, ``report_count``) in the same transaction with ``F()`` updates.
Emails are enqueued with ``transaction.on_commit`` so a rolled-back change sends nothing.

A refused action raises :class:`ActionRefused` (a message to show the person); invalid
input raises ``django.core.exceptions.ValidationError``.
"""

import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Follow
from consultations import permissions, tasks
from consultations.models import (
    PUBLIC_STATES,
    Comment,
    ConsultationPage,
    ConsultationResponsePage,
    ModerationEvent,
    ModerationState,
    Proposal,
    ProposalOutcome,
    Report,
    Support,
)
from consultations.unsubscribe import UNSUBSCRIBE_FOLLOW, UNSUBSCRIBE_RESPONSES
from core.audit import record
from core.exceptions import ActionRefused
from core.locks import create_unless_repeated, lock_person

logger = logging.getLogger(__name__)

# A second identical submission within this time is the same click, not a new idea.
DUPLICATE_WINDOW = timedelta(minutes=10)

AUTO_HIDE_REASON = gettext_lazy("reported by several people; a moderator will review it")


def _now(at):
    return at or timezone.now()


def _enqueue(task, *args):
    transaction.on_commit(lambda: task.enqueue(*args))


def _clean_text(value, field, max_length, *, label):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("Enter %(label)s.") % {"label": label}})
    if len(value) > max_length:
        raise ValidationError(
            {
                field: _("%(label)s must be %(max)s characters or fewer.")
                % {"label": label.capitalize(), "max": max_length}
            }
        )
    return value


def _initial_state(consultation):
    if consultation.moderation == ConsultationPage.Moderation.PRE:
        return ModerationState.PENDING
    return ModerationState.PUBLISHED


# Proposals --------------------------------------------------------------------------


def submit_proposal(user, consultation, *, title, body, organisation=None, at=None):
    """Create a proposal. A repeat of the same title and body by the same person within a
    few minutes returns the first one instead of a duplicate."""
    at = _now(at)
    title = _clean_text(title, "title", 140, label=_("a title"))
    body = _clean_text(body, "body", 5000, label=_("your idea"))
    if not permissions.can_propose(user, consultation, at):
        raise ActionRefused(_("This consultation is not taking proposals now."))
    if organisation is not None and not permissions.can_propose_for(
        user, consultation, organisation
    ):
        raise ValidationError(
            {"organisation": _("You can only propose on behalf of an organisation you belong to.")}
        )
    with transaction.atomic():
        proposal, created = create_unless_repeated(
            user,
            Proposal.objects.filter(
                consultation=consultation,
                author=user,
                title=title,
                body=body,
                withdrawn_at__isnull=True,
                created_at__gte=at - DUPLICATE_WINDOW,
            ),
            lambda: Proposal.objects.create(
                consultation=consultation,
                author=user,
                organisation=organisation,
                title=title,
                body=body,
                moderation_state=_initial_state(consultation),
            ),
        )
        if created and at < timezone.now() - timedelta(seconds=1):
            # Only when a caller (tests, imports) backdates ``at``.
            Proposal.objects.filter(pk=proposal.pk).update(created_at=at)
            proposal.created_at = at
    return proposal


def edit_proposal(user, proposal, *, title, body, at=None):
    at = _now(at)
    title = _clean_text(title, "title", 140, label=_("a title"))
    body = _clean_text(body, "body", 5000, label=_("your idea"))
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("consultation")
            .get(pk=proposal.pk)
        )
        if not permissions.can_edit_proposal(user, proposal, at):
            raise ActionRefused(_("This proposal can no longer be edited."))
        if proposal.title == title and proposal.body == body:
            return proposal
        proposal.title, proposal.body, proposal.edited_at = title, body, at
        proposal.save(update_fields=["title", "body", "edited_at"])
    return proposal


def withdraw_proposal(user, proposal, at=None):
    """The author withdraws their proposal (it stays in the record, marked withdrawn)."""
    at = _now(at)
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("consultation")
            .get(pk=proposal.pk)
        )
        if proposal.withdrawn_at is not None and proposal.author_id == user.pk:
            return proposal  # already withdrawn: a second click changes nothing
        if not permissions.can_withdraw_proposal(user, proposal, at):
            raise ActionRefused(_("This proposal can no longer be withdrawn."))
        proposal.withdrawn_at = at
        proposal.save(update_fields=["withdrawn_at"])
    return proposal


# Supports ---------------------------------------------------------------------------


def supports_left(user, consultation):
    """How many more proposals ``user`` may support here (``None`` means unlimited)."""
    if not consultation.supports_per_person:
        return None
    if not (user and user.is_authenticated):
        return consultation.supports_per_person
    used = Support.objects.filter(user=user, proposal__consultation=consultation).count()
    return max(0, consultation.supports_per_person - used)


def support_at_once(user, proposal_id, at=None) -> bool:
    """The common support in one statement, without loading the proposal: True if it
    was added. False means nothing was done; the caller then takes the careful path
    (``add_support``), which decides every case, explains a refusal and returns a repeat.

    Only what ``permissions.can_support`` allows is added: by someone taking part (the
    verified address is checked in the statement), to a published proposal of a live
    consultation with no per-person budget while its support phase is open
    (``SupportQuerySet._OPEN_TARGET``).
    """
    if not permissions.has_participant_account(user):
        return False
    return Support.objects.add_counted_if_open(proposal_id, user, _now(at))


def withdraw_support_at_once(user, proposal_id, at=None) -> bool:
    """As ``support_at_once``, for withdrawing a support (``withdraw_support``)."""
    if not permissions.has_participant_account(user):
        return False
    return Support.objects.remove_counted_if_open(proposal_id, user, _now(at))


def add_support(user, proposal, at=None):
    """Support a proposal. Returns ``(support, created)``: a second click, or a second
    tab, gets the first support back and counts nothing.

    ``proposal`` comes with its consultation and phases, as the view loaded them. In a
    consultation with a per-person budget the person's row is locked first, so the
    budget check and the insert are one step for them however many tabs they use.
    """
    at = _now(at)
    if not permissions.can_support(user, proposal, at):
        existing = Support.objects.filter(proposal=proposal, user=user).first()
        if existing is not None:
            return existing, False
        raise ActionRefused(_("This proposal cannot be supported now."))
    consultation = proposal.consultation
    if consultation.supports_per_person:
        with transaction.atomic():
            lock_person(user)
            _check_support_budget(user, proposal, consultation.supports_per_person)
            support = Support.objects.add_counted(proposal, user)
    else:
        support = Support.objects.add_counted(proposal, user)
    if support is None:
        return Support.objects.get(proposal=proposal, user=user), False
    return support, True


def _check_support_budget(user, proposal, budget):
    used_elsewhere = (
        Support.objects.filter(user=user, proposal__consultation_id=proposal.consultation_id)
        .exclude(proposal=proposal)
        .count()
    )
    if used_elsewhere >= budget:
        raise ActionRefused(
            _(
                "You have used all %(budget)s of your supports in this "
                "consultation. Withdraw one to support something else."
            )
            % {"budget": budget}
        )


def withdraw_support(user, proposal, at=None):
    """Withdraw one's support while the support phase is open. Returns True if a support
    was removed (False when there was none: a second click is harmless)."""
    at = _now(at)
    if not permissions.can_unsupport(user, proposal, at):
        raise ActionRefused(_("Supports can only be withdrawn while the support phase is open."))
    return Support.objects.remove_counted(proposal, user)


# Comments ---------------------------------------------------------------------------


def _comment_delta(old_state, new_state):
    """How ``comment_count`` (comments the public sees, as text or as a placeholder)
    changes when a comment moves between moderation states."""
    return int(new_state in PUBLIC_STATES) - int(old_state in PUBLIC_STATES)


def add_comment(user, proposal, *, body, parent=None, at=None):
    """Comment on a proposal, or reply to a comment (replies to a reply attach to the
    top-level comment: one level of replies)."""
    at = _now(at)
    body = _clean_text(body, "body", 3000, label=_("a comment"))
    proposal = Proposal.objects.select_related("consultation").get(pk=proposal.pk)
    if not permissions.can_comment(user, proposal, at):
        raise ActionRefused(_("Comments are closed on this proposal."))
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise ValidationError({"parent": _("That comment belongs to another proposal.")})
        if parent.parent_id is not None:
            parent = parent.parent
    with transaction.atomic():
        comment, created = create_unless_repeated(
            user,
            Comment.objects.filter(
                proposal=proposal,
                author=user,
                parent=parent,
                body=body,
                created_at__gte=at - DUPLICATE_WINDOW,
            ),
            lambda: Comment.objects.create(
                proposal=proposal,
                author=user,
                parent=parent,
                body=body,
                moderation_state=_initial_state(proposal.consultation),
            ),
        )
        if created and comment.moderation_state in PUBLIC_STATES:
            Proposal.objects.filter(pk=proposal.pk).update(comment_count=F("comment_count") + 1)
    return comment


def edit_comment(user, comment, *, body, at=None):
    at = _now(at)
    body = _clean_text(body, "body", 3000, label=_("a comment"))
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if not permissions.can_edit_comment(user, comment, at):
            raise ActionRefused(_("This comment can no longer be edited."))
        if comment.body != body:
            comment.body, comment.edited_at = body, at
            comment.save(update_fields=["body", "edited_at"])
    return comment


# Reports and moderation ------------------------------------------------------------


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
    at = _now(at)
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
        delta = _comment_delta(old_state, new_state)
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
    at = _now(at)
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
        _enqueue(tasks.email_author_about_moderation, event.pk)
    return event


def moderation_queue():
    """Reported (unresolved) and pending items, oldest first, as ``(kind, item, since)``:
    ``since`` is the first open report, or when a pending item was made."""
    from django.db.models import Exists, Min, OuterRef, Q

    def open_reports(field):
        return Report.objects.filter(resolved_at__isnull=True, **{field: OuterRef("pk")})

    first_report = Min("reports__created_at", filter=Q(reports__resolved_at__isnull=True))

    proposals = (
        Proposal.objects.filter(
            Exists(open_reports("proposal")) | Q(moderation_state=ModerationState.PENDING)
        )
        .annotate(first_report=first_report)
        .select_related("consultation", "author", "organisation")
    )
    comments = (
        Comment.objects.filter(
            Exists(open_reports("comment")) | Q(moderation_state=ModerationState.PENDING)
        )
        .annotate(first_report=first_report)
        .select_related("proposal__consultation", "author")
    )
    rows = [("proposal", p, p.first_report or p.created_at) for p in proposals]
    rows += [("comment", c, c.first_report or c.created_at) for c in comments]
    rows.sort(key=lambda row: row[2])
    return rows


# Responses -------------------------------------------------------------------------


def set_status(convenor, proposal, *, status, response="", merged_into=None, at=None):
    """Set a proposal's official status and the convenor's response, and email its author
    and supporters (once per status). Returns the proposal."""
    at = _now(at)
    if not permissions.can_respond(convenor, proposal, at):
        raise ActionRefused(_("Only convenors can respond to proposals."))
    if status not in Proposal.Status.values:
        raise ValidationError({"status": _("Choose an official status.")})
    response = (response or "").strip()
    if status != Proposal.Status.OPEN and not response:
        raise ValidationError({"response": _("Write the response people will read.")})
    if len(response) > 5000:
        raise ValidationError({"response": _("Keep the response to 5,000 characters or fewer.")})
    if status == Proposal.Status.MERGED:
        if merged_into is None or merged_into.pk == proposal.pk:
            raise ValidationError({"merged_into": _("Choose the proposal it was merged into.")})
        if merged_into.consultation_id != proposal.consultation_id:
            raise ValidationError(
                {"merged_into": _("Choose a proposal from the same consultation.")}
            )
    else:
        merged_into = None
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if (
            proposal.status == status
            and proposal.response == response
            and proposal.merged_into_id == (merged_into.pk if merged_into else None)
        ):
            return proposal
        old_status = proposal.status
        proposal.status = status
        proposal.response = response
        proposal.merged_into = merged_into
        proposal.responded_at = at
        proposal.responded_by = convenor
        proposal.save(
            update_fields=["status", "response", "merged_into", "responded_at", "responded_by"]
        )
        ModerationEvent.objects.create(
            proposal=proposal,
            action=ModerationEvent.ActionTaken.STATUS,
            note=f"{old_status} → {status}",
            moderator=convenor,
            at=at,
        )
        record(convenor, "consultations.status", proposal, {"from": old_status, "to": status})
        if status != Proposal.Status.OPEN:
            _enqueue(tasks.email_response_to_participants, proposal.pk, status)
    return proposal


respond = set_status


def publish_response_page(convenor, consultation, *, title, summary, outcomes=()):
    """Create or update the consultation's "you said, we did" page and publish it.

    ``outcomes`` is a list of dicts with ``proposal`` and any of ``goal``, ``ambition``,
    ``pledge``, ``note``. Followers are emailed once, when the page is published (by the
    ``page_published`` signal, so publishing from the Wagtail editor does the same).
    """
    if not permissions.can_respond(convenor, consultation):
        raise ActionRefused(_("Only convenors can publish a response."))
    with transaction.atomic():
        consultation = ConsultationPage.objects.select_for_update().get(pk=consultation.pk)
        page = ConsultationResponsePage.objects.child_of(consultation).first()
        if page is None:
            page = ConsultationResponsePage(title=title, summary=summary, live=False)
            consultation.add_child(instance=page)
        page.title, page.summary = title, summary
        page.outcomes = [
            ProposalOutcome(
                proposal=outcome["proposal"],
                goal=outcome.get("goal"),
                ambition=outcome.get("ambition"),
                pledge=outcome.get("pledge"),
                note=outcome.get("note", ""),
            )
            for outcome in outcomes
        ]
        revision = page.save_revision(user=convenor)
        # Permission was checked above (can_respond); Wagtail page permissions are for
        # the editor, which convenors use with their own page permissions.
        revision.publish(user=convenor, skip_permission_checks=True)
        record(convenor, "consultations.response_published", page, {})
    return ConsultationResponsePage.objects.get(pk=page.pk)


def response_page_published(page):
    """Called when a response page is published (signal): tell followers once."""
    _enqueue(tasks.email_response_published, page.pk)


# Following -------------------------------------------------------------------------


def follow(user, consultation):
    """Follow a consultation (emails when a phase opens and when the response is out).
    Returns ``(follow, created)``; a second click returns the existing follow."""
    if not permissions.can_follow(user, consultation):
        raise ActionRefused(_("Sign in to follow this consultation."))
    try:
        with transaction.atomic():
            return Follow.objects.get_or_create(user=user, page_id=consultation.pk)
    except IntegrityError:
        return Follow.objects.get(user=user, page_id=consultation.pk), False


def unfollow(user, consultation):
    deleted, _detail = Follow.objects.filter(user=user, page_id=consultation.pk).delete()
    return bool(deleted)


def unsubscribe(token_data):
    """Apply a verified one-click unsubscribe token (see ``consultations.unsubscribe``)."""

    user = get_user_model().objects.filter(pk=token_data.get("u")).first()
    if user is None:
        return False
    if token_data["k"] == UNSUBSCRIBE_FOLLOW:
        Follow.objects.filter(user=user, page_id=token_data.get("p")).delete()
        return True
    if token_data["k"] == UNSUBSCRIBE_RESPONSES:
        get_user_model().objects.filter(pk=user.pk).update(email_on_response=False)
        return True
    return False
