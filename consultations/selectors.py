"""Read-side queries of the consultations app that other apps (home) show."""

from .models import ConsultationPage


def open_consultations_for_home(limit=4):
    return ConsultationPage.objects.live().public().open().prefetch_related("phases")[:limit]
