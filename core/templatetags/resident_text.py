"""The one way to show text a resident wrote: escaped, line breaks kept, links made
clickable with ``rel="nofollow ugc noopener"``, nothing else.

    {% load resident_text %}
    {{ proposal.body|resident_text }}

Use it for every piece of resident text (proposals, comments, pledges, updates).
"""

import re
from functools import lru_cache

from django import template
from django.utils.html import linebreaks, urlize
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
    return linebreaks(linked, autoescape=False)


@register.filter(name="resident_text", is_safe=True)
def resident_text(value):
    return render_resident_text(value)
