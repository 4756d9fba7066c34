"""Signal receivers of the consultations app (connected in ``apps.py``, once the apps
are ready)."""

from wagtail.signals import page_published

from consultations import services
from consultations.models import ConsultationPage, ConsultationResponsePage
from consultations.services import surveys as survey_services


def on_page_published(sender, instance, **kwargs):
    services.response_page_published(instance)


def on_consultation_published(sender, instance, **kwargs):
    survey_services.page_published(instance)


def connect():
    page_published.connect(
        on_consultation_published,
        sender=ConsultationPage,
        dispatch_uid="consultations.survey_version_on_publish",
    )
    page_published.connect(
        on_page_published,
        sender=ConsultationResponsePage,
        dispatch_uid="consultations.response_page_published",
    )
