"""Writes for commitments. Each runs in one transaction and records what it changed
in the audit trail (``core.audit``).

* What the rules refuse raises ``core.exceptions.ActionRefused`` and saves nothing: the
  permission is checked inside the transaction, before the first write, against the
  organisations as given (a forged organisation id is refused, not saved).
* What is invalid raises ``ValidationError`` (field errors where a field is to blame).
* A double-click makes one commitment or update (``core.locks.create_unless_repeated``).
* An acceptance is a conditional UPDATE (``accepted_at IS NULL``), so two people of the
  same organisation accepting at once record one acceptance.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments import notifications
from commitments import permissions as perms
from commitments.models import Commitment, CommitmentOrganisation, CommitmentUpdate
from consultations.models import Proposal
from core import opendata, page_cache
from core.audit import record
from core.exceptions import ActionRefused
from core.locks import create_unless_repeated
from organisations.models import Organisation
from organisations.permissions import speaks_for

Status = Commitment.Status


def _data_changed():
    transaction.on_commit(opendata.bump)
    page_cache.bump()


def _check_links(goal, *, ambition=None, indicators=(), proposals=(), response=None):
    errors = {}
    if ambition is not None and ambition.goal_id != goal.pk:
        errors["ambition"] = _("That ambition belongs to another goal.")
    if any(indicator.goal_id != goal.pk for indicator in indicators):
        errors["indicators"] = _("Choose indicators of the commitment’s goal.")
    if any(proposal.status != Proposal.Status.ADOPTED for proposal in proposals):
        errors["proposals"] = _("Only adopted ideas can become a commitment.")
    if errors:
        raise ValidationError(errors)


def _check_status(status, dropped_reason, completed_on):
    if status not in Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status == Status.DROPPED and not (dropped_reason or "").strip():
        raise ValidationError({"dropped_reason": _("Say publicly why the commitment was dropped.")})
    if completed_on and completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("The date it was done cannot be in the future.")})


def _organisations(lead, partners) -> list[Organisation]:
    partners = [org for org in partners if org.pk != lead.pk]
    return [lead, *sorted(set(partners), key=lambda org: org.pk)]


def make_commitment(
    user,
    *,
    goal,
    lead_organisation,
    title: str,
    due_date: datetime.date,
    partners=(),
    description: str = "",
    ambition=None,
    indicators=(),
    proposals=(),
    areas=(),
    response=None,
) -> Commitment:
    """Create a commitment led by ``lead_organisation``, placed in ``areas`` (none: the
    whole place); the organisations that ``user`` speaks for among those named have
    accepted it by making it."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Say what will be done.")})
    if not perms.can_commit_for(user, lead_organisation):
        raise ActionRefused(
            _("Only the admins and partner editors of an organisation commit it to something.")
        )
    indicators, proposals, areas = list(indicators), list(proposals), list(areas)
    _check_links(goal, ambition=ambition, indicators=indicators, proposals=proposals)
    named = _organisations(lead_organisation, partners)
    now = timezone.now()
    with transaction.atomic():
        same = Commitment.objects.filter(
            created_by=user, goal=goal, lead_organisation=lead_organisation, title=title
        )
        commitment, created = create_unless_repeated(
            user,
            same,
            lambda: Commitment.objects.create(
                title=title,
                description=description.strip(),
                goal=goal,
                ambition=ambition,
                lead_organisation=lead_organisation,
                due_date=due_date,
                response=response,
                created_by=user,
            ),
        )
        if not created:
            return commitment
        CommitmentOrganisation.objects.bulk_create(
            [
                CommitmentOrganisation(
                    commitment=commitment,
                    organisation=org,
                    is_lead=org.pk == lead_organisation.pk,
                    accepted_at=now if speaks_for(user, org) else None,
                    accepted_by=user if speaks_for(user, org) else None,
                )
                for org in named
            ]
        )
        commitment.indicators.set(indicators)
        commitment.proposals.set(proposals)
        commitment.areas.set(areas)
        record(
            user,
            "commitment.created",
            commitment,
            {
                "goal": goal.pk,
                "organisations": [org.pk for org in named],
                "proposals": [p.pk for p in proposals],
                "areas": sorted(area.pk for area in areas),
            },
        )
        notifications.commitment_changed(commitment, "created", user)
        _data_changed()
    return commitment


