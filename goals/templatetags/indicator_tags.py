"""Indicator template tags.

``{% indicator_sections indicators %}`` — a goal page's indicator sections (status and
rule, chart, table of every figure), rendered once per content version
(``core.fragments``). They are the goal page's costliest part to render (each
indicator's chart and a table row per figure: some 20 ms for five indicators of 120
figures) and the same for everyone.
"""

from django import template
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import get_template

from core import fragments
from goals.models import IndicatorValue
from goals.selectors import attach_area_breakdowns

register = template.Library()


@register.simple_tag
def indicator_sections(indicators):
    """Every indicator's section, from the cache when the content has not changed since.
    ``indicators`` need not have their figures loaded: on a miss they are loaded here,
    for all of them in one query."""
    indicators = list(indicators)
    if not indicators:
        return ""

    def render():
        prefetch_related_objects(
            indicators, Prefetch("values", queryset=IndicatorValue.objects.order_by("date"))
        )
        attach_area_breakdowns(indicators)
        section = get_template("goals/includes/indicator.html")
        return "".join(section.render({"indicator": indicator}) for indicator in indicators)

    return fragments.cached("indicator_sections", (i.pk for i in indicators), render)
