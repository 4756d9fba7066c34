"""The personal hole of a pledge card and a pledge's page (core.personal): joining a
conditional pledge (or leaving it, or signing in to join)."""

from django.template.loader import render_to_string

from core.personal import renderer
from pledges.models import Pledge
from pledges.selectors import annotate_for_viewer


@renderer("pledge_join")
def pledge_join(request, holes):
    """Each conditional pledge's progress and join box, as the person may use it (one
    query for the pledges, one for those they joined)."""
    ids = [int(parts[0]) for parts in holes]
    pledges = Pledge.objects.in_bulk(ids)
    annotate_for_viewer(list(pledges.values()), request.user)
    return [
        render_to_string(
            "pledges/includes/pledge_join.html",
            {"pledge": pledges[pk], "user": request.user},
            request=request,
        )
        if pk in pledges
        else ""
        for pk in ids
    ]
