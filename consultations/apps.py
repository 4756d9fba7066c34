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
        from consultations import signals, survey_selectors
        from consultations.contributions import open_consultations_for_goal
        from consultations.models import Action, Proposal
        from consultations.services import surveys
        from goals.selectors import goal_page_sections

        signals.connect()
        goal_page_sections.add("open_consultations", open_consultations_for_goal)
        export_sections.add("survey_responses", survey_selectors.responses_for_download)
        deletion_steps.add("survey_responses", surveys.forget_respondent)
        # The statuses the digest's lines about consultations show (accounts.digest).
        NotificationItem.STATUS_LABELS.update(Proposal.Status.choices)
        NotificationItem.STATUS_LABELS.update(Action.choices)
