"""What goals adds to the pages of apps below it: an area's trials (``places`` sits
below goals, so the section is handed over in ``apps.py``)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from goals.models import GoalPage, IndicatorValue, TrialPage
from places.selectors import AreaItem, AreaSection, list_section


def area_trials(area, areas):
    """The "test and learn" trials run in ``area``, newest first, whatever they found."""
    return list_section(
        "area_trials",
        _("Trials here"),
        TrialPage.objects.live().public().filter(areas=area).order_by("-started_on", "-pk"),
        item=lambda t: AreaItem(t.title, t.url, t.get_decision_display()),
        empty=_("No trial has been run in this area yet."),
    )


def area_indicators(area, areas):
    """What the goals' indicators say for ``area``: each indicator's latest figure for the
    area, beside the place-wide figure of the same date (two queries)."""
    here = (
        IndicatorValue.all_values.filter(
            area=area, indicator__goal__in=GoalPage.objects.live().public().values("pk")
        )
        .select_related("indicator", "indicator__goal")
        .order_by("indicator_id", "-date")
    )
    latest = {}
    for value in here:
        latest.setdefault(value.indicator_id, value)
    if not latest:
        return None
    place = {
        (v.indicator_id, v.date): v.value
        for v in IndicatorValue.objects.filter(
            indicator_id__in=list(latest), date__in={v.date for v in latest.values()}
        )
    }
    items = []
    for value in latest.values():
        indicator = value.indicator
        whole = place.get((value.indicator_id, value.date))
        meta = _("%(here)s here; %(place)s across the place (%(date)s)") % {
            "here": indicator.format(value.value),
            "place": indicator.format(whole) if whole is not None else _("no figure"),
            "date": date_format(value.date, "j M Y"),
        }
        items.append(AreaItem(indicator.name, indicator.goal.url, meta))
    return AreaSection(
        key="area_indicators",
        heading=_("What the goals’ figures say here"),
        items=items,
        total=len(items),
    )
