"""Read-side queries for pledges: the wall (filters, sorting, pagination), counts per goal,
open-data rows. Views, template tags and the data files use these; templates hold no
queries."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation
from pledges.models import Pledge, PledgeJoin
from pledges.permissions import pledger_name, pledger_person_name

PAGE_SIZE = 10
PARAM_SORT = "pledges_sort"
PARAM_STATUS = "pledges_status"
PARAM_KIND = "pledges_kind"
PARAM_PAGE = "pledges_page"

SORTS = {
    "newest": (_("Newest first"), ("-created_at", "-pk")),
    "joined": (_("Most joined first"), ("-join_count", "-created_at", "-pk")),
}
OVERDUE = "overdue"
WAITING = "waiting"
INDIVIDUAL = "individual"


def status_choices():
    return [
        ("", _("Any status")),
        *Pledge.Status.choices,
        (OVERDUE, _("Overdue")),
        (WAITING, _("Waiting for people to join")),
    ]


def kind_choices():
    return [("", _("Anyone")), (INDIVIDUAL, _("Individuals")), *Organisation.Kind.choices]


def read_filters(params) -> dict:
    """The wall's filters from a query dict; unknown values fall back to the default."""
    sort = params.get(PARAM_SORT, "newest")
    status = params.get(PARAM_STATUS, "")
    kind = params.get(PARAM_KIND, "")
    return {
        "sort": sort if sort in SORTS else "newest",
        "status": status if status in dict(status_choices()) else "",
        "kind": kind if kind in dict(kind_choices()) else "",
    }


def filter_wall(queryset, *, sort="newest", status="", kind="", today=None):
    if status == OVERDUE:
        queryset = queryset.overdue(today)
    elif status == WAITING:
        queryset = queryset.filter(condition=Pledge.Condition.OPEN)
    elif status:
        queryset = queryset.filter(status=status)
    if kind == INDIVIDUAL:
        queryset = queryset.filter(organisation__isnull=True)
    elif kind:
        queryset = queryset.filter(organisation__kind=kind)
    return queryset.order_by(*SORTS[sort][1])


def annotate_for_viewer(pledges, user) -> None:
    """Mark which of these pledges ``user`` has joined: one query for the whole page."""
    ids = [pledge.pk for pledge in pledges if pledge.is_conditional]
    joined = set()
    if ids and user is not None and user.is_authenticated:
        joined = set(
            PledgeJoin.objects.filter(user=user, pledge_id__in=ids).values_list(
                "pledge_id", flat=True
            )
        )
    for pledge in pledges:
        pledge.viewer_joined = pledge.pk in joined


def wall_page(queryset, params, user, *, page_size=PAGE_SIZE, goal=None):
    """A page of a pledge wall and the filters that made it. ``goal``: the wall is that
    goal's own (``queryset`` holds only its pledges), so the goal is not joined again."""
    filters = read_filters(params)
    queryset = filter_wall(queryset.for_listing(with_goal=goal is None), **filters)
    page = Paginator(queryset, page_size).get_page(params.get(PARAM_PAGE))
    pledges = list(page.object_list)
    if goal is not None:
        for pledge in pledges:
            pledge.goal = goal
    annotate_for_viewer(pledges, user)
    page.object_list = pledges
    return page, filters


