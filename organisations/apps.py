from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        # These import models: only once the apps are ready.
        from organisations import holes, signals  # noqa: F401 (holes: registered at import)
        from organisations.selectors import area_organisations
        from places.selectors import area_page_sections

        signals.connect()
        area_page_sections.add("area_organisations", area_organisations)
