"""The derived status of an indicator (goals/indicators.py): pure functions."""

from datetime import date
from decimal import Decimal as D

import pytest

from goals.indicators import (
    Point,
    Status,
    assess,
    build_chart,
    describe_chart,
    expected_on,
    format_value,
)

BASE = {"baseline_date": date(2020, 1, 1), "target_date": date(2030, 1, 1)}


def rising(latest, **extra):
    return assess(
        direction="higher",
        baseline_value=D("40"),
        target_value=D("60"),
        latest=latest,
        unit="%",
        **BASE,
        **extra,
    )


def falling(latest, **extra):
    return assess(
        direction="lower",
        baseline_value=D("100"),
        target_value=D("50"),
        latest=latest,
        unit="tonnes",
        **BASE,
        **extra,
    )


def test_expected_value_follows_the_straight_line_and_stops_at_the_ends():
    args = (date(2020, 1, 1), D("40"), date(2030, 1, 1), D("60"))
    assert expected_on(date(2025, 1, 1), *args) == pytest.approx(D("50"), abs=D("0.01"))
    assert expected_on(date(2019, 1, 1), *args) == D("40")
    assert expected_on(date(2031, 1, 1), *args) == D("60")


@pytest.mark.parametrize(
    ("value", "status"),
    [("51", Status.ON_TRACK), ("50.1", Status.ON_TRACK), ("49", Status.OFF_TRACK)],
)
def test_rising_indicator_on_track_when_at_or_above_the_trajectory(value, status):
    result = rising(Point(date(2025, 1, 1), D(value)))
    assert result.status == status


@pytest.mark.parametrize(
    ("value", "status"),
    [("70", Status.ON_TRACK), ("74.9", Status.ON_TRACK), ("80", Status.OFF_TRACK)],
)
def test_falling_indicator_on_track_when_at_or_below_the_trajectory(value, status):
    # Halfway from 100 to 50 the trajectory expects 75.
    result = falling(Point(date(2025, 1, 1), D(value)))
    assert result.status == status


def test_the_rule_is_given_in_words_with_the_figures_that_decided_it():
    result = rising(Point(date(2025, 1, 1), D("45"), provisional=True))
    assert result.status == Status.OFF_TRACK
    assert "Higher is better." in result.rule
    assert "45% on 1 January 2025 (provisional)" in result.rule
    assert "below the 50% expected by then" in result.rule
    assert "baseline of 40% (1 January 2020)" in result.rule
    assert "target of 60% by 1 January 2030" in result.rule
    assert result.rule.endswith("so it is off track.")


def test_falling_rule_says_lower_is_better():
    result = falling(Point(date(2025, 1, 1), D("60")))
    assert result.status == Status.ON_TRACK
    assert "Lower is better." in result.rule
    assert "at or below the 75 tonnes expected" in result.rule


def test_after_the_target_date_the_figure_is_compared_with_the_target():
    assert rising(Point(date(2031, 6, 1), D("60"))).status == Status.ON_TRACK
    late = rising(Point(date(2031, 6, 1), D("59")))
    assert late.status == Status.OFF_TRACK
    assert "target of 60% that was due by 1 January 2030" in late.rule


@pytest.mark.parametrize(
    "extra",
    [
        {"kind": "context"},
        {"target_value": None},
        {"target_date": None},
    ],
)
def test_without_a_target_there_is_no_judgement(extra):
    args = {
        "direction": "higher",
        "baseline_value": D("40"),
        "baseline_date": date(2020, 1, 1),
        "target_value": D("60"),
        "target_date": date(2030, 1, 1),
        "latest": Point(date(2025, 1, 1), D("10")),
        **extra,
    }
    result = assess(**args)
    assert result.status == Status.NO_TARGET
    assert "No target has been set" in result.rule


def test_falling_without_target_is_not_judged_either():
    result = assess(
        direction="lower",
        baseline_value=D("5"),
        baseline_date=date(2020, 1, 1),
        latest=Point(date(2025, 1, 1), D("50")),
    )
    assert result.status == Status.NO_TARGET


@pytest.mark.parametrize("latest", [None, Point(date(2020, 1, 1), D("41"))])
def test_not_enough_data_without_a_figure_after_the_baseline(latest):
    result = rising(latest)
    assert result.status == Status.NOT_ENOUGH_DATA
    assert "too early to say" in result.rule


def test_statuses_have_labels_and_symbols_that_do_not_rely_on_colour():
    symbols = {status.symbol for status in Status}
    assert len(symbols) == len(Status)
    assert str(Status.ON_TRACK.label) == "On track"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (D("42.500"), "%", "42.5%"),
        (D("1200"), "tonnes", "1,200 tonnes"),
        (D("3"), "", "3"),
        (D("-0.25"), "°C", "-0.25°C"),
    ],
)
def test_format_value(value, unit, text):
    assert format_value(value, unit) == text


def test_chart_scales_points_inside_the_plot_and_marks_provisional_ones():
    points = [
        Point(date(2021, 1, 1), D("42")),
        Point(date(2022, 1, 1), D("44")),
        Point(date(2023, 1, 1), D("47"), provisional=True),
    ]
    chart = build_chart(
        baseline_date=date(2020, 1, 1),
        baseline_value=D("40"),
        target_date=date(2030, 1, 1),
        target_value=D("60"),
        points=points,
        unit="%",
    )
    for marker in chart.markers:
        assert chart.left <= marker["x"] <= chart.plot_right
        assert chart.top <= marker["y"] <= chart.plot_bottom
    assert [m["provisional"] for m in chart.markers] == [False, False, True]
    # Rising values go up the page (smaller y); the last segment is dashed.
    assert chart.markers[0]["y"] > chart.markers[-1]["y"]
    assert chart.solid_path.count("M") == 1
    assert chart.dashed_path.count("M") == 1
    assert chart.trajectory and chart.target
    assert chart.y_ticks and chart.x_ticks


def test_chart_without_a_target_has_no_trajectory():
    chart = build_chart(
        baseline_date=date(2020, 1, 1),
        baseline_value=D("5"),
        target_date=None,
        target_value=None,
        points=[],
    )
    assert chart.trajectory is None and chart.target is None


def test_chart_description_reads_the_figures():
    text = describe_chart(
        name="Trees",
        baseline_date=date(2020, 1, 1),
        baseline_value=D("10"),
        target_date=date(2030, 1, 1),
        target_value=D("25"),
        points=[Point(date(2021, 1, 1), D("12")), Point(date(2022, 1, 1), D("13"), True)],
        unit="%",
    )
    assert "baseline was 10% on 1 January 2020" in text
    assert "target is 25% by 1 January 2030" in text
    assert "2 figures" in text
    assert "1 of them is provisional and may change." in text  # singular (#13)


def test_chart_description_plurals_and_a_single_figure():
    common = {
        "name": "Trees",
        "baseline_date": date(2020, 1, 1),
        "baseline_value": D("10"),
        "target_date": None,
        "target_value": None,
        "unit": "%",
    }
    two = describe_chart(
        **common,
        points=[Point(date(2021, 1, 1), D("12"), True), Point(date(2022, 1, 1), D("13"), True)],
    )
    assert "2 of them are provisional and may change." in two
    one = describe_chart(**common, points=[Point(date(2021, 1, 1), D("12"), True)])
    assert "There is 1 figure: 12% on 1 January 2021, provisional." in one
    assert "It is provisional and may change." in one
    assert "1 figures" not in one and "of them" not in one
