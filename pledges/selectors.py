"""Read-side queries for pledges: the walls (filtered by ``pledges/filters.py``, paged by
``core.pagination``), a pledge's page, the scheduler's candidates, counts per goal,
open-data rows. Views, template tags, the scheduler and the data files use these;
templates hold no queries."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from consultations.models import ConsultationPage
from core import params
from core.models import AuditEvent
from core.pagination import PAGE_PARAM, paginate
from goals.models import GoalPage
from places import selectors as area_selectors
from places.selectors import AreaItem, list_section
from pledges.filters import PledgeWallFilter
from pledges.models import Pledge, PledgeJoin

PAGE_SIZE = 10
#: A wall's page parameter: prefixed, like its filters (``pledges/filters.py``), because a
#: wall is also shown inside other pages whose own lists page with ``?page=``.
PARAM_PAGE = "pledges_page"


def live_goals():
    """Goals anyone may pledge to: live and public."""
    return GoalPage.objects.live().public()


def visible_pledge(pk):
    """A pledge anyone may see, with what its own page shows, or ``None``."""
    return (
        Pledge.objects.visible_to(None)
        .select_related("goal", "organisation", "author", "ambition", "made_from")
        .filter(pk=pk)
        .first()
    )


def pledge_to_act_on(pk):
    """A pledge anyone may see, its own fields only, or ``None``: for joining and
    leaving, which show nothing of its goal, organisation or author (joining them was
    most of a join's lookup)."""
    return Pledge.objects.visible_to(None).filter(pk=pk).first()


def made_from_page(goal, raw_id):
    """The page a pledge to ``goal`` is made from: this goal, or a live consultation
    serving it (``raw_id``, from the request). Anything else (a forged or stale id) is
    the goal page itself."""
    page_id = params.parse_id(raw_id)
    if page_id is not None and page_id != goal.pk:
        consultation = (
            ConsultationPage.objects.live()
            .public()
            .filter(pk=page_id)
            .filter(Q(goals=goal) | Q(path__startswith=goal.path))
            .first()
        )
        if consultation is not None:
            return consultation
    return goal


# Walls -------------------------------------------------------------------------------


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
    """A page of a pledge wall and the FilterSet that made it. ``goal``: the wall is that
    goal's own (``queryset`` holds only its pledges), so the goal is not joined again."""
    filterset = PledgeWallFilter(params, queryset=queryset.for_listing(with_goal=goal is None))
    # core.pagination reads ``?page=``; a wall pages with its own parameter.
    page = paginate(filterset.qs, {PAGE_PARAM: params.get(PARAM_PAGE)}, page_size)
    pledges = list(page.object_list)
    if goal is not None:
        for pledge in pledges:
            pledge.goal = goal
    annotate_for_viewer(pledges, user)
    page.object_list = pledges
    return page, filterset


def wall(queryset, params, user, *, goal=None, show_kind_filter=True) -> dict:
    """What ``pledges/includes/pledge_wall.html`` shows: a page of pledges and the filters
    (their choices and what is chosen)."""
    page, filterset = wall_page(queryset, params, user, goal=goal)
    fields = filterset.form.fields
    return {
        "page_obj": page,
        "pledges": page.object_list,
        "filters": filterset.current,
        "status_choices": list(fields["pledges_status"].choices),
        "kind_choices": list(fields["pledges_kind"].choices),
        "sort_choices": list(fields["pledges_sort"].choices),
        "area_choices": area_selectors.area_choices(),
        "show_kind_filter": show_kind_filter,
        "filtered": filterset.is_filtered,
    }


def my_pledges_page(user, params, *, page_size=PAGE_SIZE):
    """The pledges ``user`` made or joined, newest first: a page of them."""
    own = Q(author=user) | Q(joins__user=user)
    queryset = Pledge.objects.filter(own).distinct().for_listing().order_by("-created_at", "-pk")
    page = paginate(queryset, params, page_size)
    pledges = list(page.object_list)
    annotate_for_viewer(pledges, user)
    page.object_list = pledges
    return page


def organisation_latest(organisation, limit):
    """An organisation's latest pledges to live goals."""
    return list(
        Pledge.objects.visible_to(None)
        .filter(organisation=organisation)
        .for_listing()
        .order_by("-created_at", "-pk")[:limit]
    )


# A pledge ----------------------------------------------------------------------------


def pledge_updates(pledge):
    return list(pledge.updates.order_by("-created_at", "-pk"))


def pledge_history(pledge):
    """The pledge's status and condition changes, oldest first, from the audit trail."""
    return list(
        AuditEvent.objects.filter(
            target_type=Pledge._meta.label_lower,
            target_id=str(pledge.pk),
            action__in=["pledge.status", "pledge.condition"],
        ).order_by("at", "pk")
    )


# The scheduler's candidates ----------------------------------------------------------


def pledges_to_lapse(today) -> list[int]:
    """Conditional pledges still waiting after their join deadline (before ``today``)."""
    due = Pledge.objects.filter(condition=Pledge.Condition.OPEN, join_deadline__lt=today)
    return list(due.order_by("pk").values_list("pk", flat=True))


def _reminder_candidates():
    return Pledge.objects.filter(
        status=Pledge.Status.ACTIVE,
        condition__in=[Pledge.Condition.NONE, Pledge.Condition.SUCCEEDED],
        due_date__isnull=False,
    )


def week_reminders_due(today) -> list[int]:
    """Pledges due within the coming week whose week-ahead reminder has not gone out."""
    return list(
        _reminder_candidates()
        .filter(
            week_reminder_sent_at__isnull=True,
            due_reminder_sent_at__isnull=True,
            due_date__gt=today,
            due_date__lte=today + datetime.timedelta(days=7),
        )
        .values_list("pk", flat=True)
    )


def due_reminders_due(today, *, grace_days: int) -> list[int]:
    """Pledges due today (or up to ``grace_days`` ago, if the scheduler missed the day)
    whose on-the-day reminder has not gone out."""
    return list(
        _reminder_candidates()
        .filter(
            due_reminder_sent_at__isnull=True,
            due_date__lte=today,
            due_date__gte=today - datetime.timedelta(days=grace_days),
        )
        .values_list("pk", flat=True)
    )


# Counts ------------------------------------------------------------------------------


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


def area_pledges(area, areas):
    """The newest pledges placed in ``area`` (an area page's section)."""
    return list_section(
        "area_pledges",
        _("Pledges here"),
        Pledge.objects.visible_to(None).filter(areas=area).order_by("-created_at", "-pk"),
        item=lambda p: AreaItem(p.text, p.get_absolute_url(), p.get_status_display()),
        more_url=f"{reverse('pledges:index')}?pledges_area={area.slug}#pledge-wall",
        more_label=_("All pledges here"),
        empty=_("No pledge has been placed in this area yet."),
    )
