"""Organisation pages: the directory, each organisation's public page, and membership
(ask to join, leave, be shown or not, and the admins' members page).

Views are thin: they check the request, call a service in ``organisations.services``
and say what happened. Admins manage members here, not in the Wagtail admin.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.abuse import rate_limit
from core.exceptions import ActionRefused
from core.pagination import paginate
from core.personal import shared_page
from organisations import selectors
from organisations import services as service
from organisations.models import Membership, Organisation
from organisations.permissions import can_manage_members
from places import selectors as area_selectors

PER_PAGE = 24


def organisation_index(request):
    organisations = selectors.directory(request.GET)
    page_obj = paginate(organisations.qs, request.GET, PER_PAGE)
    return render(
        request,
        "organisations/organisation_index.html",
        {
            "organisations": page_obj,
            "page_obj": page_obj,
            "kinds": Organisation.Kind.choices,
            "selected_kind": organisations.form.cleaned_data.get("kind") or "",
            "area_choices": area_selectors.area_choices(),
            "selected_area": organisations.form.cleaned_data.get("area") or "",
            "query": organisations.form.cleaned_data.get("q") or "",
            "is_filtered": organisations.is_filtered,
            "page_title": _("Organisations"),
        },
    )


@shared_page
def organisation_detail(request, slug):
    """An organisation's page; the person's membership is a hole (organisations/holes.py)."""
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            **selectors.organisation_page_context(organisation),
            "page_title": organisation.name,
        },
    )


# Membership ---------------------------------------------------------------------------

MEMBERS_PER_PAGE = 50


@login_required
@require_POST
@rate_limit("organisation-join", limit=10, period=3600)
def request_to_join(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    try:
        membership, _created = service.request_membership(
            request.user, organisation, message=request.POST.get("message", "")[:2000]
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if membership.status == Membership.Status.ACTIVE:
            messages.info(request, _("You are already a member."))
        else:
            messages.success(
                request,
                _("You have asked to join %(name)s. Its admins will approve or decline.")
                % {"name": organisation.name},
            )
    return redirect(organisation.get_absolute_url())


@login_required
@require_POST
def leave(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    try:
        service.leave(request.user, organisation)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("You are no longer part of %(name)s.") % {"name": organisation.name}
        )
    if request.POST.get("next") == "mine":
        return redirect("organisations:mine")
    return redirect(organisation.get_absolute_url())


@login_required
@require_POST
def set_visibility(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    show = request.POST.get("show_publicly") == "1"
    try:
        service.set_show_publicly(request.user, organisation, show)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if show:
            messages.success(
                request,
                _("Your name is now shown on %(name)s's page.") % {"name": organisation.name},
            )
        else:
            messages.success(
                request,
                _("Your name is no longer shown on %(name)s's page.") % {"name": organisation.name},
            )
    return redirect("organisations:mine")


@login_required
def my_organisations(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return render(
        request,
        "organisations/my_organisations.html",
        {"memberships": memberships, "page_title": _("Your organisations")},
    )


ACTIONS = {
    "approve": lambda actor, org, pk: service.approve(actor, org, pk),
    "decline": lambda actor, org, pk: service.decline(actor, org, pk),
    "remove": lambda actor, org, pk: service.remove(actor, org, pk),
    "make_admin": lambda actor, org, pk: service.set_role(actor, org, pk, Membership.Role.ADMIN),
    "make_member": lambda actor, org, pk: service.set_role(actor, org, pk, Membership.Role.MEMBER),
    "editor_on": lambda actor, org, pk: service.set_editor(actor, org, pk, True),
    "editor_off": lambda actor, org, pk: service.set_editor(actor, org, pk, False),
}

DONE = {
    "approve": gettext_lazy("Request approved."),
    "decline": gettext_lazy("Request declined."),
    "remove": gettext_lazy("Member removed."),
    "make_admin": gettext_lazy("They are now an admin."),
    "make_member": gettext_lazy("They are now a member (not an admin)."),
    "editor_on": gettext_lazy("They can now edit and sign off the goals you co-own."),
    "editor_off": gettext_lazy("They are no longer a partner editor."),
}


@login_required
def manage_members(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_manage_members(request.user, organisation):
        raise PermissionDenied
    requests = (
        Membership.objects.filter(organisation=organisation, status=Membership.Status.REQUESTED)
        .select_related("user")
        .order_by("requested_at", "pk")
    )
    active = (
        Membership.objects.filter(organisation=organisation, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("-role", "user__display_name", "pk")
    )
    requests = list(requests)
    domains = selectors.verified_email_domains(m.user_id for m in requests)
    for membership in requests:
        membership.email_domain = domains.get(membership.user_id, "")
    page_obj = paginate(active, request.GET, MEMBERS_PER_PAGE)
    return render(
        request,
        "organisations/organisation_members.html",
        {
            "organisation": organisation,
            "requests": list(requests),
            "members": page_obj,
            "page_obj": page_obj,
            "page_title": _("Members of %(name)s") % {"name": organisation.name},
        },
    )


@login_required
@require_POST
@rate_limit("organisation-members", limit=120, period=600)
def member_action(request, slug, pk):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_manage_members(request.user, organisation):
        raise PermissionDenied
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        messages.error(request, _("Choose an action."))
        return redirect("organisations:members", slug=organisation.slug)
    try:
        ACTIONS[action](request.user, organisation, pk)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, str(DONE[action]))
    return redirect("organisations:members", slug=organisation.slug)
