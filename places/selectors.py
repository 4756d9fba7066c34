"""Read-side queries of the places app: the areas map and an area's page.

An area's page gathers what the apps above say about the area (indicators, consultations,
proposals, pledges, commitments, trials, organisations, participation). Places sits
below them all, so it cannot ask them: each adds a section to ``area_page_sections`` in
its ``AppConfig.ready`` (``core.contributions``), and the page shows what is there.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext as _

from core.contributions import Contributions
from places import maps
from places.models import Area

#: Sections apps above add to an area's page: ``provider(area, areas) -> AreaSection``
#: (or ``None`` to add nothing), where ``areas`` is every area of the same kind (for a
#: map or a comparison), in name order. The page shows them in the apps' order.
area_page_sections = Contributions("area page")
#: Maps apps above add to the areas index: ``provider(areas) -> maps.Map | None``, with
#: ``areas`` the areas on the index's map (participation, proposal density).
areas_index_maps = Contributions("areas index")


@dataclass(frozen=True)
class AreaItem:
    title: str
    url: str
    meta: str = ""


@dataclass
class AreaSection:
    """One section of an area's page, as ``places/includes/area_section.html`` draws it:
    a heading, up to a few items, how many there are in all and where the rest are."""

    key: str
    heading: str
    items: list[AreaItem] = field(default_factory=list)
    total: int = 0
    more_url: str = ""
    more_label: str = ""
    empty: str = ""
    template: str = ""  # a section of its own shape (a map, a table) draws itself
    data: dict = field(default_factory=dict)


#: How many items a list section of an area's page shows before linking to the rest.
SECTION_LIMIT = 10


def list_section(
    key: str,
    heading: str,
    queryset,
    *,
    item: Callable[[Any], AreaItem],
    more_url: str = "",
    more_label: str = "",
    empty: str = "",
    limit: int = SECTION_LIMIT,
) -> AreaSection:
    """A section listing the first ``limit`` rows of ``queryset`` (ordered as it is), each
    drawn by ``item(row)``: the one way the apps above build their list sections.

    The total is counted only when the list is full: a shorter list is all there is, so
    an area with a few things here costs one query, not two."""
    rows = list(queryset[:limit])
    return AreaSection(
        key=key,
        heading=heading,
        items=[item(row) for row in rows],
        total=queryset.count() if len(rows) == limit else len(rows),
        more_url=more_url,
        more_label=more_label,
        empty=empty,
    )


KIND_MAP_TITLES = {
    Area.Kind.WARD: lambda: _("Map of the wards"),
    Area.Kind.NEIGHBOURHOOD: lambda: _("Map of the neighbourhoods"),
    Area.Kind.DISTRICT: lambda: _("Map of the districts"),
}


AREA_CHOICES_KEY = "places:area-choices"


def area_choices() -> list[tuple[str, str]]:
    """(slug, name) of every area, for a list's "Area" filter. Cached until an area is
    saved or deleted (``places.apps``): the filter is on many pages, the areas rarely
    change, and a page's query budget should not pay for them."""
    choices = cache.get(AREA_CHOICES_KEY)
    if choices is None:
        choices = list(Area.objects.order_by("name").values_list("slug", "name"))
        cache.set(AREA_CHOICES_KEY, choices, None)
    return choices


def forget_area_choices(*args, **kwargs) -> None:
    cache.delete(AREA_CHOICES_KEY)


def areas_of_kind(kind: str) -> list[Area]:
    return list(Area.objects.filter(kind=kind).order_by("name"))


def main_kind() -> str | None:
    """The kind the areas map shows: wards where there are any, else the commonest."""
    kinds = set(Area.objects.values_list("kind", flat=True).distinct())
    for kind in (Area.Kind.WARD, Area.Kind.NEIGHBOURHOOD, Area.Kind.DISTRICT):
        if kind in kinds:
            return kind
    return None


def index_context() -> dict:
    """The areas map and list: every area of the main kind on the map, every area in the
    list (grouped by kind)."""
    kind = main_kind()
    mapped = areas_of_kind(kind) if kind else []
    areas_map = None
    if mapped:
        areas_map = maps.areas_map(
            mapped,
            map_id="areas-map",
            title=KIND_MAP_TITLES[kind](),
            description=_(
                "The %(count)s areas of the place, each labelled with its name. Select an "
                "area to open its page; the list below holds the same links."
            )
            % {"count": len(mapped)},
        )
    others = list(
        Area.objects.exclude(kind=kind).select_related("parent").order_by("kind", "name")
        if kind
        else []
    )
    more = [m for m in areas_index_maps.collect(mapped).values() if m is not None] if mapped else []
    return {
        "areas_map": areas_map,
        "mapped_areas": mapped,
        "other_areas": others,
        "more_maps": more,
    }


def area_page_context(area: Area) -> dict:
    """What an area's page shows: where it is (a map of its kind with it marked), what it
    is part of and holds, and the sections the apps above add."""
    areas = areas_of_kind(area.kind)
    locator = maps.areas_map(
        areas,
        map_id="area-map",
        title=_("Where %(name)s is") % {"name": area.name},
        description=_(
            "%(name)s, drawn dark, among the %(count)s areas of its kind. Select another "
            "area to open its page."
        )
        % {"name": area.name, "count": len(areas)},
        current=area,
    )
    sections = [s for s in area_page_sections.collect(area, areas).values() if s is not None]
    return {
        "locator_map": locator,
        "children": list(area.children.order_by("name")),
        "sections": sections,
        **{section.key: section for section in sections},
    }


def point_picker_map():
    """The map a proposer may click to place their idea (with JavaScript; without it,
    they tick areas in the list). ``None`` when there are no areas."""
    kind = main_kind()
    areas = areas_of_kind(kind) if kind else []
    if not areas:
        return None
    chart = maps.areas_map(
        areas,
        map_id="point-map",
        title=_("Place your idea on the map"),
        description=_(
            "Optional. Select a spot on the map and its area is ticked in the list above; "
            "select again to move it. The spot is your idea's, never your address."
        ),
    )
    return chart
