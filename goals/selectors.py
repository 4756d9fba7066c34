"""Read-side queries of the goals app: what its pages show, and what other apps (home,
open data) show of goals.

The pages' ``get_context`` calls these. A page names its own kin (its child goals, its
trials) and hands them in as querysets, so this module imports no page model and the
pages may import it: the page models import the selectors, never the other way round.
What apps above goals add to a goal's page or cards (consultations open on the goal,
its pledges) comes through the two ``Contributions`` below, which those apps fill.
"""

from decimal import Decimal

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.contributions import Contributions
from core.pagination import paginate
from goals.filters import GoalFilter
from goals.models.indicators import Indicator, IndicatorValue
from goals.models.themes import Theme
from organisations.models import Organisation
from places import maps
from places.models import Area

#: Sections apps above add to a goal's page: ``provider(goal) -> value``.
goal_page_sections = Contributions("goal page")
#: Figures apps above add to the goal index's cards: ``provider(goal_ids) -> {goal_id: …}``.
goal_card_figures = Contributions("goal cards")


def goal_index_context(goals, params, per_page: int) -> dict:
    """The goal index: ``goals`` (the index's live, public children) filtered by theme
    and organisation, a page of them, and the filters' choices. The cards themselves
    (progress at a glance, pledge counts) are ``{% goal_cards %}``'s, rendered once per
    content version."""
    goal_filter = GoalFilter(params, queryset=goals.select_related("theme", "convened_by"))
    page_obj = paginate(goal_filter.qs.order_by("path"), params, per_page)
    goal_ids = goals.values("pk")
    return {
        "goals": list(page_obj.object_list),
        "page_obj": page_obj,
        "filter": goal_filter,
        "themes": Theme.objects.filter(goals__in=goal_ids).distinct().order_by("name"),
        "organisations": Organisation.objects.filter(
            Q(goals__in=goal_ids) | Q(convened_goals__in=goal_ids)
        )
        .distinct()
        .order_by("name")
        .only("pk", "name", "slug"),
        "selected_theme": goal_filter.form.cleaned_data.get("theme") or "",
        "selected_organisation": goal_filter.form.cleaned_data.get("organisation") or "",
        "is_filtered": goal_filter.is_filtered,
    }


def goal_page_context(goal, trials) -> dict:
    """A goal's page: its indicators with their latest figures (the sections with every
    figure are rendered once per content version by ``{% indicator_sections %}``), a
    summary of their status, ambitions, co-owners, ``trials`` (its trial pages), and
    what the apps above add (``goal_page_sections``)."""
    indicators = []
    if goal.pk:  # a new goal previewed before its first save has none of these yet
        indicators = list(
            Indicator.objects.filter(goal=goal).order_by("sort_order", "pk").with_latest()
        )
    summary = {"on_track": 0, "off_track": 0, "no_target": 0, "not_enough_data": 0}
    for indicator in indicators:
        summary[indicator.assessment.code] += 1
    return {
        "indicators": indicators,
        "indicator_summary": summary,
        "ambitions": list(goal.ambitions.all()),
        "co_owners": sorted(goal.co_owners.all(), key=lambda org: org.name),
        "trials": list(
            trials.live()
            .public()
            .order_by("-started_on", "pk")
            .prefetch_related("indicators_watched")
        ),
        **(goal_page_sections.collect(goal) if goal.pk else {}),
    }


def trial_page_context(trial, goal) -> dict:
    return {"goal": goal, "indicators_watched": list(trial.indicators_watched.all())}


def goal_card_context(goals) -> dict:
    """What each card of ``goals`` shows beyond the goal itself: progress at a glance
    (``goal.progress``) and the figures the apps above add, by goal id."""
    add_progress(goals)
    return goal_card_figures.collect([goal.pk for goal in goals])


def add_progress(goals) -> None:
    """Progress at a glance for each goal (``goal.progress``: indicators on track, off
    track, other, total), from one query for every indicator of these goals."""
    progress = {goal.pk: {"on_track": 0, "off_track": 0, "other": 0} for goal in goals}
    for indicator in Indicator.objects.filter(goal__in=list(progress)).with_latest():
        code = indicator.assessment.code
        bucket = code if code in ("on_track", "off_track") else "other"
        progress[indicator.goal_id][bucket] += 1
    for goal in goals:
        goal.progress = progress[goal.pk]
        goal.progress["total"] = sum(goal.progress.values())


# Indicators by area ------------------------------------------------------------------


def latest_area_figures(indicator_ids) -> dict[int, tuple]:
    """Each indicator's latest breakdown by area: ``{indicator_id: (date, {area_id:
    value})}``, from one query over the area figures of ``indicator_ids``."""
    latest: dict[int, tuple] = {}
    rows = (
        IndicatorValue.all_values.filter(indicator_id__in=list(indicator_ids), area__isnull=False)
        .order_by("indicator_id", "-date")
        .values_list("indicator_id", "date", "area_id", "value")
    )
    for indicator_id, when, area_id, value in rows:
        held = latest.setdefault(indicator_id, (when, {}))
        if held[0] == when:
            held[1][area_id] = value
    return latest


def attach_area_breakdowns(indicators) -> None:
    """Give each indicator with figures by area ``breakdown``: a choropleth (with its
    table) of its latest breakdown over the areas of the main kind that have figures."""
    latest = latest_area_figures(i.pk for i in indicators)
    if not latest:
        return
    area_ids = {area_id for _when, values in latest.values() for area_id in values}
    kinds = set(Area.objects.filter(pk__in=area_ids).values_list("kind", flat=True))
    kind = next((k for k in Area.Kind.values if k in kinds), None)
    areas = list(Area.objects.filter(kind=kind).order_by("name"))
    for indicator in indicators:
        if indicator.pk not in latest:
            continue
        when, values = latest[indicator.pk]
        indicator.breakdown = maps.choropleth(
            areas,
            values,
            map_id=f"indicator-{indicator.pk}-areas",
            title=_("%(name)s by area, %(date)s")
            % {"name": indicator.name, "date": date_format(when, "j M Y")},
            value_heading=indicator.unit or _("Value"),
            description_intro=_("The latest figures for each area."),
            fmt=lambda v, i=indicator: i.format(Decimal(str(round(v, 1)))),
        )
