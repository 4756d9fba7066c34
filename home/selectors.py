"""What the home page shows of the other apps: home sits above them all, so it asks each
app's selectors (and, for the goals, reads the pages itself)."""

from consultations.contributions import open_consultations_for_home
from consultations.models import ConsultationIndexPage
from goals.models import GoalIndexPage, GoalPage
from pledges.selectors import latest_pledges_for_home


def goals_for_home(limit=6):
    return (
        GoalPage.objects.live()
        .public()
        .select_related("theme", "convened_by")
        .order_by("path")[:limit]
    )


def home_page_context() -> dict:
    return {
        "goals": goals_for_home(),
        "open_consultations": open_consultations_for_home(),
        "latest_pledges": latest_pledges_for_home(),
        # "All goals" and "All consultations": the first live index of each (a fresh
        # site from setup_site has exactly one of each).
        "goal_index": GoalIndexPage.objects.live().public().order_by("path").first(),
        "consultation_index": ConsultationIndexPage.objects.live()
        .public()
        .order_by("path")
        .first(),
    }