def pledge_counts_for(goal_ids) -> dict[int, dict[str, int]]:
    """Pledges (not withdrawn), people who pledged as themselves, organisations, and met
    pledges, for many goals in one grouped query.

    Every column counted is in the partial index ``pledge_goal_counts`` (goal,
    organisation, author, status; withdrawn pledges left out), so PostgreSQL answers
    from the index alone, already grouped by goal: no sort, no table read. Hence
    ``Count("goal")`` rather than ``Count("pk")``, which would read the table."""
    goal_ids = list(goal_ids)
    counts = {
        goal_id: {"pledges": 0, "people": 0, "organisations": 0, "met": 0} for goal_id in goal_ids
    }
    if not goal_ids:
        return counts
    rows = (
        Pledge.objects.filter(goal_id__in=goal_ids)
        .exclude(status=Pledge.Status.WITHDRAWN)
        .values("goal_id")
        .annotate(
            pledges=Count("goal"),
            people=Count("author", filter=Q(organisation__isnull=True), distinct=True),
            organisations=Count("organisation", distinct=True),
            met=Count("goal", filter=Q(status=Pledge.Status.MET)),
        )
        .order_by()
    )
    for row in rows:
        goal_id = row.pop("goal_id")
        counts[goal_id] = row
    return counts


# Open data ---------------------------------------------------------------------------

OPEN_DATA_FIELDS = [
    "id",
    "goal_id",
    "goal",
    "goal_url",
    "organisation",
    "organisation_kind",
    "pledger",
    "text",
    "status",
    "overdue",
    "due_date",
    "conditional",
    "people_needed",
    "join_by",
    "condition",
    "joins",
    "updates",
    "created",
]


def open_data_pledges():
    """Every public pledge for the data files, in a stable order, without personal data:
    no email addresses, no account ids; a person's name only if they chose to show it."""
    return (
        Pledge.objects.visible_to(None)
        .select_related("goal", "organisation", "author")
        .annotate(updates_count=Count("updates", distinct=True))
        .order_by("pk")
    )


def open_data_row(pledge, today=None, *, with_goal=True) -> dict:
    today = today or timezone.localdate()
    goal = {"goal": pledge.goal.title, "goal_url": pledge.goal.full_url or ""} if with_goal else {}
    return {
        "id": pledge.pk,
        "goal_id": pledge.goal_id,
        **goal,
        "organisation": pledge.organisation.name if pledge.organisation_id else "",
        "organisation_kind": pledge.organisation.kind if pledge.organisation_id else "",
        # The one naming rule: anonymous individuals are never named in data files.
        "pledger": pledger_name(pledge) if pledge.show_name or pledge.organisation_id else "",
        "text": pledge.text,
        "status": pledge.status,
        "overdue": pledge.is_overdue(today),
        "due_date": pledge.due_date.isoformat() if pledge.due_date else "",
        "conditional": pledge.is_conditional,
        "people_needed": pledge.threshold or "",
        "join_by": pledge.join_deadline.isoformat() if pledge.join_deadline else "",
        "condition": pledge.condition,
        "joins": pledge.join_count,
        "updates": pledge.updates_count,
        "created": timezone.localdate(pledge.created_at).isoformat(),
    }


def pledges_for_goals_json(goal_ids=None) -> dict[int, list[dict]]:
    """Pledges grouped by goal id for ``goals.json`` (one query)."""
    queryset = open_data_pledges()
    if goal_ids is not None:
        queryset = queryset.filter(goal_id__in=list(goal_ids))
    today = timezone.localdate()
    grouped: dict[int, list[dict]] = {}
    for pledge in queryset:
        row = open_data_row(pledge, today, with_goal=False)
        grouped.setdefault(pledge.goal_id, []).append(row)
    return grouped


__all__ = [
    "open_data_pledges",
    "open_data_row",
    "pledge_counts_for",
    "pledger_name",
    "pledger_person_name",
    "pledges_for_goals_json",
    "wall_page",
]


def latest_pledges_for_home(limit=5):
    """Newest pledges to live goals. Name pledgers with ``{{ pledge|pledger_name }}``
    (pledge_tags): it hides people who chose not to be shown. The goals come by a
    second query (see ``PledgeQuerySet.for_listing``: joined, they cost more to plan
    than the whole query takes to run)."""
    return (
        Pledge.objects.visible_to(None)
        .exclude(status=Pledge.Status.WITHDRAWN)
        .select_related("organisation", "author")
        .prefetch_related("goal")
        .order_by("-created_at", "-pk")[:limit]
    )
