"""Pledges in the Wagtail admin: a read-only list for convenors (Reports → Pledges), with
filters and an inspect view. Changes go through the public pages and the services (so
they are audited); status changes themselves are in Reports → Audit trail."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts.models import User
from accounts.roles import CONVENORS, is_convenor
from pledges.models import Pledge


class ConvenorsMayViewPledges(BasePermissionPolicy):
    """Convenors (and superusers) may view; nobody adds, edits or deletes here."""

    def _may(self, user, actions) -> bool:
        return "view" in actions and is_convenor(user)

    def user_has_permission(self, user, action):
        return self._may(user, [action])

    def user_has_any_permission(self, user, actions):
        return self._may(user, actions)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return User.objects.none()
        return User.objects.filter(
            Q(is_superuser=True) | Q(groups__name=CONVENORS), is_active=True
        ).distinct()

    def user_has_permission_for_instance(self, user, action, instance):
        return self._may(user, [action])

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self._may(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        return Pledge.objects.all() if self._may(user, actions) else Pledge.objects.none()

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.users_with_any_permission(actions)


register_permission_policy(Pledge, ConvenorsMayViewPledges(Pledge))


class PledgeViewSet(ModelViewSet):
    model = Pledge
    icon = "pick"
    menu_label = _("Pledges")
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    exclude_form_fields = []
    list_display = [
        Column("text", label=_("Pledge"), accessor="__str__"),
        Column("goal", label=_("Goal")),
        Column("organisation", label=_("On behalf of")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("condition", label=_("Condition"), accessor="get_condition_display"),
        Column("join_count", label=_("Joins")),
        Column("due_date", label=_("Due")),
        Column("created_at", label=_("Made")),
    ]
    list_filter = ["status", "condition", "goal", "organisation__kind"]
    search_fields = ["text"]
    search_backend_name = None
    ordering = ["-created_at", "-pk"]
    inspect_view_fields = [
        "text",
        "goal",
        "organisation",
        "ambition",
        "made_from",
        "status",
        "due_date",
        "condition",
        "threshold",
        "join_deadline",
        "join_count",
        "created_at",
    ]

    def get_queryset(self, request):
        return Pledge.objects.select_related("goal", "organisation")


pledge_viewset = PledgeViewSet("pledge_admin", url_prefix="pledges")


@hooks.register("register_admin_viewset")
def register_pledge_viewset():
    return pledge_viewset


@hooks.register("register_reports_menu_item")
def register_pledges_report_menu_item():
    return pledge_viewset.get_menu_item(order=900)
