"""Indicator template tags.

``{% indicator_sections indicators %}`` — a goal page's indicator sections (status and
rule, chart, table of every figure), rendered once per content version.

The sections are the goal page's costliest part to render (each indicator's chart and
a table row per figure: some 20 ms for five indicators of 120 figures) and are the same
for everyone. They are kept in the cache under the site-wide content version of
``config.page_cache``, which goes up after every write request and every committed save
in the content apps (and after an import of figures, see
``goals.services.indicators``), so nobody, signed in or not, sees sections older than
the last write.
"""

from django import template
from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from config import page_cache
from goals.models import IndicatorValue

register = template.Library()

# A bound for writes that neither bump the content version nor save through the ORM
# (raw SQL): the same order as the anonymous page cache's.
FRAGMENT_SECONDS = 300


def _key(indicators) -> str:
    ids = ",".join(str(indicator.pk) for indicator in indicators)
    return f"goals:indicator_sections:{page_cache.version()}:{get_language()}:{ids}"


@register.simple_tag
def indicator_sections(indicators):
    """Every indicator's section, from the cache when the content has not changed since.
    ``indicators`` need not have their figures loaded: on a miss they are loaded here,
    for all of them in one query."""
    indicators = list(indicators)
    if not indicators:
        return ""
    key = _key(indicators)
    html = cache.get(key)
    if html is None:
        prefetch_related_objects(
            indicators, Prefetch("values", queryset=IndicatorValue.objects.order_by("date"))
        )
        section = get_template("goals/includes/indicator.html")
        html = "".join(section.render({"indicator": indicator}) for indicator in indicators)
        cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by our own autoescaping template
