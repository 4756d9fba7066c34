"""What goals adds to the pages of apps below it: an area's trials (``places`` sits
below goals, so the section is handed over in ``apps.py``)."""

from django.utils.translation import gettext as _

from goals.models import TrialPage
from places.selectors import AreaItem, AreaSection

AREA_LIMIT = 10


def area_trials(area, areas):
    """The "test and learn" trials run in ``area``, newest first, whatever they found."""
    here = TrialPage.objects.live().public().filter(areas=area).order_by("-started_on", "-pk")
    rows = list(here[: AREA_LIMIT + 1])
    return AreaSection(
        key="area_trials",
        heading=_("Trials here"),
        items=[AreaItem(t.title, t.url, t.get_decision_display()) for t in rows[:AREA_LIMIT]],
        total=len(rows),
        empty=_("No trial has been run in this area yet."),
    )
