"""Loading indicator figures from a CSV file: all rows or none.

Columns (a header row is required; order does not matter)::

    indicator_id | goal + indicator    which indicator (its id, or the goal's slug and the
                                       indicator's exact name)
    date                               YYYY-MM-DD (20/01/2027 and 20 January 2027 are read too)
    value                              a number, up to 3 decimal places
    provisional                        optional: yes/no, true/false, 1/0 (blank = no)
    note                               optional, up to 255 characters

Every row is checked first; if any row is bad, nothing is saved and each problem is
reported with its row number (the header is row 1). Rows update the figure already held
for the same indicator and date, or add a new one.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import opendata, page_cache
from core.forms import parse_typed_date
from goals.models import Indicator, IndicatorValue
from places.models import Area

TRUE = {"yes", "y", "true", "t", "1", "provisional", "p"}
FALSE = {"", "no", "n", "false", "f", "0"}
MAX_ABS = Decimal("1e11")
MAX_ROWS = 100_000


class ImportFailed(Exception):
    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


@dataclass
class _Row:
    number: int
    indicator: Indicator
    date: date
    value: Decimal
    provisional: bool
    note: str
    area: object = None  # places.Area, or None for the place-wide figure


def _clean(row, key):
    return (row.get(key) or "").strip()


def _parse_rows(reader, indicators_by_id, indicators_by_name, areas_by_code=None):
    rows, errors, seen = [], [], {}
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            errors.append(
                _("The file has more than %(max)s rows; split it into smaller files.")
                % {"max": MAX_ROWS}
            )
            break
        if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            continue  # a blank line
        if None in raw:
            errors.append(
                _("Row %(row)s: has more cells than the header has columns.") % {"row": number}
            )
            continue
        problems = []
        indicator = None
        ident = _clean(raw, "indicator_id")
        if ident:
            if not ident.isdigit() or int(ident) not in indicators_by_id:
                problems.append(_("no indicator has the id “%(id)s”") % {"id": ident})
            else:
                indicator = indicators_by_id[int(ident)]
        else:
            goal, name = _clean(raw, "goal"), _clean(raw, "indicator")
            if not goal or not name:
                problems.append(
                    _("give an indicator_id, or both goal (its slug) and indicator (its name)")
                )
            else:
                indicator = indicators_by_name.get((goal, name.casefold()))
                if indicator is None:
                    problems.append(
                        _("the goal “%(goal)s” has no indicator called “%(name)s”")
                        % {"goal": goal, "name": name}
                    )

        when = None
        text = _clean(raw, "date")
        try:
            when = parse_typed_date(text)
        except ValidationError:
            problems.append(
                _("the date “%(date)s” is not a real date: write it as 2027-01-20 or 20/01/2027")
                % {"date": text}
            )

        value = None
        text = _clean(raw, "value").replace(",", "")
        try:
            value = Decimal(text)
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            problems.append(
                _("the value “%(value)s” is not a number") % {"value": _clean(raw, "value")}
            )
            value = None
        if value is not None:
            if abs(value) >= MAX_ABS:
                problems.append(_("the value %(value)s is too large") % {"value": text})
            elif value.as_tuple().exponent < -3:
                problems.append(
                    _("the value %(value)s has more than 3 decimal places") % {"value": text}
                )

        text = _clean(raw, "provisional").casefold()
        provisional = text in TRUE
        if text not in TRUE and text not in FALSE:
            problems.append(
                _("provisional must be yes or no, not “%(value)s”")
                % {"value": _clean(raw, "provisional")}
            )

        note = _clean(raw, "note")
        if len(note) > 255:
            problems.append(_("the note is longer than 255 characters"))

        area = None
        code = _clean(raw, "area_code")
        if code:
            area = (areas_by_code or {}).get(code)
            if area is None:
                problems.append(_("no area has the code “%(code)s”") % {"code": code})

        if indicator is not None and when is not None and (area is not None or not code):
            key = (indicator.pk, when, area.pk if area else None)
            if key in seen and area is None:
                problems.append(
                    _("repeats the indicator and date of row %(row)s") % {"row": seen[key]}
                )
            elif key in seen:
                problems.append(
                    _("repeats the indicator, date and area of row %(row)s") % {"row": seen[key]}
                )
            else:
                seen[key] = number
        if problems:
            errors.append(
                _("Row %(row)s: %(problems)s.") % {"row": number, "problems": "; ".join(problems)}
            )
        else:
            rows.append(_Row(number, indicator, when, value, provisional, note, area))
    return rows, errors


def import_indicator_values(stream, *, dry_run=False) -> ImportResult:
    """Read CSV text from ``stream`` and save every row, or raise :class:`ImportFailed`
    (with one message per problem) and save nothing."""
    reader = csv.DictReader(stream)
    try:
        fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    except csv.Error as error:
        raise ImportFailed(
            [_("The file is not valid CSV: %(error)s.") % {"error": error}]
        ) from None
    reader.fieldnames = ["goal" if f == "goal_slug" else f for f in fields]
    missing = [c for c in ("date", "value") if c not in reader.fieldnames]
    if "indicator_id" not in reader.fieldnames and not {"goal", "indicator"} <= set(
        reader.fieldnames
    ):
        missing.append(_("indicator_id (or goal and indicator)"))
    if missing:
        raise ImportFailed(
            [
                _("Row 1: the header is missing the column(s): %(columns)s.")
                % {"columns": ", ".join(missing)}
            ]
        )

    indicators = list(Indicator.objects.select_related("goal").only("pk", "name", "goal__slug"))
    by_id = {i.pk: i for i in indicators}
    by_name = {(i.goal.slug, i.name.casefold()): i for i in indicators}
    areas = {area.code: area for area in Area.objects.only("pk", "code")}
    try:
        rows, errors = _parse_rows(reader, by_id, by_name, areas)
    except csv.Error as error:
        raise ImportFailed(
            [
                _("Row %(row)s: the file is not valid CSV: %(error)s.")
                % {"row": reader.line_num, "error": error}
            ]
        ) from None
    if errors:
        raise ImportFailed(errors)

    result = ImportResult()
    with transaction.atomic():
        existing = {
            (v.indicator_id, v.date, v.area_id): v
            for v in IndicatorValue.all_values.select_for_update().filter(
                indicator_id__in={r.indicator.pk for r in rows},
                date__in={r.date for r in rows},
            )
        }
        to_create, to_update = [], []
        for r in rows:
            current = existing.get((r.indicator.pk, r.date, r.area.pk if r.area else None))
            if current is None:
                to_create.append(
                    IndicatorValue(
                        indicator_id=r.indicator.pk,
                        date=r.date,
                        value=r.value,
                        provisional=r.provisional,
                        note=r.note,
                        area=r.area,
                    )
                )
            elif (current.value, current.provisional, current.note) == (
                r.value,
                r.provisional,
                r.note,
            ):
                result.unchanged += 1
            else:
                current.value, current.provisional, current.note = r.value, r.provisional, r.note
                to_update.append(current)
        IndicatorValue.all_values.bulk_create(to_create, batch_size=1000)
        IndicatorValue.all_values.bulk_update(
            to_update, ["value", "provisional", "note"], batch_size=1000
        )
        result.created, result.updated = len(to_create), len(to_update)
        if dry_run:
            transaction.set_rollback(True)
        else:
            transaction.on_commit(opendata.bump, robust=True)
            # bulk_create/bulk_update send no signals: drop cached pages and the goal
            # pages' indicator sections (goals/templatetags/indicator_tags.py) here.
            page_cache.bump()
    return result


def import_file(path, *, dry_run=False) -> ImportResult:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        raise ImportFailed([_("The file is not UTF-8 text; save it as “CSV UTF-8”.")]) from None
    return import_indicator_values(io.StringIO(text, newline=""), dry_run=dry_run)
