from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Goals")

    def ready(self):
        from goals import signals  # connects model signals: only once the apps are ready

        signals.connect()
