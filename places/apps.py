from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Places")

    def ready(self):
        # Models (and the modules that query them) import only once the apps are ready.
        from places.models import Area
        from places.selectors import forget_area_choices

        post_save.connect(forget_area_choices, sender=Area, dispatch_uid="places-area-saved")
        post_delete.connect(forget_area_choices, sender=Area, dispatch_uid="places-area-deleted")
