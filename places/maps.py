"""Server-rendered SVG maps: projection, paths, classes, palette, legend and the table.

No tile server, no third-party request and no JavaScript: a map is an inline SVG whose
areas are links (so a keyboard reaches every one), drawn in a ``viewBox`` at width 100 %
so it reflows down to 320 px, always with a title, a text description and a table of
the same figures (``templates/places/includes/map.html``).

**Projection.** A local equirectangular projection: x is longitude times cos(φ₀), y is
latitude, with φ₀ the latitude of the map's middle. Across a city (20–30 km) it differs
from a conformal projection (Web Mercator, British National Grid) by well under a pixel
at this size, it needs no library, and it keeps metres per pixel the same in both
directions, so the scale bar is right. Web Mercator would be the choice only to match
tiles, and there are none.

**Classes.** A choropleth sorts the areas' figures into at most five classes computed
from the figures themselves, by quantiles (the default: each colour holds about as many
areas) or by equal intervals, shown in viridis steps (a sequential palette that reads in
every common colour-vision deficiency and in greyscale, light for low and dark for
high). Colour is never the only way to read a figure: each area is labelled with it,
its link names it, and the table lists it.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from shapely.geometry import shape

WIDTH = 640
MAX_HEIGHT = 640
PADDING = 10
SIMPLIFY_PX = 0.6  # smaller than a pixel at full width: invisible, and halves the points
METRES_PER_DEGREE = 111_320  # of latitude (and of longitude at the equator)

#: Viridis in five steps, light (low) to dark (high).
PALETTE = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"]
NO_DATA = "#ffffff"
NEUTRAL = "#dde6ee"
CURRENT = "#3b528b"

QUANTILE = "quantile"
EQUAL = "equal"


# Classes -----------------------------------------------------------------------------


def _distinct_sorted(values: Iterable[float]) -> list[float]:
    return sorted({float(v) for v in values})


def quantile_breaks(values: Sequence[float], classes: int = 5) -> list[float]:
    """Class edges ``[lowest, …, highest]`` at the quantiles of ``values``: class ``i``
    holds the figures above edge ``i`` up to edge ``i + 1`` (the first class includes
    its lower edge). Fewer classes come back where the figures do not spread that far."""
    ordered = sorted(float(v) for v in values)
    if not ordered:
        return []
    classes = max(1, min(classes, len(set(ordered))))
    edges = [ordered[0]]
    for i in range(1, classes):
        position = i * (len(ordered) - 1) / classes
        low = math.floor(position)
        fraction = position - low
        high = min(low + 1, len(ordered) - 1)
        edge = ordered[low] + (ordered[high] - ordered[low]) * fraction
        if edge > edges[-1]:
            edges.append(edge)
    if ordered[-1] > edges[-1] or len(edges) == 1:
        edges.append(ordered[-1])
    return edges


def equal_interval_breaks(values: Sequence[float], classes: int = 5) -> list[float]:
    """Class edges splitting the range of ``values`` into ``classes`` equal steps."""
    distinct = _distinct_sorted(values)
    if not distinct:
        return []
    low, high = distinct[0], distinct[-1]
    classes = max(1, min(classes, len(distinct)))
    if high == low:
        return [low, high]
    step = (high - low) / classes
    return [low + step * i for i in range(classes)] + [high]


def classify(value: float, edges: Sequence[float]) -> int:
    """The class (0 = lowest) of ``value`` among ``edges``."""
    index = bisect.bisect_left(edges, float(value), lo=1)
    return max(0, min(index - 1, len(edges) - 2))


def palette_for(count: int) -> list[str]:
    """``count`` steps of the palette, spread from light to dark."""
    if count <= 1:
        return [PALETTE[2]]
    return [PALETTE[round(i * (len(PALETTE) - 1) / (count - 1))] for i in range(count)]


# Projection and paths --------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    """Longitude/latitude to SVG pixels for a box of the Earth (see the module's note)."""

    west: float
    north: float
    kx: float
    scale: float  # pixels per degree of latitude
    width: float
    height: float

    @classmethod
    def fit(cls, west, south, east, north, width=WIDTH, max_height=MAX_HEIGHT) -> Projection:
        kx = math.cos(math.radians((south + north) / 2))
        span_x = max((east - west) * kx, 1e-9)
        span_y = max(north - south, 1e-9)
        scale = min((width - 2 * PADDING) / span_x, (max_height - 2 * PADDING) / span_y)
        used_width = span_x * scale + 2 * PADDING
        return cls(
            west=west - (PADDING + (width - used_width) / 2) / scale / kx,
            north=north + PADDING / scale,
            kx=kx,
            scale=scale,
            width=width,
            height=round(span_y * scale + 2 * PADDING, 1),
        )

    def __call__(self, lon, lat):
        return ((lon - self.west) * self.kx * self.scale, (self.north - lat) * self.scale)

    def unproject(self, x: float, y: float) -> tuple[float, float]:
        """Pixels back to longitude, latitude (what a click on the map gives)."""
        return (x / (self.kx * self.scale) + self.west, self.north - y / self.scale)

    def project_array(self, coords: np.ndarray) -> np.ndarray:
        """Project an (n, 2) array of longitude, latitude at once."""
        x = (coords[:, 0] - self.west) * self.kx * self.scale
        y = (self.north - coords[:, 1]) * self.scale
        return np.column_stack([x, y])

    @property
    def metres_per_pixel(self) -> float:
        return METRES_PER_DEGREE / self.scale


def _ring_path(coords) -> str:
    points = [f"{x:.1f} {y:.1f}" for x, y in coords[:-1]]
    return "M" + "L".join(points) + "Z"


def svg_path(boundary: dict, projection: Projection) -> str:
    """The boundary as an SVG path (``fill-rule: evenodd`` draws holes), projected and
    simplified in pixels (Douglas–Peucker keeping the topology of each polygon)."""
    geom = shapely.transform(shape(boundary), projection.project_array)
    geom = geom.simplify(SIMPLIFY_PX, preserve_topology=True)
    polygons = getattr(geom, "geoms", [geom])
    parts = []
    for polygon in polygons:
        parts.append(_ring_path(polygon.exterior.coords))
        parts.extend(_ring_path(ring.coords) for ring in polygon.interiors)
    return "".join(parts)


@dataclass(frozen=True)
class ScaleBar:
    x: float
    y: float
    length: float
    label: str

    @property
    def x2(self) -> float:
        return round(self.x + self.length, 1)


def scale_bar(projection: Projection) -> ScaleBar:
    """A bar of a round length, at most a quarter of the map's width."""
    longest = projection.width / 4 * projection.metres_per_pixel
    metres = 100
    for candidate in (100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000):
        if candidate <= longest:
            metres = candidate
    label = (
        _("%(n)s km") % {"n": metres // 1000} if metres >= 1000 else _("%(n)s m") % {"n": metres}
    )
    return ScaleBar(
        x=PADDING,
        y=projection.height - PADDING,
        length=round(metres / projection.metres_per_pixel, 1),
        label=label,
    )


# Maps ----------------------------------------------------------------------------------


@dataclass
class MapArea:
    pk: int
    name: str
    url: str
    path: str
    fill: str
    label_x: float
    label_y: float
    label: str
    link_label: str
    current: bool = False


@dataclass(frozen=True)
class LegendItem:
    fill: str
    label: str


@dataclass(frozen=True)
class TableRow:
    name: str
    url: str
    value: str
    band: str


@dataclass
class Map:
    """Everything ``places/includes/map.html`` draws: no query is left to the template."""

    id: str
    title: str
    description: str
    width: float
    height: float
    areas: list[MapArea]
    scale: ScaleBar
    legend: list[LegendItem] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    table_caption: str = ""
    value_heading: str = ""
    font_size: float = 12
    method: str = ""
    edges: list[float] = field(default_factory=list)
    projection: Projection | None = None


def _frame(areas) -> Projection:
    return Projection.fit(
        min(a.west for a in areas),
        min(a.south for a in areas),
        max(a.east for a in areas),
        max(a.north for a in areas),
    )


def _font_size(count: int) -> float:
    return 13 if count <= 12 else 11 if count <= 25 else 9


def areas_map(areas: Sequence, *, map_id: str, title: str, description: str, current=None) -> Map:
    """A map of ``areas`` (``Area`` rows), each a link to its page and labelled with its
    name; ``current`` (one of them) is drawn dark and named as "this area"."""
    projection = _frame(areas)
    drawn = []
    for area in areas:
        is_current = current is not None and area.pk == current.pk
        x, y = projection(area.label_lon, area.label_lat)
        drawn.append(
            MapArea(
                pk=area.pk,
                name=area.name,
                url=area.get_absolute_url(),
                path=svg_path(area.boundary, projection),
                fill=CURRENT if is_current else NEUTRAL,
                label_x=round(x, 1),
                label_y=round(y, 1),
                label=area.name,
                link_label=(
                    _("%(name)s (this area)") % {"name": area.name} if is_current else area.name
                ),
                current=is_current,
            )
        )
    rows = [TableRow(a.name, a.get_absolute_url(), "", "") for a in areas]
    return Map(
        id=map_id,
        title=title,
        description=description,
        width=projection.width,
        height=projection.height,
        areas=drawn,
        scale=scale_bar(projection),
        rows=rows,
        projection=projection,
        table_caption=_("%(title)s: the areas") % {"title": title},
        font_size=_font_size(len(areas)),
    )


def default_format(value) -> str:
    return number_format(round(float(value), 1), decimal_pos=1, use_l10n=True, force_grouping=True)


def _range_label(low: float, high: float, first: bool, fmt) -> str:
    if low == high:
        return fmt(low)
    if first:
        return _("%(low)s to %(high)s") % {"low": fmt(low), "high": fmt(high)}
    return _("over %(low)s to %(high)s") % {"low": fmt(low), "high": fmt(high)}


def choropleth(
    areas: Sequence,
    values: dict,
    *,
    map_id: str,
    title: str,
    value_heading: str,
    description_intro: str = "",
    method: str = QUANTILE,
    classes: int = 5,
    fmt: Callable[[float], str] = default_format,
) -> Map:
    """A choropleth of ``values`` (area pk → number or ``None``) over ``areas``.

    The classes come from the figures (``method``: quantiles or equal intervals); an
    area without a figure is white, labelled "no figure" and listed as such. The
    description names the highest and lowest areas and how the colours read."""
    projection = _frame(areas)
    known = {pk: float(v) for pk, v in values.items() if v is not None}
    figures = [known[a.pk] for a in areas if a.pk in known]
    edges = (quantile_breaks if method == QUANTILE else equal_interval_breaks)(figures, classes)
    colours = palette_for(len(edges) - 1) if edges else []
    bands = [_range_label(edges[i], edges[i + 1], i == 0, fmt) for i in range(len(edges) - 1)] or (
        [fmt(edges[0])] if edges else []
    )
    drawn, rows = [], []
    for area in areas:
        x, y = projection(area.label_lon, area.label_lat)
        if area.pk in known:
            value = known[area.pk]
            band = classify(value, edges) if len(edges) > 1 else 0
            fill, text, band_label = colours[band], fmt(value), bands[band]
        else:
            fill, text, band_label = NO_DATA, _("no figure"), ""
        drawn.append(
            MapArea(
                pk=area.pk,
                name=area.name,
                url=area.get_absolute_url(),
                path=svg_path(area.boundary, projection),
                fill=fill,
                label_x=round(x, 1),
                label_y=round(y, 1),
                label=text,
                link_label=f"{area.name}: {text}",
            )
        )
        rows.append(TableRow(area.name, area.get_absolute_url(), text, band_label))
    legend = [LegendItem(colour, label) for colour, label in zip(colours, bands, strict=True)]
    if len(figures) < len(areas):
        legend.append(LegendItem(NO_DATA, _("No figure")))
    parts = [description_intro] if description_intro else []
    if figures:
        ranked = sorted((known[a.pk], a.name) for a in areas if a.pk in known)
        parts.append(
            _("Figures for %(known)s of %(total)s areas. Highest: %(high)s (%(high_value)s). "
              "Lowest: %(low)s (%(low_value)s). Darker areas have higher figures; each area "
              "is labelled with its figure, and the table below lists them all.")
            % {
                "known": len(figures),
                "total": len(areas),
                "high": ranked[-1][1],
                "high_value": fmt(ranked[-1][0]),
                "low": ranked[0][1],
                "low_value": fmt(ranked[0][0]),
            }
        )  # fmt: skip
    else:
        parts.append(_("No area has a figure yet."))
    return Map(
        id=map_id,
        title=title,
        description=" ".join(parts),
        width=projection.width,
        height=projection.height,
        areas=drawn,
        scale=scale_bar(projection),
        legend=legend,
        rows=rows,
        table_caption=_("%(title)s: the figures") % {"title": title},
        value_heading=value_heading,
        font_size=_font_size(len(areas)),
        method=method,
        edges=edges,
    )
