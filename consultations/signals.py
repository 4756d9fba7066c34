"""Signal receivers of the consultations app (connected in ``apps.py``)."""

from wagtail.signals import page_published


def on_page_published(sender, instance, **kwargs):
    from . import services

    services.response_page_published(instance)


def connect():
    from .models import ConsultationResponsePage

    page_published.connect(
        on_page_published,
        sender=ConsultationResponsePage,
        dispatch_uid="consultations.response_page_published",
    )
