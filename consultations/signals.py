"""Signal receivers of the consultations app (connected in ``apps.py``, once the apps
are ready)."""

from wagtail.signals import page_published

from consultations import services
from consultations.models import ConsultationResponsePage


def on_page_published(sender, instance, **kwargs):
    services.response_page_published(instance)


def connect():
    page_published.connect(
        on_page_published,
        sender=ConsultationResponsePage,
        dispatch_uid="consultations.response_page_published",
    )
