"""Goal index template tags.

``{% goal_cards goals request %}`` — the goal index's cards (theme, owner, pledge counts,
progress at a glance), rendered once per content version (``core.fragments``): the
indicators' assessments, the pledge counts and twenty cards of translated plurals are
most of the goal index's cost, and the same for everyone.
"""

from django import template
from django.template.loader import get_template
from wagtail.models import Site

from core import fragments
from goals.selectors import goal_card_context

register = template.Library()


@register.simple_tag
def goal_cards(goals, request):
    goals = list(goals)
    if not goals:
        return ""

    def render():
        return get_template("goals/includes/goal_cards.html").render(
            {
                "goals": goals,
                **goal_card_context(goals),  # progress, and pledge_counts from pledges
                "request": request,  # {% pageurl %}: links relative to the request's site
            }
        )

    site = Site.find_for_request(request) if request else None  # cached on the request
    parts = [getattr(site, "pk", ""), *(goal.pk for goal in goals)]
    return fragments.cached("goal_cards", parts, render)
