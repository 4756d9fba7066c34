"""``{% personal "name" part … %}``: a hole for what differs per person (core.personal)."""

from django import template

from core import personal as holes

register = template.Library()


@register.simple_tag(name="personal")
def personal_hole(name, *parts):
    """The hole ``name`` for ``parts`` (ids, plain words): filled for each request by the
    renderer registered under ``name``."""
    return holes.hole(name, *parts)
