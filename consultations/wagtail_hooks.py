from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from consultations import admin_views, permissions
from consultations.models import Proposal
from consultations.selectors import moderation_queue
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


@hooks.register("construct_homepage_panels")
def what_waits_for_moderators_and_convenors(request, panels):
    """The dashboard tells moderators how many items wait in the queue, and convenors
    how many proposals still have no response, with links to both."""
    user = request.user
    rows = []
    if permissions.can_moderate(user):
        queued = len(moderation_queue())
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
