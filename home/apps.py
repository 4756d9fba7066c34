from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home")

    def ready(self):
        # Imported here: an AppConfig is imported before the apps' models are ready.
        from core.emails import register_contact_address
        from home.contact import contact_address

        register_contact_address(contact_address)

        from home import holes  # noqa: F401 - the layout's personal holes
