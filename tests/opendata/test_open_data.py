"""Open data at /data/: the files parse, match the database, carry no personal data,
and are streamed, cached and refreshed when the data changes."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from core import opendata
from goals.models import Ambition, GoalPage, IndicatorValue
from tests.factories.goals import (
    IndicatorFactory,
    IndicatorValueFactory,
    MembershipFactory,
    OrganisationFactory,
    create_goal,
)


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def read_csv(client, name):
    response = client.get(reverse(f"data:{name}"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(body(response))))


@pytest.fixture
def data_world(home_page):
    council = OrganisationFactory(name="Lowbridge City Council", kind="public")
    rivers = OrganisationFactory(name="Wyre Rivers Trust")
    goal = create_goal(
        "Rivers clean enough to swim in", co_owners=[rivers, council], convened_by=council
    )
    Ambition.objects.create(
        goal=goal, title="Bathing water at Wyre Meadows", target_year=2030, sort_order=0
    )
    Ambition.objects.create(goal=goal, title="=HYPERLINK(evil)", sort_order=1)
    GoalPage.objects.filter(pk=goal.pk).update(endorsed_by="=SUM(A1)")
    indicator = IndicatorFactory(goal=goal, name="River samples meeting the standard")
    IndicatorValueFactory(indicator=indicator, date=date(2023, 3, 31), value=Decimal("48.5"))
    IndicatorValueFactory(
        indicator=indicator, date=date(2024, 3, 31), value=Decimal("52"), provisional=True
    )
    draft = create_goal("A draft goal", co_owners=[rivers])
    IndicatorValueFactory(indicator=IndicatorFactory(goal=draft, name="Secret measure"))
    draft.unpublish()
    member = MembershipFactory(organisation=rivers, show_publicly=True)
    return {"goal": goal, "indicator": indicator, "member": member}


def test_index_names_the_licence_and_lists_the_datasets(client, db):
    html = client.get(reverse("data:index")).content.decode()
    assert settings.OPEN_DATA_LICENCE_NAME in html
    assert settings.OPEN_DATA_LICENCE_URL in html
    for name in ("goals.json", "goals.csv", "indicators.csv"):
        assert name in html


def test_every_file_with_an_area_column_says_so_on_the_index(client, data_world):
    """A reuser reads what a file holds on /data/: a file carrying area codes (an
    ``areas`` or ``area_code`` column) says so, and what a blank means."""
    html = client.get(reverse("data:index")).content.decode()
    with_areas = []
    for dataset in opendata.datasets():
        if not dataset.filename.endswith(".csv"):
            continue
        header = next(csv.reader(io.StringIO(body(client.get(dataset.url)))))
        if {"areas", "area_code"} & set(header):
            with_areas.append(dataset.filename)
            described = str(dataset.description)
            assert "area" in described and "blank" in described, dataset.filename
            assert escape(described) in html, dataset.filename
    assert {"indicators.csv", "pledges.csv", "proposals.csv", "commitments.csv"} <= set(with_areas)


def test_goals_csv_matches_the_database(client, data_world):
    rows = read_csv(client, "goals_csv")
    assert len(rows) == 1  # the unpublished goal is left out
    row = rows[0]
    goal = data_world["goal"]
    assert row["goal_id"] == str(goal.pk)
    assert row["title"] == goal.title
    assert row["convened_by"] == "Lowbridge City Council"
    assert row["co_owners"] == "Lowbridge City Council; Wyre Rivers Trust"
    assert row["ambitions"].startswith("Bathing water at Wyre Meadows (by 2030) | ")
    assert row["ambitions"].endswith(" | =HYPERLINK(evil)")
    assert row["endorsed_by"] == "'=SUM(A1)"  # a leading formula is defused
    assert row["indicators"] == "1"
    assert row["url"].startswith("http")


def test_indicators_csv_has_one_row_a_value(client, data_world):
    rows = read_csv(client, "indicators_csv")
    values = IndicatorValue.objects.filter(indicator=data_world["indicator"]).order_by("date")
    assert len(rows) == values.count() == 2
    for row, value in zip(rows, values, strict=True):
        assert row["goal_slug"] == data_world["goal"].slug
        assert row["indicator"] == "River samples meeting the standard"
        assert row["unit"] == "%"
        assert row["date"] == value.date.isoformat()
        assert Decimal(row["value"]) == value.value
        assert row["provisional"] == ("true" if value.provisional else "false")
        assert row["source"] == "Office for National Statistics"
        assert row["source_licence"] == "Open Government Licence v3.0"
    assert "Secret measure" not in json.dumps(rows)


def test_goals_json_parses_and_matches(client, data_world):
    response = client.get(reverse("data:goals_json"))
    assert response["Content-Type"] == "application/json"
    data = json.loads(body(response))
    assert data["licence"]["name"] == settings.OPEN_DATA_LICENCE_NAME
    assert [g["slug"] for g in data["goals"]] == [data_world["goal"].slug]
    goal = data["goals"][0]
    assert {o["name"] for o in goal["co_owners"]} == {"Lowbridge City Council", "Wyre Rivers Trust"}
    assert goal["ambitions"][0]["title"] == "Bathing water at Wyre Meadows"
    indicator = goal["indicators"][0]
    assert indicator["status"] == "on_track"
    assert "Higher is better" in indicator["status_rule"]
    assert [v["value"] for v in indicator["values"]] == ["48.500", "52.000"]
    assert indicator["values"][1]["provisional"] is True


def test_no_personal_data_in_any_file(client, data_world):
    member = data_world["member"].user
    for name in ("goals_csv", "indicators_csv", "goals_json"):
        text = body(client.get(reverse(f"data:{name}")))
        assert member.email not in text
        assert member.public_name not in text
        assert "@" not in text


def test_files_are_streamed_and_tagged(client, data_world):
    response = client.get(reverse("data:indicators_csv"))
    assert response.streaming
    assert response["ETag"]
    assert settings.OPEN_DATA_LICENCE_URL in response["Link"]
    body(response)
    again = client.get(reverse("data:indicators_csv"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_cached_file_is_served_until_the_data_changes(
    client, data_world, django_assert_num_queries
):
    first = body(client.get(reverse("data:indicators_csv")))
    with django_assert_num_queries(0):
        cached = client.get(reverse("data:indicators_csv"))
    assert body(cached) == first
    etag = cached["ETag"]
    IndicatorValueFactory(
        indicator=data_world["indicator"], date=date(2025, 3, 31), value=Decimal("60")
    )
    fresh = client.get(reverse("data:indicators_csv"))
    assert fresh["ETag"] != etag
    assert "2025-03-31" in body(fresh)


def test_other_parts_can_register_a_dataset(client, db):
    dataset = opendata.Dataset(
        slug="test-extra",
        filename="extra.csv",
        url_name="data:goals_csv",
        title="Extra",
        description="A dataset registered by another part.",
        order=99,
    )
    opendata.register(dataset)
    try:
        html = client.get(reverse("data:index")).content.decode()
        assert "A dataset registered by another part." in html
    finally:
        opendata._registry.pop("test-extra")
