"""What consultations add to the pages of the apps below them (registered in ``apps.py``)."""

from django.db.models import Q

from consultations.models import ConsultationPage


def open_consultations_for_goal(goal):
    """Consultations open now on ``goal``: under it in the page tree, or serving it."""
    return list(
        ConsultationPage.objects.live()
        .public()
        .filter(Q(path__startswith=goal.path, depth=goal.depth + 1) | Q(goals=goal.pk))
        .open()
        .order_by("title")
    )
