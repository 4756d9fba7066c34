"""Wagtail admin views of the goals app (registered in goals/wagtail_hooks.py)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import TaskState

from goals.permissions import goals_user_can_edit
from organisations.models import Membership


class PartnerGoalsView(WagtailAdminTemplateMixin, TemplateView):
    """A partner editor's starting point: the goals their organisations co-own, and the
    sign-offs waiting for them."""

    template_name = "goals/admin/partner_goals.html"
    page_title = _("Our goals")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["organisations"] = [
            m.organisation
            for m in Membership.objects.filter(
                user=user, status=Membership.Status.ACTIVE, is_editor=True
            )
            .select_related("organisation")
            .order_by("organisation__name")
        ]
        context["goals"] = goals_user_can_edit(user).select_related("theme")
        context["awaiting"] = (
            TaskState.objects.reviewable_by(user)
            .select_related("workflow_state", "task")
            .order_by("-started_at")
        )
        return context
