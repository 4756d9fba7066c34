"""Proposals: the lists (filtered and sorted by ``ProposalFilter``), a proposal's page,
and proposing, editing and withdrawing an idea."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import permissions, selectors, services
from consultations.filters import SORTS, ProposalFilter
from consultations.forms import ProposalForm
from consultations.fragments import (
    attach_card_html,
)
from consultations.holes import keep_for_holes, sees_more_on_proposal_page
from consultations.models import Action, Proposal
from consultations.views.common import live_consultations, proposal_or_404
from core.abuse import rate_limit
from core.exceptions import ActionRefused
from core.forms import service_errors_on
from core.pagination import CachedCountPaginator, paginate
from core.permissions import can_take_part
from core.personal import shared_page
from core.views import refused
from places import selectors as area_selectors

PER_PAGE = 25


@shared_page(
    unless=lambda request, consultation_id=None: selectors.sees_more_in_list(
        request.user, consultation_id
    )
)
def proposal_list(request, consultation_id=None):
    """Proposals, sorted (most supported, newest, random with a seed kept for the visitor),
    filtered (status, organisation, goal), paginated. One consultation's, or all."""
    user = request.user
    consultation = None
    if consultation_id is not None:
        consultation = get_object_or_404(live_consultations(), pk=consultation_id)
    proposal_filter = ProposalFilter(
        request.GET, queryset=selectors.proposals_for_list(user, consultation), request=request
    )
    filters = proposal_filter.applied
    page_obj = paginate(
        proposal_filter.qs,
        request.GET,
        PER_PAGE,
        paginator_class=CachedCountPaginator,
        count_key=selectors.proposal_count_key(consultation_id, filters, user),
    )
    now = timezone.now()
    proposals = selectors.list_items(page_obj.object_list, user, consultation)
    attach_card_html(proposals, show_consultation=consultation is None)
    cleaned = proposal_filter.form.cleaned_data
    return render(
        request,
        "consultations/proposal_list.html",
        {
            "page_title": (
                _("Ideas: %(title)s") % {"title": consultation.title}
                if consultation
                else _("All ideas")
            ),
            "consultation": consultation,
            "ancestors": (consultation.get_ancestors().filter(depth__gt=1) if consultation else []),
            "show_consultation": consultation is None,
            "proposals": proposals,
            "page_obj": page_obj,
            "filter": proposal_filter,
            "sorts": SORTS,
            "sort": proposal_filter.current_sort,
            "filters": filters,
            "statuses": Proposal.Status.choices,
            "area_choices": area_selectors.area_choices(),
            "organisation": cleaned.get("organisation"),
            "goal": cleaned.get("goal"),
            "proposing_open": consultation is not None
            and consultation.is_open_for(Action.PROPOSE, now),
        },
    )


@shared_page(unless=sees_more_on_proposal_page)
def proposal_detail(request, pk, comment_form=None, status=200):
    """A proposal, its trail and a page of its comments. What the reader may do (support
    it, edit, withdraw or report it, comment, their own comments' links) is in holes
    (consultations/holes.py); ``comment_form`` is one sent back with errors."""
    proposal = proposal_or_404(request, pk)
    user = request.user
    consultation = proposal.consultation
    if comment_form is not None:
        request.comment_form = comment_form  # the comments hole shows it as it was sent
    keep_for_holes(request, proposal)
    context = {
        "page_title": proposal.title if not proposal.is_hidden else _("Hidden proposal"),
        "proposal": proposal,
        "consultation": consultation,
        "ancestors": consultation.get_ancestors().filter(depth__gt=1),
        # The shared page is the public's: these only matter to readers who see more,
        # who get the page rendered for them.
        "is_author": user.is_authenticated and proposal.author_id == user.pk,
        "can_moderate": permissions.can_moderate(user, proposal),
        **selectors.proposal_page_sections.collect(proposal),
    }
    return render(request, "consultations/proposal_detail.html", context, status=status)


@login_required
@rate_limit("proposal", limit=10, period=3600)
def propose(request, consultation_id):
    consultation = get_object_or_404(live_consultations(), pk=consultation_id)
    user = request.user
    if not can_take_part(user):
        return refused(request, _("Verify your email address before you take part."))
    if request.method == "POST":
        form = ProposalForm(request.POST, user=user, consultation=consultation)
        if form.is_valid():
            with service_errors_on(form):
                proposal = services.submit_proposal(
                    user,
                    consultation,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    organisation=form.cleaned_data.get("organisation"),
                    areas=form.cleaned_data.get("areas") or (),
                    point=(
                        (form.cleaned_data["point_lon"], form.cleaned_data["point_lat"])
                        if form.cleaned_data.get("point_lon") is not None
                        else None
                    ),
                )
                if proposal.moderation_state == "pending":
                    messages.success(
                        request, _("Thank you. A moderator will check your idea before it shows.")
                    )
                else:
                    messages.success(request, _("Thank you: your idea is published."))
                return redirect(proposal)
    else:
        if not permissions.can_propose(user, consultation):
            return refused(request, _("This consultation is not taking proposals now."))
        form = ProposalForm(user=user, consultation=consultation)
    return render(
        request,
        "consultations/proposal_form.html",
        {
            "page_title": _("Propose an idea"),
            "form": form,
            "consultation": consultation,
            "point_map": area_selectors.point_picker_map(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def edit_proposal(request, pk):
    proposal = proposal_or_404(request, pk)
    if not permissions.can_edit_proposal(request.user, proposal):
        return refused(request, _("This idea can no longer be edited."))
    if request.method == "POST":
        form = ProposalForm(request.POST, editing=True)
        if form.is_valid():
            with service_errors_on(form):
                services.edit_proposal(
                    request.user,
                    proposal,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
                messages.success(request, _("Your changes are saved."))
                return redirect(proposal)
    else:
        form = ProposalForm(initial={"title": proposal.title, "body": proposal.body}, editing=True)
    return render(
        request,
        "consultations/proposal_form.html",
        {
            "page_title": _("Edit your idea"),
            "form": form,
            "consultation": proposal.consultation,
            "proposal": proposal,
        },
        status=400 if form.errors else 200,
    )


@login_required
def withdraw_proposal(request, pk):
    proposal = proposal_or_404(request, pk)
    if request.method == "POST":
        try:
            services.withdraw_proposal(request.user, proposal)
        except ActionRefused as reason:
            return refused(request, reason)
        messages.success(request, _("Your idea is withdrawn."))
        return redirect(proposal)
    if not permissions.can_withdraw_proposal(request.user, proposal):
        return refused(request, _("This idea can no longer be withdrawn."))
    return render(
        request,
        "consultations/proposal_withdraw.html",
        {"page_title": _("Withdraw your idea"), "proposal": proposal},
    )
