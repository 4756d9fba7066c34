"""What the home page shows of the other apps: home sits above them all, so it asks each
app's selectors (and, for the goals, reads the pages itself)."""

from consultations.contributions import open_consultations_for_home
from goals.models import GoalPage
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
    }
