from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        # Inside ready() because Django requires it: modules that import models (these
        # do) may only be imported once the app registry is ready.
        from accounts.models import NotificationItem
        from accounts.privacy import deletion_steps, export_sections
        from consultations import holes, signals, survey_selectors  # noqa: F401 (holes)
        from consultations.contributions import (
            area_consultations,
            area_participation,
            area_proposals,
            open_consultations_for_goal,
            participation_map,
            proposal_density_map,
        )
        from consultations.models import Action, Proposal
        from consultations.services import surveys
        from goals.selectors import goal_page_sections
        from places.selectors import area_page_sections, areas_index_maps

        signals.connect()
        goal_page_sections.add("open_consultations", open_consultations_for_goal)
        area_page_sections.add("area_consultations", area_consultations)
        area_page_sections.add("area_proposals", area_proposals)
        area_page_sections.add("area_participation", area_participation)
        areas_index_maps.add("participation", participation_map)
        areas_index_maps.add("proposal_density", proposal_density_map)
        export_sections.add("survey_responses", survey_selectors.responses_for_download)
        deletion_steps.add("survey_responses", surveys.forget_respondent)
        # The statuses the digest's lines about consultations show (accounts.digest).
        NotificationItem.STATUS_LABELS.update(Proposal.Status.choices)
        NotificationItem.STATUS_LABELS.update(Action.choices)
