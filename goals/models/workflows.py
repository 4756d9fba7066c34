"""The “Partner sign-off” workflow task: every co-owning organisation signs a change off.

A change to a shared goal moves on only once an editor (an active member with
``Membership.is_editor``) of *each* organisation that co-owns the goal has approved it.
Which organisations must sign is fixed when the task starts: the goal's current co-owners
together with the co-owners in the submitted revision, so adding or removing a partner
also needs that partner's word. Any one of them may ask for changes, which ends the
task cleanly (Wagtail's “needs changes”); resubmitting starts again with no sign-offs.

A sign-off is for the text as it stood: each records the page's latest revision, and
only sign-offs of the current latest revision count. If a reviewer edits the goal while
it waits, the partners who had already signed are asked again.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import Page, PageLogEntry, Task, TaskState

from accounts.roles import is_convenor
from core.audit import record
from goals.models.pages import goal_for_page
from organisations.models import Membership, Organisation
from organisations.permissions import editor_organisation_ids


def required_organisation_ids(page, revision=None) -> set[int]:
    """Organisations that must sign off a change to ``page`` (see the module docstring)."""
    goal = goal_for_page(page.specific if hasattr(page, "specific") else page)
    return goal.sign_off_organisation_ids(revision) if goal is not None else set()


def organisations_without_editor(organisation_ids):
    """Those of ``organisation_ids`` with no active partner editor: nobody can sign off
    for them, so a change waiting on them would wait for ever without an override."""
    with_editor = Membership.objects.filter(
        organisation_id__in=organisation_ids,
        status=Membership.Status.ACTIVE,
        is_editor=True,
        user__is_active=True,
    ).values("organisation_id")
    return (
        Organisation.objects.filter(pk__in=organisation_ids)
        .exclude(pk__in=with_editor)
        .order_by("name")
    )


class OverrideForm(TaskStateCommentForm):
    """A convenor's override needs a reason: it is audited and shown on the history."""

    comment = forms.CharField(
        label=_("Reason for the override"),
        help_text=_("Why the change may go ahead without these partners' sign-off."),
        required=True,
        max_length=1000,
        widget=forms.Textarea({"rows": 3}),
    )


def _latest_revision_ids(object_ids) -> dict[str, int | None]:
    rows = Page.objects.filter(pk__in=[int(i) for i in object_ids]).values_list(
        "pk", "latest_revision_id"
    )
    return {str(pk): rev for pk, rev in rows}


class PartnerSignOffTaskState(TaskState):
    """A sign-off in progress, with the organisations whose editors must approve it."""

    def latest_revision_id(self):
        object_id = self.workflow_state.object_id
        return _latest_revision_ids([object_id]).get(object_id)

    def required_organisation_ids(self) -> set[int]:
        return set(self.organisations.values_list("pk", flat=True))

    def signed_organisation_ids(self) -> set[int]:
        """Organisations that signed off the page as it stands now."""
        return set(
            self.sign_offs.filter(revision_id=self.latest_revision_id()).values_list(
                "organisation_id", flat=True
            )
        )

    organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("organisations that must sign off"),
        related_name="+",
    )

    class Meta:
        verbose_name = _("partner sign-off task state")
        verbose_name_plural = _("partner sign-off task states")

    def get_comment(self):
        signed = [
            f"{s.organisation.name} ({s.signed_off_at:%d %b %Y})"
            for s in self.sign_offs.filter(revision_id=self.latest_revision_id())
            .select_related("organisation")
            .order_by("signed_off_at")
        ]
        parts = []
        if signed:
            parts.append(str(_("Signed off by: %(list)s.") % {"list": "; ".join(signed)}))
        if self.status == TaskState.STATUS_IN_PROGRESS:
            awaited = list(
                Organisation.objects.filter(
                    pk__in=self.required_organisation_ids() - self.signed_organisation_ids()
                )
                .order_by("name")
                .values_list("name", flat=True)
            )
            if awaited:
                parts.append(str(_("Awaiting: %(list)s.") % {"list": "; ".join(awaited)}))
        if self.comment:
            parts.append(self.comment)
        return " ".join(parts)


