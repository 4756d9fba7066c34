"""``manage.py import_indicator_values``: all rows or none, with row-numbered errors."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from goals.models import IndicatorValue
from tests.factories.goals import IndicatorFactory, IndicatorValueFactory, create_goal


@pytest.fixture
def indicator(home_page):
    goal = create_goal("Clean air for every street")
    return IndicatorFactory(goal=goal, name="Average NO2 at roadside sites", unit="µg/m³")


def write(tmp_path, text, name="values.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(path, *args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_indicator_values", path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_by_id_and_by_goal_and_name(tmp_path, indicator):
    path = write(
        tmp_path,
        "indicator_id,goal,indicator,date,value,provisional,note\n"
        f"{indicator.pk},,,2023-03-31,36.5,no,\n"
        ",clean-air-for-every-street,average no2 at roadside sites,2024-03-31,35.25,yes,"
        "Survey not yet published\n",
    )
    out, _err = run(path)
    assert "2 new" in out
    values = list(indicator.values.order_by("date"))
    assert [(v.date, v.value, v.provisional) for v in values] == [
        (date(2023, 3, 31), Decimal("36.500"), False),
        (date(2024, 3, 31), Decimal("35.250"), True),
    ]
    assert values[1].note == "Survey not yet published"


def test_upserts_by_indicator_and_date(tmp_path, indicator):
    IndicatorValueFactory(indicator=indicator, date=date(2023, 3, 31), value=Decimal("30"))
    IndicatorValueFactory(indicator=indicator, date=date(2022, 3, 31), value=Decimal("31"))
    path = write(
        tmp_path,
        "indicator_id,date,value,provisional\n"
        f"{indicator.pk},2023-03-31,29.5,\n"
        f"{indicator.pk},2022-03-31,31,\n",
    )
    out, _ = run(path)
    assert "0 new, 1 updated, 1 unchanged" in out
    assert indicator.values.count() == 2
    assert indicator.values.get(date=date(2023, 3, 31)).value == Decimal("29.5")
    # Running it again changes nothing.
    out, _ = run(path)
    assert "0 new, 0 updated, 2 unchanged" in out


def test_one_bad_row_saves_nothing_and_every_problem_is_numbered(tmp_path, indicator):
    IndicatorValueFactory(indicator=indicator, date=date(2020, 3, 31), value=Decimal("40"))
    path = write(
        tmp_path,
        "indicator_id,goal,indicator,date,value,provisional,note\n"
        f"{indicator.pk},,,2021-03-31,39,,\n"  # row 2: good
        f"{indicator.pk},,,31/02/2022,38,,\n"  # row 3: no such date (31/03/2022 would be read)
        f"{indicator.pk},,,2023-03-31,lots,,\n"  # row 4: bad value
        "999999,,,2023-03-31,1,,\n"  # row 5: no such indicator
        ",clean-air-for-every-street,Trees,2023-03-31,1,,\n"  # row 6: no such name
        f"{indicator.pk},,,2020-03-31,41,maybe,\n"  # row 7: bad provisional
        f"{indicator.pk},,,2021-03-31,39.5,,\n"  # row 8: repeats row 2
        f"{indicator.pk},,,2024-03-31,1.2345,,\n",  # row 9: too many decimals
    )
    with pytest.raises(CommandError, match="Nothing was saved: 7 problem"):
        run(path)
    assert list(IndicatorValue.objects.values_list("date", "value")) == [
        (date(2020, 3, 31), Decimal("40.000"))
    ]


def test_error_messages_name_the_row_and_the_problem(tmp_path, indicator):
    from goals.services import ImportFailed, import_file

    path = write(
        tmp_path,
        "indicator_id,date,value\n"
        f"{indicator.pk},2021-03-31,39\n"
        f"{indicator.pk},not a date,39\n"
        f"{indicator.pk},2021-03-31,\n",
    )
    with pytest.raises(ImportFailed) as failed:
        import_file(path)
    assert failed.value.errors == [
        "Row 3: the date “not a date” is not a real date: write it as 2027-01-20 or 20/01/2027.",
        "Row 4: the value “” is not a number; repeats the indicator and date of row 2.",
    ]


def test_missing_columns_are_reported(tmp_path, indicator):
    path = write(tmp_path, "indicator,value\nx,1\n")
    with pytest.raises(CommandError):
        run(path)
    from goals.services import ImportFailed, import_file

    with pytest.raises(ImportFailed) as failed:
        import_file(path)
    assert "date" in failed.value.errors[0]
    assert "indicator_id (or goal and indicator)" in failed.value.errors[0]


def test_not_utf8_and_missing_file_are_clear_errors(tmp_path, indicator):
    path = write(tmp_path, "indicator_id,date,value\n1,2021-01-01,3 µ\n", encoding="latin-1")
    with pytest.raises(CommandError):
        run(path)
    with pytest.raises(CommandError, match="No file"):
        run(str(tmp_path / "missing.csv"))


def test_dry_run_saves_nothing(tmp_path, indicator):
    path = write(tmp_path, f"indicator_id,date,value\n{indicator.pk},2021-03-31,39\n")
    out, _ = run(path, "--dry-run")
    assert "Would save 1" in out
    assert not IndicatorValue.objects.exists()


def test_excel_bom_and_blank_lines_are_fine(tmp_path, indicator):
    path = write(tmp_path, f'\ufeffIndicator_ID,Date,Value\n\n{indicator.pk},2021-03-31,"1,039"\n')
    run(path)
    assert indicator.values.get().value == Decimal("1039")
