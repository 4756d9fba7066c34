"""The goals app in the Wagtail admin: indicators and themes as snippets (grouped with
the organisations under "City goals"),
the partner editors' "Our goals" page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts.roles import is_convenor
from core.admin_panels import WaitingPanel, WaitingRow
from goals.admin_views import PartnerGoalsView
from goals.forms import IndicatorForm
from goals.models import GoalPage, Indicator, PartnerSignOffTask, PartnerSignOffTaskState, Theme
from goals.models.workflows import organisations_without_editor
from goals.permissions import IndicatorPermissionPolicy, partners_signed_off
from organisations.permissions import editor_organisation_ids
from organisations.viewsets import OrganisationViewSet

register_permission_policy(Indicator, IndicatorPermissionPolicy(Indicator), exact_class=True)


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "table"
    menu_label = _("Indicators")
    list_display = [
        "name",
        Column("goal", label=_("Goal")),
        Column("unit", label=_("Unit")),
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("direction", label=_("Direction"), accessor="get_direction_display"),
    ]
    list_filter = ["goal", "kind", "direction"]
    edit_handler = ObjectList(Indicator.panels, base_form_class=IndicatorForm)
    search_fields = ["name", "source_publisher"]
    ordering = ["goal__title", "sort_order", "pk"]

    def get_queryset(self, request):
        # Partner editors see (and may edit) only their own goals' indicators.
        policy = policy_registry.get_by_type(Indicator)
        allowed = policy.instances_user_has_any_permission_for(request.user, {"change"})
        return allowed.select_related("goal")


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class CityGoalsGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, IndicatorViewSet, ThemeViewSet)
    menu_icon = "site"
    menu_label = _("City goals")
    menu_name = "city-goals"
    menu_order = 250


register_snippet(CityGoalsGroup)


@hooks.register("register_admin_urls")
def register_partner_goals_url():
    return [path("our-goals/", PartnerGoalsView.as_view(), name="goals_partner_goals")]


class PartnerGoalsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(editor_organisation_ids(request.user))


@hooks.register("register_admin_menu_item")
def register_partner_goals_menu_item():
    return PartnerGoalsMenuItem(
        _("Our goals"),
        reverse("goals_partner_goals"),
        icon_name="tasks",
        name="our-goals",
        order=150,
    )


@hooks.register("before_edit_snippet")
def only_partners_of_the_goal_edit_its_indicators(request, instance):
    if isinstance(instance, Indicator):
        policy = policy_registry.get_by_type(Indicator)
        if not policy.user_has_permission_for_instance(request.user, "change", instance):
            raise PermissionDenied


@hooks.register("register_log_actions")
def register_sign_off_override(actions):
    @actions.register_action("goals.signoff_override")
    class SignOffOverride(LogFormatter):
        label = _("Partner sign-off overridden")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Partner sign-off overridden for %(organisations)s: %(reason)s") % {
                "organisations": ", ".join(data.get("organisations", [])),
                "reason": data.get("reason", ""),
            }


@hooks.register("before_edit_page")
def warn_when_a_co_owner_cannot_sign(request, page):
    """Before a goal is submitted (and while it waits): name each co-owner that has no
    partner editor, so nobody waits silently for a sign-off that cannot come."""
    if request.method != "GET" or not isinstance(page, GoalPage):
        return
    missing = organisations_without_editor(page.sign_off_organisation_ids())
    names = ", ".join(o.name for o in missing)
    if not names:
        return
    if page.workflow_in_progress:
        message = _(
            "%(names)s has no partner editor, so nobody can sign off this change for it. "
            "Ask its admins to appoint one, or a convenor can override the missing "
            "sign-offs with a reason."
        )
    else:
        message = _(
            "%(names)s has no partner editor: if you submit this goal, nobody can sign "
            "it off for them. Ask its admins to appoint one first, or a convenor will "
            "have to override the missing sign-off."
        )
    messages.warning(request, message % {"names": names})


@hooks.register("after_edit_page")
def stay_on_the_goal_after_submitting(request, page):
    """Wagtail sends a page's editor to its parent's listing after "Submit", which a
    partner editor may not explore: they would land on "Sorry, you do not have
    permission" right after succeeding. Keep them on the goal they submitted."""
    if not isinstance(page, GoalPage) or "action-submit" not in request.POST:
        return None
    parent = page.get_parent()
    if (
        parent is not None
        and PagePermissionPolicy().explorable_instances(request.user).filter(pk=parent.pk).exists()
    ):
        return None
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("after_edit_page")
def warn_when_partners_must_sign_again(request, page):
    """A goal edited after its partners signed off (in the convenors' step) cannot be
    published until they sign again: say so at once."""
    if not isinstance(page, GoalPage) or not page.workflow_in_progress:
        return
    task = page.current_workflow_task
    if task is None or isinstance(task.specific, PartnerSignOffTask):
        return
    if not partners_signed_off(page):
        messages.warning(
            request,
            _(
                "The partner organisations signed off an earlier version of this goal. "
                "Request changes and resubmit it, so they can sign off this one."
            ),
        )


@hooks.register("construct_homepage_panels")
def sign_offs_waiting(request, panels):
    """Convenors see how many goal changes wait for partners' sign-off, and partner
    editors how many wait for their own organisation's."""
    user = request.user
    rows = []
    if is_convenor(user):
        waiting = PartnerSignOffTaskState.objects.filter(
            status=PartnerSignOffTaskState.STATUS_IN_PROGRESS
        ).count()
        rows.append(
            WaitingRow(
                ngettext(
                    "%(count)d goal change waits for partners' sign-off",
                    "%(count)d goal changes wait for partners' sign-off",
                    waiting,
                )
                % {"count": waiting},
                waiting,
                reverse("wagtailadmin_reports:workflow"),
            )
        )
    if editor_organisation_ids(user):
        mine = sum(
            task.get_task_states_user_can_moderate(user).count()
            for task in PartnerSignOffTask.objects.all()
        )
        rows.append(
            WaitingRow(
                ngettext(
                    "%(count)d goal change waits for your sign-off",
                    "%(count)d goal changes wait for your sign-off",
                    mine,
                )
                % {"count": mine},
                mine,
                reverse("goals_partner_goals"),
            )
        )
    if rows:
        panels.append(WaitingPanel("goals-waiting", _("Goal sign-offs"), rows, order=45))
