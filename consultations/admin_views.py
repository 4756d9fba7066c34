"""Moderation queue, moderation log and convenors' responses, in the Wagtail admin.

Wagtail's admin already requires ``wagtailadmin.access_admin``; each view also asks the
consultations predicates (``can_moderate``, ``can_respond``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from consultations import permissions, selectors, services
from consultations.forms import ModerationForm, StatusForm
from consultations.models import (
    Comment,
    ConsultationPage,
    ConsultationResponsePage,
    ModerationEvent,
    Proposal,
)
from core.forms import service_errors_on
from core.pagination import paginate


def _require(predicate, user):
    if not predicate(user):
        raise PermissionDenied


def moderation_queue(request):
    _require(permissions.can_moderate, request.user)
    page_obj = paginate(selectors.moderation_queue(), request.GET, 50)
    return render(
        request,
        "consultations/admin/moderation_queue.html",
        {"page_title": _("Moderation queue"), "header_icon": "warning", "page_obj": page_obj},
    )


def _item(kind, pk):
    if kind == "proposal":
        return get_object_or_404(
            Proposal.objects.select_related("consultation", "author", "organisation"), pk=pk
        )
    if kind == "comment":
        return get_object_or_404(
            Comment.objects.select_related("proposal__consultation", "author"), pk=pk
        )
    raise PermissionDenied


def moderate_item(request, kind, pk):
    _require(permissions.can_moderate, request.user)
    item = _item(kind, pk)
    if request.method == "POST":
        form = ModerationForm(request.POST)
        if form.is_valid():
            with service_errors_on(form):
                event = services.moderate(
                    request.user,
                    item,
                    action=form.cleaned_data["action"],
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
                if event is None:
                    messages.info(request, _("Nothing changed: that was already done."))
                else:
                    messages.success(request, _("Done. The author will be emailed."))
                return redirect("consultations_admin:queue")
    else:
        form = ModerationForm()
    filters = {"proposal": item} if kind == "proposal" else {"comment": item}
    return render(
        request,
        "consultations/admin/moderate_item.html",
        {
            "page_title": _("Moderate"),
            "header_icon": "warning",
            "kind": kind,
            "item": item,
            "form": form,
            "reports": item.reports.select_related("user").order_by("created_at"),
            "events": ModerationEvent.objects.filter(**filters).select_related("moderator"),
        },
    )


def moderation_log(request):
    _require(permissions.can_moderate, request.user)
    events = ModerationEvent.objects.select_related(
        "moderator", "proposal", "comment__proposal"
    ).order_by("-at", "-pk")
    action = request.GET.get("action", "")
    if action in ModerationEvent.ActionTaken.values:
        events = events.filter(action=action)
    page_obj = paginate(events, request.GET, 50)
    return render(
        request,
        "consultations/admin/moderation_log.html",
        {
            "page_title": _("Moderation log"),
            "header_icon": "list-ul",
            "page_obj": page_obj,
            "actions": ModerationEvent.ActionTaken.choices,
            "action": action,
        },
    )


def responses_index(request):
    _require(permissions.can_respond, request.user)
    consultations = ConsultationPage.objects.order_by("-pk").prefetch_related("phases")
    return render(
        request,
        "consultations/admin/responses_index.html",
        {
            "page_title": _("Responses"),
            "header_icon": "comment",
            "consultations": consultations,
        },
    )


def consultation_responses(request, consultation_id):
    _require(permissions.can_respond, request.user)
    consultation = get_object_or_404(ConsultationPage, pk=consultation_id)
    proposals = (
        Proposal.objects.filter(consultation=consultation)
        .select_related("author", "organisation", "merged_into")
        .order_by("-support_count", "-id")
    )
    page_obj = paginate(proposals, request.GET, 50)
    response_page = ConsultationResponsePage.objects.child_of(consultation).first()
    if response_page is not None:
        response_page_action = reverse("wagtailadmin_pages:edit", args=[response_page.pk])
    else:
        response_page_action = reverse(
            "wagtailadmin_pages:add",
            args=["consultations", "consultationresponsepage", consultation.pk],
        )
    return render(
        request,
        "consultations/admin/consultation_responses.html",
        {
            "page_title": _("Responses: %(title)s") % {"title": consultation.title},
            "header_icon": "comment",
            "consultation": consultation,
            "page_obj": page_obj,
            "response_page": response_page,
            "response_page_action": response_page_action,
        },
    )


def respond_to_proposal(request, pk):
    _require(permissions.can_respond, request.user)
    proposal = get_object_or_404(Proposal.objects.select_related("consultation"), pk=pk)
    if request.method == "POST":
        form = StatusForm(request.POST, proposal=proposal)
        if form.is_valid():
            with service_errors_on(form):
                services.set_status(
                    request.user,
                    proposal,
                    status=form.cleaned_data["status"],
                    response=form.cleaned_data["response"],
                    merged_into=form.cleaned_data.get("merged_into"),
                )
                messages.success(
                    request, _("Saved. The author and supporters will be emailed once.")
                )
                return redirect("consultations_admin:responses", proposal.consultation_id)
    else:
        form = StatusForm(
            proposal=proposal,
            initial={
                "status": proposal.status,
                "response": proposal.response,
                "merged_into": proposal.merged_into_id,
            },
        )
    return render(
        request,
        "consultations/admin/respond.html",
        {
            "page_title": _("Respond to an idea"),
            "header_icon": "comment",
            "proposal": proposal,
            "form": form,
        },
    )
