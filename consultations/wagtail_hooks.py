from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from consultations import admin_views, permissions, survey_permissions
from consultations import survey_admin_views as surveys
from consultations.models import Proposal
from consultations.selectors import moderation_queue_count
from core.admin_panels import WaitingPanel, WaitingRow

admin_urlpatterns = (
    [
        path("moderation/", admin_views.moderation_queue, name="queue"),
        path(
            "moderation/<str:kind>/<int:pk>/",
            admin_views.moderate_item,
            name="moderate",
        ),
        path("moderation/log/", admin_views.moderation_log, name="log"),
        path("responses/", admin_views.responses_index, name="responses_index"),
        path(
            "responses/<int:consultation_id>/",
            admin_views.consultation_responses,
            name="responses",
        ),
        path("responses/idea/<int:pk>/", admin_views.respond_to_proposal, name="respond"),
        path("surveys/", surveys.surveys_index, name="surveys"),
        path("surveys/<int:consultation_id>/enter/", surveys.enter_responses, name="survey_enter"),
        path("surveys/<int:consultation_id>/", surveys.results, name="survey_results"),
        path("surveys/<int:consultation_id>/text/", surveys.free_text, name="survey_free_text"),
        path(
            "surveys/<int:consultation_id>/ideas/",
            surveys.proposals_coding,
            name="survey_proposals",
        ),
        path("surveys/<int:consultation_id>/themes/", surveys.add_theme, name="survey_add_theme"),
        path("surveys/<int:consultation_id>/tag/", surveys.tag, name="survey_tag"),
        path("surveys/<int:consultation_id>/approve/", surveys.approve, name="survey_approve"),
        path("surveys/<int:consultation_id>/publish/", surveys.publish, name="survey_publish"),
        path("surveys/<int:consultation_id>/responses.csv", surveys.export_csv, name="survey_csv"),
        path(
            "surveys/<int:consultation_id>/themes.csv",
            surveys.export_themes,
            name="survey_themes_csv",
        ),
    ],
    "consultations_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("consultations/", include(admin_urlpatterns))]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_moderate(request.user)


class ConvenorMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_respond(request.user)


participation_menu = Menu(register_hook_name="register_participation_menu_item")


@hooks.register("register_admin_menu_item")
def register_participation_menu():
    return SubmenuMenuItem(
        _("Participation"), participation_menu, icon_name="group", name="participation", order=250
    )


@hooks.register("register_participation_menu_item")
def register_queue_item():
    return ModeratorMenuItem(
        _("Moderation queue"),
        reverse("consultations_admin:queue"),
        icon_name="warning",
        name="moderation-queue",
        order=100,
    )


@hooks.register("register_participation_menu_item")
def register_log_item():
    return ModeratorMenuItem(
        _("Moderation log"),
        reverse("consultations_admin:log"),
        icon_name="list-ul",
        name="moderation-log",
        order=200,
    )


@hooks.register("register_participation_menu_item")
def register_responses_item():
    return ConvenorMenuItem(
        _("Responses"),
        reverse("consultations_admin:responses_index"),
        icon_name="comment",
        name="responses",
        order=300,
    )


class SurveyMenuItem(MenuItem):
    def is_shown(self, request):
        return survey_permissions.can_enter_responses(
            request.user
        ) or survey_permissions.can_analyse(request.user)


@hooks.register("register_participation_menu_item")
def register_surveys_item():
    return SurveyMenuItem(
        _("Surveys"),
        reverse("consultations_admin:surveys"),
        icon_name="form",
        name="surveys",
        order=400,
    )


@hooks.register("construct_homepage_panels")
def what_waits_for_moderators_and_convenors(request, panels):
    """The dashboard tells moderators how many items wait in the queue, and convenors
    how many proposals still have no response, with links to both."""
    user = request.user
    rows = []
    if permissions.can_moderate(user):
        queued = moderation_queue_count()
        rows.append(
            WaitingRow(
                ngettext(
                    "%(count)d item waits in the moderation queue",
                    "%(count)d items wait in the moderation queue",
                    queued,
                )
                % {"count": queued},
                queued,
                reverse("consultations_admin:queue"),
            )
        )
    if permissions.can_respond(user):
        unanswered = Proposal.objects.filter(status=Proposal.Status.OPEN).count()
        rows.append(
            WaitingRow(
                ngettext(
                    "%(count)d proposal has no response yet",
                    "%(count)d proposals have no response yet",
                    unanswered,
                )
                % {"count": unanswered},
                unanswered,
                reverse("consultations_admin:responses_index"),
            )
        )
    if rows:
        panels.append(WaitingPanel("consultations-waiting", _("Consultations"), rows, order=40))
