from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Pledges")

    def ready(self):
        # Models (and the modules that query them) import only once the apps are ready.
        from goals.selectors import goal_card_figures
        from places.selectors import area_page_sections
        from pledges import holes  # noqa: F401 - registers the join box's hole
        from pledges.selectors import area_pledges, pledge_counts_for

        goal_card_figures.add("pledge_counts", pledge_counts_for)
        area_page_sections.add("area_pledges", area_pledges)
