"""Indicator figures by area: imported with an area code beside the place-wide figure,
shown on the goal page as a choropleth and table, and in indicators.csv; participation
by area on the areas map page and each area's page."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from goals.models import IndicatorValue
from tests.factories import VerifiedUserFactory
from tests.factories.consultations import ProposalFactory
from tests.factories.goals import IndicatorFactory, create_goal
from tests.factories.places import make_grid

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_page):
    goal = create_goal("Clean air for every street")
    indicator = IndicatorFactory(goal=goal, name="Average NO2", unit="µg/m³")
    return goal, indicator, make_grid(3)


def run(tmp_path, text):
    path = tmp_path / "values.csv"
    path.write_text(text)
    call_command("import_indicator_values", str(path), stdout=StringIO(), stderr=StringIO())


def test_area_figures_import_beside_the_place_wide_figure_and_update(tmp_path, world):
    _goal, indicator, wards = world
    text = (
        "indicator_id,date,value,area_code\n"
        f"{indicator.pk},2025-03-31,30,\n"
        f"{indicator.pk},2025-03-31,24,{wards[0].code}\n"
        f"{indicator.pk},2025-03-31,41,{wards[1].code}\n"
    )
    run(tmp_path, text)
    run(tmp_path, text.replace(",41,", ",39.5,"))  # again: updated in place

    assert [v.value for v in indicator.values.all()] == [30]  # the place-wide series
    by_area = IndicatorValue.all_values.filter(indicator=indicator, area__isnull=False)
    assert sorted((v.area.code, float(v.value)) for v in by_area) == [
        (wards[0].code, 24.0),
        (wards[1].code, 39.5),
    ]


def test_an_unknown_area_code_or_a_repeat_is_refused_by_row(tmp_path, world):
    _goal, indicator, wards = world
    with pytest.raises(CommandError):
        run(
            tmp_path,
            "indicator_id,date,value,area_code\n"
            f"{indicator.pk},2025-03-31,24,E05999999\n"
            f"{indicator.pk},2025-03-31,25,{wards[0].code}\n"
            f"{indicator.pk},2025-03-31,26,{wards[0].code}\n",
        )
    assert not IndicatorValue.all_values.exists()


def test_the_goal_page_shows_the_breakdown_as_a_map_and_a_table(client, tmp_path, world):
    goal, indicator, wards = world
    run(
        tmp_path,
        "indicator_id,date,value,area_code\n"
        f"{indicator.pk},2025-03-31,30,\n"
        f"{indicator.pk},2025-03-31,24,{wards[0].code}\n"
        f"{indicator.pk},2025-03-31,41,{wards[1].code}\n",
    )
    page = client.get(goal.url).content.decode()

    assert "Average NO2 by area, 31 Mar 2025" in page
    assert 'aria-label="Grid ward 00: 24 µg/m³"' in page
    assert "<td>41 µg/m³</td>" in page and "<td>no figure</td>" in page
    assert "Highest: Grid ward 01 (41 µg/m³)" in page
    area_page = client.get(wards[1].get_absolute_url()).content.decode()
    assert "What the goals’ figures say here" in area_page
    assert "41 µg/m³ here; 30 µg/m³ across the place (31 Mar 2025)" in area_page

    csv = b"".join(client.get(reverse("data:indicators_csv")).streaming_content).decode()
    header, *rows = csv.strip().splitlines()
    assert header.endswith(",area_code")
    assert [row.rsplit(",", 1)[1] for row in rows] == ["", wards[0].code, wards[1].code]


def test_participation_per_thousand_residents_by_area(client, world):
    _goal, _indicator, wards = world
    for _n in range(3):
        ProposalFactory(author=VerifiedUserFactory(area=wards[0]))
    VerifiedUserFactory(area=wards[1])  # signed up, not taken part: not counted

    index = client.get(reverse("places:index")).content.decode()
    area_page = client.get(wards[0].get_absolute_url()).content.decode()

    assert "People taking part per 1,000 residents" in index
    assert 'aria-label="Grid ward 00: 0.3"' in index
    assert 'aria-label="Grid ward 01: 0.0"' in index
    assert "Ideas per 1,000 residents" in index
    assert "0.3 people per 1,000 residents of Grid ward 00" in area_page
    assert "across the place, 0.1" in area_page
