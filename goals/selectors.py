"""Read-side queries of the goals app that other apps (home) show."""

from .models import GoalPage, Pledge


def goals_for_home(limit=6):
    return (
        GoalPage.objects.live()
        .public()
        .select_related("theme", "convened_by")
        .order_by("path")[:limit]
    )


def latest_pledges_for_home(limit=5):
    """Newest pledges to live goals. Name pledgers with ``{{ pledge|pledger_name }}``
    (pledge_tags): it hides people who chose not to be shown. The goals come by a
    second query (see ``PledgeQuerySet.for_listing``: joined, they cost more to plan
    than the whole query takes to run)."""
    return (
        Pledge.objects.visible_to(None)
        .exclude(status=Pledge.Status.WITHDRAWN)
        .select_related("organisation", "author")
        .prefetch_related("goal")
        .order_by("-created_at", "-pk")[:limit]
    )
