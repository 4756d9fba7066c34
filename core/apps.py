from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import page_cache


class CoreConfig(AppConfig):
    """The ground every app stands on. It imports no app of the project."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        # Saves made outside a web request (background tasks, management commands)
        # drop cached pages too.
        page_cache.connect_signals()
        # Registers the production checks (imported here: they read the settings).
        # Typed dates in the admin, registered before any admin form class is built.
        # The holes of the site's layout (messages), filled per request.
        from core import (
            admin_dates,  # noqa: F401
            checks,  # noqa: F401
            holes,  # noqa: F401
        )
