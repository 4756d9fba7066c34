"""The goals app in the Wagtail admin: indicators and themes as snippets (grouped with
the organisations under "City goals"),
the partner editors' "Our goals" page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from goals.admin_views import PartnerGoalsView
from goals.forms import IndicatorForm
from goals.models import GoalPage, Indicator, PartnerSignOffTask, Theme
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
