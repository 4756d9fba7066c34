"""Read-side queries of the places app: the areas map and an area's page.

An area's page gathers what the apps above say about the area (indicators, consultations,
proposals, pledges, commitments, trials, organisations, participation). Places sits
below them all, so it cannot ask them: each adds a section to ``area_page_sections`` in
its ``AppConfig.ready`` (``core.contributions``), and the page shows what is there.
"""

from django.utils.translation import gettext as _

from core.contributions import Contributions
from places import maps
from places.models import Area

#: Sections apps above add to an area's page: ``provider(area, areas) -> value``, where
#: ``areas`` is every area of the same kind (for a map or a comparison), in name order.
area_page_sections = Contributions("area page")


KIND_MAP_TITLES = {
    Area.Kind.WARD: lambda: _("Map of the wards"),
    Area.Kind.NEIGHBOURHOOD: lambda: _("Map of the neighbourhoods"),
    Area.Kind.DISTRICT: lambda: _("Map of the districts"),
}


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
    return {"areas_map": areas_map, "mapped_areas": mapped, "other_areas": others}


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
    return {
        "locator_map": locator,
        "children": list(area.children.order_by("name")),
        **area_page_sections.collect(area, areas),
    }
