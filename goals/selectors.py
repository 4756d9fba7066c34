"""Read-side queries of the goals app that other apps (home) show."""

from .models import GoalPage, Indicator, Pledge


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


def add_progress(goals) -> None:
    """Progress at a glance for each goal (``goal.progress``: indicators on track, off
    track, other, total), from one query for every indicator of these goals."""
    progress = {goal.pk: {"on_track": 0, "off_track": 0, "other": 0} for goal in goals}
    for indicator in Indicator.objects.filter(goal__in=list(progress)).with_latest():
        code = indicator.assessment.code
        bucket = code if code in ("on_track", "off_track") else "other"
        progress[indicator.goal_id][bucket] += 1
    for goal in goals:
        goal.progress = progress[goal.pk]
        goal.progress["total"] = sum(goal.progress.values())
