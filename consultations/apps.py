from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        # Models (and the modules that query them) import only once the apps are ready.
        from consultations import signals
        from consultations.contributions import open_consultations_for_goal
        from goals.selectors import goal_page_sections

        signals.connect()
        goal_page_sections.add("open_consultations", open_consultations_for_goal)
