"""Pledge template tags.

* ``{{ pledge|pledger_name }}`` — the one way a template names a pledger in public.
* ``{% goal_pledge_wall goal request %}`` — counts, a "make a pledge" button and the wall
  (newest / most joined, filter by status and organisation kind, paginated) for a goal page.
* ``{% consultation_pledge_wall page request %}`` — pledges made from a consultation page,
  with buttons to pledge to each goal it serves.
* ``{% organisation_pledges organisation %}`` — an organisation's latest pledges.
* ``{% goal_pledge_counts goals as counts %}`` then ``{% pledge_counts goal counts %}`` —
  counts for a list of goals from one grouped query (``{% pledge_counts goal %}`` alone
  asks for one goal).
"""

from django import template

from core.templatetags.resident_text import isolate_html
from goals.models import GoalPage
from pledges import permissions as perms
from pledges import selectors as queries
from pledges.models import Pledge

register = template.Library()

ORGANISATION_LIMIT = 5


@register.filter
def pledger_name(pledge):
    """The public name, isolated (``<bdi>``) when it is written right to left."""
    return isolate_html(perms.pledger_name(pledge))


@register.filter
def pledge_state_label(value):
    """The label of a status or condition value stored in the audit trail."""
    labels = {**dict(Pledge.Status.choices), **dict(Pledge.Condition.choices)}
    return labels.get(value, value)


@register.filter
def pledger_person_name(pledge):
    return isolate_html(perms.pledger_person_name(pledge))


def _wall(queryset, request, goal=None):
    return queries.wall(queryset, request.GET, getattr(request, "user", None), goal=goal)


@register.inclusion_tag("pledges/includes/pledge_goal_section.html")
def goal_pledge_wall(goal, request):
    return {
        "goal": goal,
        "request": request,
        "user": getattr(request, "user", None),
        "can_pledge": perms.can_pledge(getattr(request, "user", None)),
        "counts": queries.pledge_counts_for([goal.pk])[goal.pk],
        "wall": _wall(Pledge.objects.filter(goal=goal), request, goal=goal),
    }


@register.inclusion_tag("pledges/includes/pledge_consultation_section.html")
def consultation_pledge_wall(page, request):
    goals = [goal for goal in page.goals.all() if goal.live]
    parent = page.get_parent().specific if page.depth > 2 else None
    if isinstance(parent, GoalPage) and parent.live and parent not in goals:
        goals.insert(0, parent)
    return {
        "consultation": page,
        "goals": goals,
        "request": request,
        "user": getattr(request, "user", None),
        "wall": _wall(Pledge.objects.visible_to(None).filter(made_from=page), request),
    }


@register.inclusion_tag("pledges/includes/pledge_organisation_list.html")
def organisation_pledges(organisation, limit=ORGANISATION_LIMIT):
    """An organisation's latest pledges, linking to all of them."""
    return {
        "organisation": organisation,
        "pledges": queries.organisation_latest(organisation, limit),
    }


@register.simple_tag
def goal_pledge_counts(goals):
    """``{% goal_pledge_counts goals as counts %}``: one grouped query for many goals."""
    return queries.pledge_counts_for(goal.pk for goal in goals)


@register.inclusion_tag("pledges/includes/pledge_counts.html")
def pledge_counts(goal, counts=None):
    if counts is None:
        counts = queries.pledge_counts_for([goal.pk])
    return {
        "goal": goal,
        "counts": counts.get(goal.pk) or {"pledges": 0, "people": 0, "organisations": 0, "met": 0},
    }
