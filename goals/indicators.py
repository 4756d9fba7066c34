"""Indicator status and charts: pure functions, no database.

The status of an indicator is never typed in. It is derived from the straight line
("trajectory") between the baseline and the target: on the date of the latest figure,
the trajectory says where the figure should be by then; the indicator is *on track* if
the latest figure is at least that good (at or above it when higher is better, at or
below it when lower is better), and *off track* otherwise. After the target date the
figure is compared with the target itself. An indicator without a target is *not
judged* (it gives context), and one with no figure after its baseline has *not enough
data* yet. :func:`assess` returns the status together with the rule that decided it,
in words, for the reader.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

HIGHER = "higher"
LOWER = "lower"


class Status(StrEnum):
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NO_TARGET = "no_target"
    NOT_ENOUGH_DATA = "not_enough_data"

    @property
    def label(self):
        return STATUS_LABELS[self]

    @property
    def symbol(self):
        """A shape that carries the status without colour (for badges)."""
        return STATUS_SYMBOLS[self]


STATUS_LABELS = {
    Status.ON_TRACK: gettext_lazy("On track"),
    Status.OFF_TRACK: gettext_lazy("Off track"),
    Status.NO_TARGET: gettext_lazy("No target"),
    Status.NOT_ENOUGH_DATA: gettext_lazy("Not enough data"),
}
STATUS_SYMBOLS = {
    Status.ON_TRACK: "✓",
    Status.OFF_TRACK: "✗",
    Status.NO_TARGET: "–",
    Status.NOT_ENOUGH_DATA: "?",
}


@dataclass(frozen=True)
class Point:
    date: date
    value: Decimal
    provisional: bool = False
    note: str = ""


@dataclass(frozen=True)
class Assessment:
    status: Status
    explain: Callable[[], str] = field(repr=False, compare=False)
    expected: Decimal | None = None
    latest: Point | None = None

    @cached_property
    def rule(self) -> str:
        """The rule that decided the status, in words. Written only when asked for: a
        list of goals shows the status alone, and formatting the figures and dates costs
        far more than deciding."""
        return self.explain()

    @property
    def label(self):
        return self.status.label

    @property
    def symbol(self):
        return self.status.symbol

    @property
    def code(self):
        return self.status.value


def format_value(value, unit: str = "") -> str:
    """``42.500, "%"`` → ``"42.5%"``; ``1200, "tonnes"`` → ``"1,200 tonnes"``."""
    if value is None:
        return ""
    value = Decimal(value)
    whole = value == value.to_integral_value()
    text = f"{int(value):,}" if whole else f"{value.normalize():,f}"
    if not unit:
        return text
    if unit in {"%", "°C", "p"} or unit.startswith("%"):
        return f"{text}{unit}"
    return f"{text} {unit}"


def _fmt_date(d: date) -> str:
    return date_format(d, "j F Y")


def expected_on(
    when: date,
    baseline_date: date,
    baseline_value: Decimal,
    target_date: date,
    target_value: Decimal,
) -> Decimal:
    """Where the straight line from baseline to target says the figure should be on ``when``
    (the baseline before it starts, the target after it ends)."""
    baseline_value, target_value = Decimal(baseline_value), Decimal(target_value)
    span = (target_date - baseline_date).days
    if span <= 0 or when >= target_date:
        return target_value
    if when <= baseline_date:
        return baseline_value
    fraction = Decimal((when - baseline_date).days) / Decimal(span)
    return baseline_value + (target_value - baseline_value) * fraction


def has_target(kind: str | None, target_date, target_value) -> bool:
    return kind != "context" and target_date is not None and target_value is not None


def assess(
    *,
    direction: str,
    baseline_date: date,
    baseline_value: Decimal,
    target_date: date | None = None,
    target_value: Decimal | None = None,
    latest: Point | None = None,
    unit: str = "",
    kind: str | None = None,
) -> Assessment:
    """Derive an indicator's status from its baseline, target and latest figure."""
    if not has_target(kind, target_date, target_value):
        return Assessment(
            Status.NO_TARGET,
            lambda: _(
                "No target has been set for this indicator, so it is shown for context and "
                "is not judged on or off track."
            ),
            latest=latest,
        )
    if latest is None or latest.date <= baseline_date:
        return Assessment(
            Status.NOT_ENOUGH_DATA,
            lambda: (
                _(
                    "There is no figure after the baseline (%(baseline)s on %(date)s) yet, so it "
                    "is too early to say whether this is on track."
                )
                % {"baseline": format_value(baseline_value, unit), "date": _fmt_date(baseline_date)}
            ),
            latest=latest,
        )

    expected = expected_on(latest.date, baseline_date, baseline_value, target_date, target_value)
    higher = direction != LOWER
    good = latest.value >= expected if higher else latest.value <= expected
    status = Status.ON_TRACK if good else Status.OFF_TRACK

    def explain() -> str:
        if higher:
            comparison = _("at or above") if good else _("below")
            better = _("Higher is better.")
        else:
            comparison = _("at or below") if good else _("above")
            better = _("Lower is better.")
        params = {
            "better": better,
            "latest": format_value(latest.value, unit),
            "date": _fmt_date(latest.date),
            "provisional": _(" (provisional)") if latest.provisional else "",
            "comparison": comparison,
            "expected": format_value(expected.quantize(Decimal("0.1")), unit),
            "baseline": format_value(baseline_value, unit),
            "baseline_date": _fmt_date(baseline_date),
            "target": format_value(target_value, unit),
            "target_date": _fmt_date(target_date),
            "status": status.label.lower(),
        }
        if latest.date >= target_date:
            return (
                _(
                    "%(better)s The latest figure, %(latest)s on %(date)s%(provisional)s, is "
                    "%(comparison)s the target of %(target)s that was due by %(target_date)s, "
                    "so it is %(status)s."
                )
                % params
            )
        else:
            return (
                _(
                    "%(better)s The latest figure, %(latest)s on %(date)s%(provisional)s, is "
                    "%(comparison)s the %(expected)s expected by then on a straight line from the "
                    "baseline of %(baseline)s (%(baseline_date)s) to the target of %(target)s by "
                    "%(target_date)s, so it is %(status)s."
                )
                % params
            )

    return Assessment(status, explain, expected=expected, latest=latest)


