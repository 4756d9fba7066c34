"""Commitments in the Wagtail admin: a read-only list for convenors (Reports →
Commitments), with filters and an inspect view. Changes go through the site's pages and
the services, so they are audited and the people told; the admin only reads."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from accounts.permission_policies import ConvenorsMayView
from commitments.models import Commitment

register_permission_policy(Commitment, ConvenorsMayView(Commitment))


class CommitmentViewSet(ModelViewSet):
    model = Commitment
    icon = "tasks"
    menu_label = _("Commitments")
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    exclude_form_fields = []
    list_display = [
        Column("title", label=_("Commitment"), accessor="__str__"),
        Column("goal", label=_("Goal")),
        Column("lead_organisation", label=_("Lead")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("due_date", label=_("Due")),
        Column("updated_at", label=_("Changed")),
    ]
    list_filter = ["status", "goal", "lead_organisation"]
    search_fields = ["title"]
    search_backend_name = None
    ordering = ["due_date", "pk"]
    inspect_view_fields = [
        "title",
        "description",
        "goal",
        "ambition",
        "lead_organisation",
        "status",
        "due_date",
        "completed_on",
        "dropped_reason",
        "response",
        "created_at",
        "updated_at",
    ]

    def get_queryset(self, request):
        return Commitment.objects.select_related("goal", "lead_organisation")


commitment_viewset = CommitmentViewSet("commitment_admin", url_prefix="commitments")


@hooks.register("register_admin_viewset")
def register_commitment_viewset():
    return commitment_viewset


@hooks.register("register_reports_menu_item")
def register_commitments_report_menu_item():
    return commitment_viewset.get_menu_item(order=910)
