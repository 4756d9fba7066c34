from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Goals")

    def ready(self):
        # Both import models: only once the apps are ready.
        from goals import signals
        from goals.contributions import area_indicators, area_trials
        from places.selectors import area_page_sections

        signals.connect()
        area_page_sections.add("area_indicators", area_indicators)
        area_page_sections.add("area_trials", area_trials)
