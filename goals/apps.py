from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Goals")

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from . import opendata
        from .models import Ambition, GoalPage, Indicator, IndicatorValue, Organisation, Theme
        from .views import data, pledges  # noqa: F401 (register the datasets on /data/)

        opendata.invalidate_on(Organisation, Theme, Indicator, IndicatorValue, Ambition, GoalPage)
        page_published.connect(opendata.bump, dispatch_uid="opendata-page-published")
        page_unpublished.connect(opendata.bump, dispatch_uid="opendata-page-unpublished")
        # A deleted account's name must leave the cached data files at once.
        from accounts.privacy import account_deleted

        account_deleted.connect(opendata.bump, dispatch_uid="opendata-account-deleted")
