"""Read-side queries of the goals app that other apps (home) show."""

from goals.models import GoalPage, Indicator


def goals_for_home(limit=6):
    return (
        GoalPage.objects.live()
        .public()
        .select_related("theme", "convened_by")
        .order_by("path")[:limit]
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