def assess_indicator(indicator, latest: Point | None = None) -> Assessment:
    """:func:`assess` for an ``Indicator`` instance and its latest :class:`Point`."""
    return assess(
        direction=indicator.direction,
        baseline_date=indicator.baseline_date,
        baseline_value=indicator.baseline_value,
        target_date=indicator.target_date,
        target_value=indicator.target_value,
        latest=latest,
        unit=indicator.unit,
        kind=indicator.kind,
    )


# --- charts --------------------------------------------------------------------------


def nice_step(span: float, ticks: int = 4) -> float:
    if span <= 0:
        return 1.0
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * magnitude >= raw:
            return multiple * magnitude
    return 10 * magnitude  # pragma: no cover (the loop always returns)


@dataclass
class Chart:
    """Coordinates for a small line chart, drawn by a template as SVG."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    x_ticks: list = field(default_factory=list)  # (x, label)
    y_ticks: list = field(default_factory=list)  # (y, label)
    markers: list = field(default_factory=list)  # dicts: x, y, provisional, label
    solid_path: str = ""
    dashed_path: str = ""
    baseline: dict | None = None
    target: dict | None = None
    trajectory: dict | None = None

    @property
    def plot_bottom(self):
        return self.height - self.bottom

    @property
    def plot_right(self):
        return self.width - self.right

    @property
    def y_label_x(self):
        return self.left - 6

    @property
    def x_label_y(self):
        return self.height - self.bottom + 20

    # The SVG draws the plot area only (with room for the marks at its edges); the axis
    # labels are HTML around it, placed at these percentages, so their text is sized in
    # rem like the rest of the page: never smaller than 12 CSS px however narrow the
    # chart, and larger when a person zooms text. SVG text shrinks with the drawing.
    # The percentages are whole numbers because the page places them with classes
    # (``at-left-N``, ``at-top-N`` in site.css): the Content-Security-Policy refuses style
    # attributes, and a label a few pixels off its tick reads the same.
    PAD = 12

    @property
    def view_box(self) -> str:
        return (
            f"{self.left - self.PAD} {self.top - self.PAD} "
            f"{self.plot_right - self.left + 2 * self.PAD} "
            f"{self.plot_bottom - self.top + 2 * self.PAD}"
        )

    @property
    def view_width(self) -> int:
        return self.plot_right - self.left + 2 * self.PAD

    @property
    def view_height(self) -> int:
        return self.plot_bottom - self.top + 2 * self.PAD

    @property
    def x_labels(self) -> list[tuple[float, str]]:
        """(left edge in % of the drawing's width, label) for each x tick."""
        return [
            (round((x - self.left + self.PAD) / self.view_width * 100), label)
            for x, label in self.x_ticks
        ]

    @property
    def widest_y_label(self) -> str:
        """The longest y label: drawn invisibly in the labels' column to size it."""
        return max((label for _, label in self.y_ticks), key=len, default="")

    @property
    def y_labels(self) -> list[tuple[float, str]]:
        """(middle in % of the drawing's height, label) for each y tick."""
        return [
            (round((y - self.top + self.PAD) / self.view_height * 100), label)
            for y, label in self.y_ticks
        ]


def build_chart(
    *,
    baseline_date: date,
    baseline_value: Decimal,
    target_date: date | None,
    target_value: Decimal | None,
    points: list[Point],
    unit: str = "",
    width: int = 640,
    height: int = 280,
) -> Chart:
    """Scale baseline, target, trajectory and values into an SVG coordinate space."""
    chart = Chart(width=width, height=height, left=64, right=24, top=20, bottom=40)
    has_goal = target_date is not None and target_value is not None
    dates = [baseline_date, *(p.date for p in points)]
    values = [float(baseline_value), *(float(p.value) for p in points)]
    if has_goal:
        dates.append(target_date)
        values.append(float(target_value))
    first_year, last_year = min(dates).year, max(dates).year
    x_min = date(first_year, 1, 1).toordinal()
    x_max = date(last_year + 1, 1, 1).toordinal()

    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    step = nice_step(high - low)
    y_min = math.floor(low / step) * step
    y_max = math.ceil(high / step) * step
    if low >= 0 > y_min:
        y_min = 0.0

    plot_w = width - chart.left - chart.right
    plot_h = height - chart.top - chart.bottom

    def sx(d: date) -> float:
        return round(chart.left + (d.toordinal() - x_min) / (x_max - x_min) * plot_w, 1)

    def sy(v) -> float:
        return round(chart.top + (1 - (float(v) - y_min) / (y_max - y_min)) * plot_h, 1)

    years = list(range(first_year, last_year + 2))
    every = max(1, math.ceil(len(years) / 8))
    chart.x_ticks = [
        (sx(date(y, 1, 1)), str(y)) for y in years[:-1] if (y - first_year) % every == 0
    ]
    tick = y_min
    while tick <= y_max + step / 1000:
        chart.y_ticks.append((sy(tick), format_value(Decimal(str(round(tick, 6))), unit)))
        tick += step

    bx, by = sx(baseline_date), sy(baseline_value)
    chart.baseline = {
        "x": bx,
        "y": by,
        "rect_x": round(bx - 5, 1),
        "rect_y": round(by - 5, 1),
        "label": format_value(baseline_value, unit),
    }
    if has_goal:
        tx, ty = sx(target_date), sy(target_value)
        chart.target = {
            "x": tx,
            "y": ty,
            "points": f"{tx},{round(ty - 8, 1)} {round(tx + 8, 1)},{ty} "
            f"{tx},{round(ty + 8, 1)} {round(tx - 8, 1)},{ty}",
            "label": format_value(target_value, unit),
        }
        chart.trajectory = {
            "x1": chart.baseline["x"],
            "y1": chart.baseline["y"],
            "x2": chart.target["x"],
            "y2": chart.target["y"],
        }

    ordered = sorted(points, key=lambda p: p.date)
    solid, dashed = [], []
    previous = None
    for p in ordered:
        x, y = sx(p.date), sy(p.value)
        chart.markers.append(
            {
                "x": x,
                "y": y,
                "provisional": p.provisional,
                "label": format_value(p.value, unit),
                "date": p.date,
            }
        )
        if previous is not None:
            segment = f"M{previous[0]},{previous[1]} L{x},{y}"
            (dashed if p.provisional or previous[2] else solid).append(segment)
        previous = (x, y, p.provisional)
    chart.solid_path = " ".join(solid)
    chart.dashed_path = " ".join(dashed)
    return chart


def describe_chart(
    *,
    name: str,
    baseline_date: date,
    baseline_value: Decimal,
    target_date: date | None,
    target_value: Decimal | None,
    points: list[Point],
    unit: str = "",
    direction: str = HIGHER,
) -> str:
    """The chart in words, for people who cannot see it."""
    parts = [
        _("%(name)s: the baseline was %(value)s on %(date)s.")
        % {
            "name": name,
            "value": format_value(baseline_value, unit),
            "date": _fmt_date(baseline_date),
        }
    ]
    if target_date is not None and target_value is not None:
        parts.append(
            _("The target is %(value)s by %(date)s.")
            % {"value": format_value(target_value, unit), "date": _fmt_date(target_date)}
        )
    parts.append(_("Higher is better.") if direction != LOWER else _("Lower is better."))
    ordered = sorted(points, key=lambda p: p.date)
    if ordered:
        first, last = ordered[0], ordered[-1]
        values = {
            "count": len(ordered),
            "first_date": _fmt_date(first.date),
            "first": format_value(first.value, unit),
            "last_date": _fmt_date(last.date),
            "last": format_value(last.value, unit),
            "provisional": _(", provisional") if last.provisional else "",
        }
        if len(ordered) == 1:
            parts.append(_("There is 1 figure: %(last)s on %(last_date)s%(provisional)s.") % values)
        else:
            parts.append(
                _(
                    "There are %(count)s figures from %(first_date)s (%(first)s) to "
                    "%(last_date)s (%(last)s%(provisional)s)."
                )
                % values
            )
        provisional = sum(1 for p in ordered if p.provisional)
        if provisional:
            parts.append(
                ngettext(
                    "%(count)s of them is provisional and may change.",
                    "%(count)s of them are provisional and may change.",
                    provisional,
                )
                % {"count": provisional}
                if len(ordered) > 1
                else _("It is provisional and may change.")
            )
    else:
        parts.append(_("No figures have been published yet."))
    return " ".join(parts)
