"""The map module: classes computed from the figures, the projection and paths, and maps
whose title, description, labels and table carry the same numbers."""

import math
import re

import pytest

from places import maps
from tests.factories.places import make_grid, square

pytestmark = pytest.mark.django_db


def test_quantile_classes_hold_about_as_many_areas_each():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    edges = maps.quantile_breaks(values, 5)
    assert edges == pytest.approx([1, 2.8, 4.6, 6.4, 8.2, 10])
    counts = [0] * 5
    for value in values:
        counts[maps.classify(value, edges)] += 1
    assert counts == [2, 2, 2, 2, 2]


def test_quantile_classes_follow_skewed_figures():
    # Most areas low, one very high: quantiles split the low ones, equal steps do not.
    values = [1, 1.5, 2, 2.5, 3, 3.5, 100]
    quantile = [maps.classify(v, maps.quantile_breaks(values, 3)) for v in values]
    equal = [maps.classify(v, maps.equal_interval_breaks(values, 3)) for v in values]
    assert quantile == [0, 0, 0, 1, 1, 2, 2]
    assert equal == [0, 0, 0, 0, 0, 0, 2]


def test_equal_interval_classes_split_the_range_evenly():
    assert maps.equal_interval_breaks([0, 5, 10, 20], 4) == [0, 5, 10, 15, 20]
    assert maps.classify(0, [0, 5, 10, 15, 20]) == 0
    assert maps.classify(5, [0, 5, 10, 15, 20]) == 0  # an edge belongs to the class below
    assert maps.classify(5.01, [0, 5, 10, 15, 20]) == 1
    assert maps.classify(20, [0, 5, 10, 15, 20]) == 3


def test_there_are_no_more_classes_than_distinct_figures():
    assert maps.quantile_breaks([3, 3, 3, 7], 5) == [3, 7]
    assert maps.quantile_breaks([4, 4], 5) == [4, 4]
    assert maps.equal_interval_breaks([4, 4], 5) == [4, 4]
    assert maps.quantile_breaks([], 5) == []
    assert maps.palette_for(2) == [maps.PALETTE[0], maps.PALETTE[-1]]


def test_the_projection_keeps_metres_the_same_both_ways():
    # A square of 0.02° of latitude by 0.02°/cos(53.46°) of longitude is square on the map.
    lat = 53.46
    kx = math.cos(math.radians(lat))
    projection = maps.Projection.fit(-1.95, lat - 0.01, -1.95 + 0.02 / kx, lat + 0.01)
    x0, y0 = projection(-1.95, lat - 0.01)
    x1, y1 = projection(-1.95 + 0.02 / kx, lat + 0.01)
    assert abs(x1 - x0) == pytest.approx(abs(y1 - y0), rel=1e-3)
    assert y1 < y0  # north is up
    # 0.02° of latitude is 2.2 km across the drawn height.
    assert abs(y1 - y0) * projection.metres_per_pixel == pytest.approx(2226.4, rel=1e-3)


def test_paths_are_projected_closed_and_simplified():
    projection = maps.Projection.fit(-1.95, 53.45, -1.93, 53.47)
    ring = square(0, 0)["coordinates"][0]
    # A point in the middle of the bottom edge adds nothing and is simplified away.
    ring.insert(1, [-1.94, 53.45])
    path = maps.svg_path({"type": "Polygon", "coordinates": [ring]}, projection)
    assert path.startswith("M") and path.endswith("Z")
    assert len(re.findall(r"[ML]", path)) == 4
    for x, y in re.findall(r"([\d.]+) ([\d.]+)", path):
        assert 0 <= float(x) <= projection.width and 0 <= float(y) <= projection.height


def test_a_choropleth_has_title_description_labels_and_a_table_with_the_same_numbers():
    areas = make_grid(4)
    values = {areas[0].pk: 10, areas[1].pk: 20, areas[2].pk: 40, areas[3].pk: None}

    chart = maps.choropleth(
        areas, values, map_id="m", title="Air quality by ward", value_heading="µg/m³"
    )

    assert chart.title == "Air quality by ward"
    assert "Figures for 3 of 4 areas" in chart.description
    assert "Highest: Grid ward 02 (40.0)" in chart.description
    assert "Lowest: Grid ward 00 (10.0)" in chart.description
    assert [a.label for a in chart.areas] == ["10.0", "20.0", "40.0", "no figure"]
    assert [r.value for r in chart.rows] == ["10.0", "20.0", "40.0", "no figure"]
    assert [a.link_label for a in chart.areas][2] == "Grid ward 02: 40.0"
    # Three distinct figures make three classes, light to dark, and white for no figure.
    assert [a.fill for a in chart.areas] == [*maps.palette_for(3), maps.NO_DATA]
    assert [item.label for item in chart.legend] == [
        "10.0 to 16.7",
        "over 16.7 to 26.7",
        "over 26.7 to 40.0",
        "No figure",
    ]
    assert [r.band for r in chart.rows][:3] == [item.label for item in chart.legend][:3]


def test_the_areas_map_marks_the_current_area_in_words_too():
    areas = make_grid(3)
    chart = maps.areas_map(areas, map_id="m", title="t", description="d", current=areas[1])
    assert [a.current for a in chart.areas] == [False, True, False]
    assert chart.areas[1].link_label == "Grid ward 01 (this area)"
    assert chart.scale.label.endswith("km") and chart.scale.length <= chart.width / 4
