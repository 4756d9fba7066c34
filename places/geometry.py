"""Boundaries: checking a GeoJSON geometry, and finding the area a point falls in.

A boundary is kept as GeoJSON (longitude, latitude in WGS 84) in a ``JSONField`` so that
SQLite, the embedded default, works like PostgreSQL; shapely does the geometry in
Python. A city has tens of areas, so a point-in-area lookup narrows by the bounding boxes
stored beside each boundary (one indexed query) and tests the few candidates exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from django.utils.translation import gettext as _
from shapely.geometry import Point, shape

POLYGON_TYPES = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class Outline:
    """What is stored beside a boundary: its bounding box and a point inside it (where a
    map puts the area's label)."""

    west: float
    south: float
    east: float
    north: float
    label_lon: float
    label_lat: float


def _ring_errors(ring, where: str) -> list[str]:
    if not isinstance(ring, list) or len(ring) < 4:
        return [_("%(where)s has fewer than four positions.") % {"where": where}]
    for position in ring:
        if (
            not isinstance(position, list | tuple)
            or len(position) < 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in position)
        ):
            return [_("%(where)s has a position that is not a pair of numbers.") % {"where": where}]
        lon, lat = position[0], position[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            return [
                _("%(where)s has a position outside longitude and latitude (%(lon)s, %(lat)s).")
                % {"where": where, "lon": lon, "lat": lat}
            ]
    if list(ring[0][:2]) != list(ring[-1][:2]):
        return [
            _("%(where)s is not closed: its first and last positions differ.") % {"where": where}
        ]
    return []


def geometry_errors(geometry) -> list[str]:
    """Why ``geometry`` (a GeoJSON geometry object) cannot be an area's boundary; empty
    if it can. A boundary is a Polygon or MultiPolygon of closed rings that shapely
    finds valid (no self-intersection)."""
    if not isinstance(geometry, dict):
        return [_("It has no geometry.")]
    kind = geometry.get("type")
    if kind not in POLYGON_TYPES:
        return [
            _("Its geometry is a %(kind)s, not a Polygon or MultiPolygon.")
            % {"kind": kind or _("nothing")}
        ]
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        return [_("Its geometry has no coordinates.")]
    errors = []
    for p, polygon in enumerate(polygons, start=1):
        if not isinstance(polygon, list) or not polygon:
            errors.append(_("Polygon %(p)s has no rings.") % {"p": p})
            continue
        for r, ring in enumerate(polygon, start=1):
            where = (
                _("Ring %(r)s") % {"r": r}
                if kind == "Polygon"
                else _("Ring %(r)s of polygon %(p)s") % {"r": r, "p": p}
            )
            errors.extend(_ring_errors(ring, where))
    if errors:
        return errors
    geom = shape(geometry)
    if not geom.is_valid:
        return [
            _("Its geometry is not valid (%(reason)s).") % {"reason": shapely.is_valid_reason(geom)}
        ]
    return []


def outline(geometry: dict) -> Outline:
    """The bounding box and label point of a valid boundary."""
    geom = shape(geometry)
    west, south, east, north = geom.bounds
    # The centroid of a crescent-shaped ward can fall outside it; this point cannot.
    inside = geom.representative_point() if not geom.centroid.within(geom) else geom.centroid
    return Outline(west, south, east, north, inside.x, inside.y)


def contains(geometry: dict, lon: float, lat: float) -> bool:
    """Whether the point lies in the boundary (or on its edge: a point on the line
    between two wards belongs to both, and the caller takes the first)."""
    return shape(geometry).intersects(Point(lon, lat))