class PartnerSignOffTask(Task):
    """Needs one approval from an editor of each organisation that co-owns the goal."""

    task_state_class = PartnerSignOffTaskState
    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = _("partner sign-off")
        verbose_name_plural = _("partner sign-offs")

    @classmethod
    def get_description(cls):
        return _(
            "An editor of each organisation that co-owns the goal must approve the change; "
            "any of them may ask for changes."
        )

    # --- starting -------------------------------------------------------------------

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        org_ids = required_organisation_ids(workflow_state.content_object, task_state.revision)
        if org_ids:
            # The partners' editors are emailed by goals.signals, on commit.
            task_state.organisations.set(org_ids)
        else:
            # Not under a goal (e.g. the goals index): there is no partner to ask.
            task_state.status = TaskState.STATUS_SKIPPED
            task_state.finished_at = timezone.now()
            task_state.comment = str(_("No partner organisations to sign off."))
            task_state.save(update_fields=["status", "finished_at", "comment"])
        return task_state

    # --- who may do what --------------------------------------------------------------

    def _current_state(self, obj):
        state = obj.current_workflow_task_state
        if state is None or state.task_id != self.pk:
            return None
        return PartnerSignOffTaskState.objects.filter(pk=state.pk).first()

    def pending_organisation_ids(self, task_state, user) -> set[int]:
        """Organisations ``user`` edits that must still sign off ``task_state``."""
        if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
            return set()
        mine = editor_organisation_ids(user)
        if not mine:
            return set()
        return (
            task_state.required_organisation_ids() - task_state.signed_organisation_ids()
        ) & mine

    def _is_reviewer(self, obj, user) -> bool:
        state = self._current_state(obj)
        if state is None:
            return False
        return bool(state.required_organisation_ids() & editor_organisation_ids(user))

    def user_can_access_editor(self, obj, user):
        return self._is_reviewer(obj, user)

    def locked_for_user(self, obj, user):
        # Reviewers (the partners' editors) and superusers may still work on it.
        return not (user.is_superuser or self._is_reviewer(obj, user))

    def user_can_lock(self, obj, user):
        return False

    def user_can_unlock(self, obj, user):
        return False

    def awaited_organisation_ids(self, task_state) -> set[int]:
        if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
            return set()
        return task_state.required_organisation_ids() - task_state.signed_organisation_ids()

    def get_actions(self, obj, user):
        state = self._current_state(obj)
        actions = []
        pending = self.pending_organisation_ids(state, user)
        if pending:
            names = ", ".join(
                Organisation.objects.filter(pk__in=pending)
                .order_by("name")
                .values_list("name", flat=True)
            )
            actions += [
                ("reject", _("Request changes"), True),
                ("approve", format_lazy(_("Sign off for {names}"), names=names), False),
                ("approve", _("Sign off with comment"), True),
            ]
        if is_convenor(user) and self.awaited_organisation_ids(state) - pending:
            # A partner with no editor (or one who never answers) must not leave the
            # change waiting for ever: a convenor may go ahead, giving a reason.
            actions.append(("override", _("Override the missing sign-offs (convenor)"), True))
        return actions

    def get_form_for_action(self, action):
        return OverrideForm if action == "override" else super().get_form_for_action(action)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        mine = editor_organisation_ids(user)
        if not mine:
            return TaskState.objects.none()
        candidates = (
            PartnerSignOffTaskState.objects.filter(
                task=self, status=TaskState.STATUS_IN_PROGRESS, organisations__in=mine
            )
            .distinct()
            .select_related("workflow_state")
            .prefetch_related("organisations", "sign_offs")
        )
        candidates = list(candidates)
        latest = _latest_revision_ids({s.workflow_state.object_id for s in candidates})
        ids = []
        for state in candidates:
            revision_id = latest.get(state.workflow_state.object_id)
            required = {org.pk for org in state.organisations.all()}
            signed = {
                s.organisation_id for s in state.sign_offs.all() if s.revision_id == revision_id
            }
            if (required - signed) & mine:
                ids.append(state.pk)
        return TaskState.objects.filter(pk__in=ids)

    # --- acting ---------------------------------------------------------------------

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        """Record a sign-off (or a request for changes) for every organisation ``user``
        edits that has not signed yet; approve the task once none is left.

        The task state row is locked, so two partners signing at the same moment cannot
        both see "someone is still missing" and leave the task hanging."""
        state = PartnerSignOffTaskState.objects.select_for_update().get(pk=task_state.pk)
        if action_name == "override":
            return self._override(state, user, kwargs.get("comment", "") or "")
        pending = self.pending_organisation_ids(state, user)
        if not pending:
            raise PermissionDenied
        comment = kwargs.get("comment", "") or ""
        if action_name == "reject":
            record(user, "goal.signoff.rejected", state, {"organisations": sorted(pending)})
            state.reject(user=user, comment=comment)
            return self._after_action_url(state)
        if action_name != "approve":
            raise PermissionDenied
        revision_id = state.latest_revision_id()
        PartnerSignOff.objects.bulk_create(
            [
                PartnerSignOff(
                    task_state=state,
                    organisation_id=org_id,
                    revision_id=revision_id,
                    signed_off_by=user,
                    comment=comment,
                )
                for org_id in sorted(pending)
            ],
            ignore_conflicts=True,
        )
        record(
            user,
            "goal.signoff.approved",
            state,
            {"organisations": sorted(pending), "revision": revision_id},
        )
        if state.required_organisation_ids() <= state.signed_organisation_ids():
            state.approve(user=user, comment=comment)
        return self._after_action_url(state)

    def _override(self, state, user, reason: str) -> str:
        """A convenor signs for the partners still awaited, with a reason: recorded as
        their sign-offs (marked as an override), in the audit trail and on the goal's
        history, then the task moves on to the convenors' approval."""
        reason = " ".join(reason.split())
        awaited = self.awaited_organisation_ids(state)
        if not is_convenor(user) or not awaited or not reason:
            raise PermissionDenied
        revision_id = state.latest_revision_id()
        comment = str(_("Override by a convenor: %(reason)s") % {"reason": reason})
        PartnerSignOff.objects.bulk_create(
            [
                PartnerSignOff(
                    task_state=state,
                    organisation_id=org_id,
                    revision_id=revision_id,
                    signed_off_by=user,
                    comment=comment,
                )
                for org_id in sorted(awaited)
            ],
            ignore_conflicts=True,
        )
        names = list(
            Organisation.objects.filter(pk__in=awaited)
            .order_by("name")
            .values_list("name", flat=True)
        )
        record(
            user,
            "goal.signoff.overridden",
            state,
            {"organisations": sorted(awaited), "revision": revision_id, "reason": reason},
        )
        page = state.workflow_state.content_object
        PageLogEntry.objects.log_action(
            page,
            "goals.signoff_override",
            user=user,
            data={"organisations": names, "reason": reason},
            revision=state.revision,
        )
        state.approve(user=user, comment=comment)
        return self._after_action_url(state)

    def _after_action_url(self, state) -> str:
        """Where the admin goes after a sign-off or a request for changes: Wagtail takes
        what ``on_action`` returns as the address to redirect to (a task state there
        would be a server error). The goal's edit page, which a partner editor may open
        (read-only while the convenors approve), never a listing they may not explore."""
        return reverse("wagtailadmin_pages:edit", args=[int(state.workflow_state.object_id)])


class PartnerSignOff(models.Model):
    """One organisation's approval of one partner sign-off task state."""

    task_state = models.ForeignKey(
        PartnerSignOffTaskState, on_delete=models.CASCADE, related_name="sign_offs"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="sign_offs"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The revision that was signed off.",
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["task_state", "organisation", "revision"],
                name="one_sign_off_per_organisation_and_revision",
            )
        ]
        verbose_name = _("partner sign-off")
        verbose_name_plural = _("partner sign-offs")

    def __str__(self):
        return f"{self.organisation_id} signed off task state {self.task_state_id}"
