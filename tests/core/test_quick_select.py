"""The list boxes written in Python give the markup Django's templates give (apart from
the order of attributes and whitespace), escaped the same."""

import re

from django import forms

from core.forms import QuickSelect, QuickSelectMultiple

CHOICES = [("", "Any"), ("Group <a>", [(1, "One & two"), (2, "Two")]), (3, 'Th"ree')]


def _tags(html):
    """Each tag with its attributes sorted, and the text between: order-free markup."""
    html = "".join(html.split("\n"))
    out = []
    for tag, text in re.findall(r"(<[^>]+>)([^<]*)", html):
        name, *attrs = re.findall(r'[\w/-]+(?:="[^"]*")?', tag)
        out.append((name, tuple(sorted(attrs)), text.strip()))
    return out


def test_the_same_options_groups_selection_and_escaping_as_djangos():
    for quick, plain, value in (
        (QuickSelect, forms.Select, 1),
        (QuickSelectMultiple, forms.SelectMultiple, [1, 3]),
    ):
        ours = quick(attrs={"size": 4}, choices=CHOICES).render("x", value, {"id": "id_x"})
        theirs = plain(attrs={"size": 4}, choices=CHOICES).render("x", value, {"id": "id_x"})
        assert len(_tags(ours)) == 12 and _tags(ours) == _tags(theirs)
        assert "&lt;a&gt;" in ours and "One &amp; two" in ours
