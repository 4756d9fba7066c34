"""The organisations directory and each organisation's public page."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from goals.models import GoalPage, Membership, Organisation
from goals.permissions import can_manage_members, can_request_membership, membership_of

PER_PAGE = 24
MEMBERS_SHOWN = 60


def organisation_index(request):
    kind = request.GET.get("kind", "")
    if kind not in Organisation.Kind.values:
        kind = ""
    query = (request.GET.get("q") or "").strip()[:100]
    organisations = Organisation.objects.annotate(
        goal_count=Count("goals", filter=Q(goals__live=True), distinct=True)
    ).order_by("name")
    if kind:
        organisations = organisations.filter(kind=kind)
    if query:
        organisations = organisations.filter(name__icontains=query)
    page_obj = Paginator(organisations, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "goals/organisation_index.html",
        {
            "organisations": page_obj,
            "page_obj": page_obj,
            "kinds": Organisation.Kind.choices,
            "selected_kind": kind,
            "query": query,
            "is_filtered": bool(kind or query),
            "page_title": _("Organisations"),
        },
    )


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    live_goals = GoalPage.objects.live().public().select_related("theme").order_by("title")
    members = (
        Membership.objects.filter(
            organisation=organisation,
            status=Membership.Status.ACTIVE,
            show_publicly=True,
            user__anonymised_at__isnull=True,
        )
        .select_related("user")
        .order_by("user__display_name", "pk")
    )
    member_count = Membership.objects.filter(
        organisation=organisation, status=Membership.Status.ACTIVE
    ).count()
    return render(
        request,
        "goals/organisation_detail.html",
        {
            "organisation": organisation,
            "co_owned_goals": list(live_goals.filter(co_owners=organisation)),
            "convened_goals": list(live_goals.filter(convened_by=organisation)),
            "members": list(members[:MEMBERS_SHOWN]),
            "member_count": member_count,
            "my_membership": membership_of(request.user, organisation),
            "can_request": can_request_membership(request.user, organisation),
            "can_manage": can_manage_members(request.user, organisation),
            "page_title": organisation.name,
        },
    )
