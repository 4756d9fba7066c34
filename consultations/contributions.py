"""Consultations as other apps' pages show them. A goal's page lists those open on it
(goals sits below consultations, so this is handed over in ``apps.py``); the home page
lists those open now (home sits above and imports it).

These read the consultation pages themselves, so they live here rather than in
``selectors`` (which the page models import, and so imports no page model).
"""

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


def open_consultations_for_home(limit=4):
    """Consultations open now, for the home page."""
    return ConsultationPage.objects.live().public().open().prefetch_related("phases")[:limit]
