"""Reporting a proposal or a comment to a moderator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from wagtail.models import Page

from consultations import permissions, services
from consultations.forms import ReportForm
from consultations.views.common import comment_or_404, proposal_or_404
from core.abuse import rate_limit
from core.forms import service_errors_on
from core.views import refused


def _moderation_policy_page():
    """The published moderation policy (a page with the slug ``moderation-policy``)."""
    return Page.objects.live().public().filter(slug="moderation-policy").first()


def _report(request, item, proposal):
    if not permissions.can_report(request.user, item):
        return refused(request, _("This cannot be reported."))
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            with service_errors_on(form):
                services.report(
                    request.user,
                    item,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
                messages.success(
                    request, _("Thank you. A moderator will look at what you reported.")
                )
                return redirect(proposal)
    else:
        form = ReportForm()
    return render(
        request,
        "consultations/report_form.html",
        {
            "page_title": _("Report to a moderator"),
            "policy_page": _moderation_policy_page(),
            "form": form,
            "item": item,
            "proposal": proposal,
        },
        status=400 if form.errors else 200,
    )


@login_required
@rate_limit("report", limit=20, period=3600)
def report_proposal(request, pk):
    proposal = proposal_or_404(request, pk)
    return _report(request, proposal, proposal)


@login_required
@rate_limit("report", limit=20, period=3600)
def report_comment(request, pk):
    item = comment_or_404(request, pk)
    return _report(request, item, item.proposal)
