"""A CSV cell that a spreadsheet would run as a formula is defused, look-alikes too."""

import pytest

from core.opendata import safe_cell


@pytest.mark.parametrize(
    "value",
    [
        "=SUM(A1)",
        "+1+cmd",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        '＝HYPERLINK("https://evil.test")',  # fullwidth equals
        "＋1+1",  # fullwidth plus
        "－1+1",  # fullwidth hyphen-minus
        "＠SUM(A1)",  # fullwidth commercial at
        "﹦1+1",  # small equals sign
        "﹢1",  # small plus sign
    ],
)
def test_formula_leads_and_their_look_alikes_are_defused(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-1.5", "+44", "12", "3e5", "Clean air", "", 7, 2.5])
def test_numbers_and_plain_text_are_left_alone(value):
    assert safe_cell(value) == value
