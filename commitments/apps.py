from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitments")

    def ready(self):
        # Models (and the modules that query them) import only once the apps are ready.
        from accounts.models import NotificationItem
        from commitments import selectors
        from commitments.models import Commitment
        from consultations.selectors import proposal_page_sections
        from goals.selectors import goal_page_sections
        from organisations.selectors import organisation_page_sections
        from places.selectors import area_page_sections

        goal_page_sections.add("goal_commitments", selectors.for_goal_section)
        organisation_page_sections.add("organisation_commitments", selectors.for_organisation)
        area_page_sections.add("area_commitments", selectors.for_area)
        proposal_page_sections.add("proposal_commitments", selectors.for_proposal)
        NotificationItem.STATUS_LABELS.update(Commitment.Status.choices)
