"""A convenor's answers: an idea's official status and response, and the consultation's
"you said, we did" page."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consultations import permissions, tasks
from consultations.models import (
    ConsultationPage,
    ConsultationResponsePage,
    ModerationEvent,
    Proposal,
    ProposalOutcome,
)
from consultations.services.common import now_or
from core.audit import record
from core.exceptions import ActionRefused
from core.tasks import enqueue_on_commit


def set_status(convenor, proposal, *, status, response="", merged_into=None, at=None):
    """Set a proposal's official status and the convenor's response, and email its author
    and supporters (once per status). Returns the proposal."""
    at = now_or(at)
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
            enqueue_on_commit(tasks.email_response_to_participants, proposal.pk, status)
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
    enqueue_on_commit(tasks.email_response_published, page.pk)
