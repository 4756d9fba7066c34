"""Read-side queries of commitments: the ledger, a commitment's page, and the sections
it adds to the pages of lower apps (a goal, an organisation, a proposal), which reach
them through those apps' ``Contributions`` registries (filled in ``apps.py``).

Every list is a fixed number of queries whatever its length: rows come with their lead,
goal, named organisations and last update (``CommitmentQuerySet.for_listing``).
"""

import datetime

from django.db.models import Count, Prefetch
from django.utils import timezone

from commitments.filters import CommitmentFilter
from commitments.models import Commitment, CommitmentUpdate
from consultations.models import Proposal
from core.pagination import paginate
from goals.models import Indicator

PER_PAGE = 25
SECTION_LIMIT = 10


def ledger(params, today: datetime.date | None = None) -> dict:
    """The public ledger: filtered, counted (one aggregate query over the filtered
    commitments) and paginated."""
    today = today or timezone.localdate()
    base = Commitment.objects.visible_to(None)
    commitment_filter = CommitmentFilter(params, queryset=base, today=today)
    filtered = commitment_filter.qs
    page_obj = paginate(filtered.for_listing().order_by("due_date", "pk"), params, PER_PAGE)
    commitments = list(page_obj.object_list)
    return {
        "filter": commitment_filter,
        "tally": filtered.tally(today),
        "page_obj": page_obj,
        "commitments": commitments,
        "is_filtered": commitment_filter.is_filtered,
        "today": today,
    }


def visible_commitment(pk: int) -> Commitment | None:
    return (
        Commitment.objects.visible_to(None)
        .for_listing()
        .select_related("ambition", "response")
        .filter(pk=pk)
        .first()
    )


def commitment_page(commitment: Commitment) -> dict:
    """A commitment's page: the ideas behind it (with their stored support counts), its
    updates, and the latest figure of each indicator it should move."""
    return {
        "proposals": list(
            commitment.proposals.visible_to(None)
            .select_related("consultation")
            .only(
                "pk",
                "title",
                "status",
                "support_count",
                "responded_at",
                "created_at",
                "moderation_state",
                "consultation__title",
                "consultation__url_path",
            )
            .order_by("-support_count", "pk")
        ),
        "updates": list(
            CommitmentUpdate.objects.filter(commitment=commitment).select_related("organisation")
        ),
        "indicators": list(
            Indicator.objects.filter(commitments=commitment)
            .order_by("sort_order", "pk")
            .with_latest()
        ),
    }


def for_goal(goal) -> list[Commitment]:
    """The commitments towards ``goal``, soonest due first (a goal page section)."""
    return list(
        Commitment.objects.filter(goal=goal)
        .for_listing()
        .order_by("due_date", "pk")[:SECTION_LIMIT]
    )


def for_goal_section(goal) -> dict:
    return {
        "commitments": for_goal(goal),
        "tally": Commitment.objects.filter(goal=goal).tally(timezone.localdate()),
    }


def for_organisation(organisation, today: datetime.date | None = None) -> dict:
    """An organisation's commitments (led or partnered) and its record."""
    today = today or timezone.localdate()
    mine = Commitment.objects.visible_to(None).filter(named__organisation=organisation)
    return {
        "commitments": list(mine.for_listing().order_by("due_date", "pk")[:SECTION_LIMIT]),
        "record": mine.record(today),
    }


def for_proposal(proposal) -> list[Commitment]:
    """The commitments an adopted idea became, each with its updates (oldest first) and
    indicators with their latest figures: the end of the idea's trail."""
    return list(
        Commitment.objects.visible_to(None)
        .filter(proposals=proposal)
        .for_listing()
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=CommitmentUpdate.objects.order_by("happened_on", "pk"),
                to_attr="trail_updates",
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("sort_order", "pk").with_latest(),
                to_attr="trail_indicators",
            ),
        )
        .order_by("created_at", "pk")
    )


def adopted_proposals(ids) -> list[Proposal]:
    """Adopted, visible proposals among ``ids`` (a commitment made "from" them)."""
    return list(
        Proposal.objects.visible_to(None).filter(pk__in=ids, status=Proposal.Status.ADOPTED)
    )


# Open data ---------------------------------------------------------------------------

#: The columns of ``commitments.csv``: organisations and dates only, no person's name.
OPEN_DATA_FIELDS = [
    "id",
    "title",
    "description",
    "goal_id",
    "goal",
    "ambition",
    "lead_organisation",
    "organisations",
    "awaiting_acceptance",
    "joint",
    "status",
    "overdue",
    "due_date",
    "completed_on",
    "dropped_reason",
    "source",
    "proposal_ids",
    "response_id",
    "indicator_ids",
    "updates",
    "last_update_on",
    "created_at",
    "updated_at",
]


def open_data_commitments():
    """Every public commitment with what its row needs, in a fixed number of queries."""
    return (
        Commitment.objects.visible_to(None)
        .for_listing()
        .select_related("ambition")
        .annotate(updates_count=Count("updates", distinct=True))
        .prefetch_related(
            Prefetch("proposals", queryset=Proposal.objects.visible_to(None).only("pk")),
            Prefetch("indicators", queryset=Indicator.objects.only("pk", "goal_id")),
        )
        .order_by("pk")
    )


def open_data_row(commitment: Commitment, today: datetime.date, *, with_goal=True) -> dict:
    proposal_ids = sorted(p.pk for p in commitment.proposals.all())
    row = {
        "id": commitment.pk,
        "title": commitment.title,
        "description": commitment.description,
        "goal_id": commitment.goal_id,
        "goal": commitment.goal.title,
        "ambition": commitment.ambition.title if commitment.ambition else "",
        "lead_organisation": commitment.lead_organisation.name,
        "organisations": "; ".join(row.organisation.name for row in commitment.named_rows()),
        "awaiting_acceptance": "; ".join(org.name for org in commitment.awaited),
        "joint": commitment.is_joint,
        "status": commitment.status,
        "overdue": commitment.is_overdue(today),
        "due_date": commitment.due_date.isoformat(),
        "completed_on": commitment.completed_on.isoformat() if commitment.completed_on else "",
        "dropped_reason": commitment.dropped_reason,
        "source": commitment.source(len(proposal_ids)),
        "proposal_ids": " ".join(str(pk) for pk in proposal_ids),
        "response_id": commitment.response_id or "",
        "indicator_ids": " ".join(str(i.pk) for i in commitment.indicators.all()),
        "updates": commitment.updates_count,
        "last_update_on": commitment.last_update_on.isoformat()
        if commitment.last_update_on
        else "",
        "created_at": commitment.created_at.isoformat(),
        "updated_at": commitment.updated_at.isoformat(),
    }
    if not with_goal:
        del row["goal_id"], row["goal"]
    return row
