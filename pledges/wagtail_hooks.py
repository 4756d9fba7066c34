"""Pledges in the Wagtail admin: a read-only list for convenors (Reports → Pledges), with
filters and an inspect view. Changes go through the public pages and the services (so
they are audited); status changes themselves are in Reports → Audit trail."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from accounts.permission_policies import ConvenorsMayView
from pledges.models import Pledge

register_permission_policy(Pledge, ConvenorsMayView(Pledge))


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
