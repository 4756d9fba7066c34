"""The one way to show text a resident wrote: escaped, line breaks kept, links made
clickable with ``rel="nofollow ugc noopener"``, nothing else.

    {% load resident_text %}
    {{ proposal.body|resident_text }}

Use it for every piece of resident text (proposals, comments, pledges, updates). Its
paragraphs carry ``dir="auto"``: a resident writing Arabic or Hebrew reads right to left
without the page around it turning.

    {{ comment.author.public_name|bdi }}        in HTML: <bdi>name</bdi>
    {{ user.public_name|isolated }}             in plain-text emails and subjects

Names (people's and organisations') are isolated wherever they sit in a sentence, a
byline or a list, so a right-to-left name does not reorder the words and punctuation
around it ("Proposed by سارة, 3 days ago").
"""

import re
import unicodedata
from functools import lru_cache

from django import template
from django.utils.html import conditional_escape, format_html, linebreaks, urlize
from django.utils.safestring import mark_safe

register = template.Library()

REL = "nofollow ugc noopener"
_ANCHOR = re.compile(r'<a href="')


def render_resident_text(value) -> str:
    if value is None:
        return ""
    return mark_safe(_render(str(value)))  # noqa: S308 (escaped by _render)


@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    """The HTML for ``text``: a pure function of it, so kept per process (urlize is a
    quarter of the time of a page of 200 comments)."""
    # urlize(autoescape=True) escapes everything that is not a link it creates, so any
    # "<a" left in its output is one of its own anchors.
    linked = urlize(text, nofollow=False, autoescape=True)
    linked = _ANCHOR.sub(f'<a rel="{REL}" href="', linked)
    # linebreaks' own <p> are the only ones left: the text itself was escaped.
    return linebreaks(linked, autoescape=False).replace("<p>", '<p dir="auto">')


@register.filter(name="resident_text", is_safe=True)
def resident_text(value):
    return render_resident_text(value)


_RIGHT_TO_LEFT = frozenset({"R", "AL", "RLE", "RLO", "RLI"})


def is_right_to_left(value) -> bool:
    """Whether ``value`` has a right-to-left letter (Arabic, Hebrew, Syriac, Thaana…) or
    a right-to-left control: the text that reorders an English sentence around it."""
    return any(unicodedata.bidirectional(character) in _RIGHT_TO_LEFT for character in value)


def isolate_html(value) -> str:
    """``value`` escaped, inside ``<bdi>`` when it has right-to-left text: its direction
    is then its own, not the sentence's. A left-to-right name in these left-to-right
    pages needs no isolating, so the common case's markup (and its tests) stay plain."""
    if value is None or value == "":
        return ""
    value = str(value)
    if is_right_to_left(value):
        return format_html("<bdi>{}</bdi>", value)
    return conditional_escape(value)


#: Unicode's first-strong isolate and its end: ``<bdi>`` for plain text (emails).
FSI, PDI = "\u2068", "\u2069"


def isolate_text(value) -> str:
    """``value`` between FSI and PDI when it has right-to-left text (plain-text emails
    and subjects, where ``<bdi>`` cannot go)."""
    if value is None or value == "":
        return ""
    value = str(value)
    return f"{FSI}{value}{PDI}" if is_right_to_left(value) else value


@register.filter(name="bdi", is_safe=True)
def bdi(value):
    return isolate_html(value)


@register.filter(name="isolated")
def isolated(value):
    return isolate_text(value)
