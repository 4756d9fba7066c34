"""Read-side queries of commitments: the ledger, a commitment's page, and the sections
it adds to the pages of lower apps (a goal, an organisation, a proposal), which reach
them through those apps' ``Contributions`` registries (filled in ``apps.py``).

Every list is a fixed number of queries whatever its length: rows come with their lead,
goal, named organisations and last update (``CommitmentQuerySet.for_listing``).
"""

import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.filters import CommitmentFilter
from commitments.models import Commitment, CommitmentUpdate
from consultations.models import Proposal
from core.pagination import paginate
from goals.models import Indicator
from places.models import Area
from places.selectors import AreaItem, list_section

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
    """A commitment anyone may see, with what its page and its forms show: the areas it
    is placed in come in one query (``placed_areas``, by name), whatever their number."""
    return (
        Commitment.objects.visible_to(None)
        .for_listing()
        .select_related("ambition", "response")
        .prefetch_related(
            Prefetch(
                "areas",
                queryset=Area.objects.order_by("name", "pk").only("pk", "name", "slug"),
                to_attr="placed_areas",
            )
        )
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


def for_area(area, areas):
    """The commitments placed in ``area``, soonest due first (an area page's section)."""
    return list_section(
        "area_commitments",
        _("Commitments here"),
        Commitment.objects.visible_to(None).filter(areas=area).order_by("due_date", "pk"),
        item=lambda c: AreaItem(c.title, c.get_absolute_url(), c.get_status_display()),
        more_url=f"{reverse('commitments:index')}?area={area.slug}",
        more_label=_("All commitments here"),
        empty=_("No commitment has been placed in this area yet."),
    )