def edit_commitment(
    user,
    commitment_id: int,
    *,
    title: str,
    due_date: datetime.date,
    description: str = "",
    partners=(),
    ambition=None,
    indicators=(),
    proposals=(),
    areas=(),
) -> Commitment:
    """Change what was committed, and where (``areas``, as the form gives them all). A
    partner added is asked to accept; a partner kept keeps its acceptance; one removed
    is no longer named."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Say what will be done.")})
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().get(pk=commitment_id)
        if not perms.can_edit(user, commitment):
            raise ActionRefused(_("Only the lead organisation’s people change this commitment."))
        indicators, proposals, areas = list(indicators), list(proposals), list(areas)
        _check_links(commitment.goal, ambition=ambition, indicators=indicators, proposals=proposals)
        before = {row.organisation_id for row in commitment.named.all()}
        wanted = {org.pk for org in partners} - {commitment.lead_organisation_id}
        wanted.add(commitment.lead_organisation_id)
        CommitmentOrganisation.objects.filter(commitment=commitment).exclude(
            organisation_id__in=wanted
        ).delete()
        now = timezone.now()
        CommitmentOrganisation.objects.bulk_create(
            [
                CommitmentOrganisation(
                    commitment=commitment,
                    organisation=org,
                    accepted_at=now if speaks_for(user, org) else None,
                    accepted_by=user if speaks_for(user, org) else None,
                )
                for org in partners
                if org.pk in wanted - before
            ]
        )
        commitment.title = title
        commitment.description = description.strip()
        commitment.due_date = due_date
        commitment.ambition = ambition
        commitment.save()
        commitment.indicators.set(indicators)
        commitment.proposals.set(proposals)
        commitment.areas.set(areas)
        record(
            user,
            "commitment.edited",
            commitment,
            {
                "added": sorted(wanted - before),
                "removed": sorted(before - wanted),
                "areas": sorted(area.pk for area in areas),
            },
        )
        notifications.commitment_changed(commitment, "edited", user)
        _data_changed()
    return commitment


def accept(user, commitment_id: int) -> list[int]:
    """Accept a commitment for every named organisation ``user`` speaks for that has not
    accepted yet; the ids of those accepted now (empty when there were none)."""
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().get(pk=commitment_id)
        pending = perms.organisations_to_accept(user, commitment)
        if not pending:
            raise ActionRefused(_("There is nothing for you to accept on this commitment."))
        now = timezone.now()
        accepted = []
        for org_id in sorted(pending):
            if CommitmentOrganisation.objects.filter(
                commitment=commitment, organisation_id=org_id, accepted_at__isnull=True
            ).update(accepted_at=now, accepted_by=user):
                accepted.append(org_id)
        if accepted:
            record(user, "commitment.accepted", commitment, {"organisations": accepted})
            _data_changed()
    return accepted


def post_update(
    user,
    commitment_id: int,
    *,
    text: str,
    status: str | None = None,
    evidence_urls=(),
    happened_on: datetime.date | None = None,
    dropped_reason: str = "",
    completed_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> CommitmentUpdate:
    """Post a dated progress update, optionally moving the commitment to a new status.
    Dropping needs a public reason; done needs the date it was done (today unless
    given)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what has happened.")})
    today = today or timezone.localdate()
    happened_on = happened_on or today
    if happened_on > today:
        raise ValidationError({"happened_on": _("The date cannot be in the future.")})
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().get(pk=commitment_id)
        if not perms.can_post_update(user, commitment):
            raise ActionRefused(
                _("Only the people of an organisation that accepted this commitment report on it.")
            )
        status = status or commitment.status
        changed = status != commitment.status
        if changed:
            if status == Status.DONE:
                completed_on = completed_on or happened_on
            _check_status(status, dropped_reason, completed_on)
        speaking = [
            row.organisation_id
            for row in commitment.named.all()
            if row.accepted_at and speaks_for(user, row.organisation_id)
        ]
        same = CommitmentUpdate.objects.filter(
            commitment=commitment, author=user, text=text, status=status if changed else ""
        )
        update, created = create_unless_repeated(
            user,
            same,
            lambda: CommitmentUpdate.objects.create(
                commitment=commitment,
                author=user,
                organisation_id=speaking[0] if speaking else None,
                happened_on=happened_on,
                text=text,
                evidence_urls=list(evidence_urls),
                status=status if changed else "",
            ),
        )
        if not created:
            return update
        if changed:
            from_status = commitment.status
            commitment.status = status
            commitment.dropped_reason = dropped_reason.strip() if status == Status.DROPPED else ""
            commitment.completed_on = completed_on if status == Status.DONE else None
            record(
                user,
                "commitment.status",
                commitment,
                {"from": from_status, "to": status, "update": update.pk},
            )
        commitment.save()
        record(user, "commitment.update", commitment, {"update": update.pk})
        notifications.commitment_changed(commitment, "status" if changed else "update", user)
        _data_changed()
    return update
