"""The audit trail in the Wagtail admin (Reports → Audit trail), for convenors only."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.roles import is_convenor
from core import params
from core.models import AuditEvent


def audit_trail(request):
    """Newest first, filterable by action (prefix, e.g. "moderation") and item type."""
    if not is_convenor(request.user):
        raise PermissionDenied
    events = AuditEvent.objects.select_related("actor")
    action = params.text(request.GET, "action", 64)
    item_type = params.text(request.GET, "type", 100)
    if action:
        events = events.filter(action__startswith=action)
    if item_type:
        events = events.filter(target_type=item_type)
    page = Paginator(events, 50).get_page(request.GET.get("p"))
    return render(
        request,
        "accounts/admin/audit_trail.html",
        {
            "page_obj": page,
            "events": page.object_list,
            "action": action,
            "item_type": item_type,
            "actions": AuditEvent.objects.order_by("action")
            .values_list("action", flat=True)
            .distinct(),
            "types": AuditEvent.objects.exclude(target_type="")
            .order_by("target_type")
            .values_list("target_type", flat=True)
            .distinct(),
            "page_title": _("Audit trail"),
        },
    )


@hooks.register("register_admin_urls")
def register_audit_trail_url():
    return [path("audit-trail/", audit_trail, name="accounts_audit_trail")]


class ConvenorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_convenor(request.user)


@hooks.register("register_reports_menu_item")
def register_audit_trail_menu_item():
    return ConvenorMenuItem(
        gettext_lazy("Audit trail"),
        reverse("accounts_audit_trail"),
        name="audit-trail",
        icon_name="history",
        order=950,
    )
