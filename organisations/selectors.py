"""Read-side queries of the organisations app: the directory and an organisation's page."""

from django.db.models import Count, Q

from core.contributions import Contributions
from organisations.filters import OrganisationFilter
from organisations.models import Membership, Organisation

MEMBERS_SHOWN = 60

#: Sections apps above add to an organisation's page: ``provider(organisation) -> value``.
organisation_page_sections = Contributions("organisation page")


def directory(params) -> OrganisationFilter:
    """The organisations directory, filtered by ``params``, each with its live goals."""
    organisations = Organisation.objects.annotate(
        goal_count=Count("goals", filter=Q(goals__live=True), distinct=True)
    ).order_by("name")
    return OrganisationFilter(params, queryset=organisations)


def _live(goals):
    return list(goals.live().public().select_related("theme").order_by("title"))


def organisation_page_context(organisation) -> dict:
    """What an organisation's public page shows: the goals it co-owns and convenes, and
    the active members who chose to be shown (never an anonymised account)."""
    active = Membership.objects.filter(organisation=organisation, status=Membership.Status.ACTIVE)
    members = (
        active.filter(show_publicly=True, user__anonymised_at__isnull=True)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )
    return {
        "co_owned_goals": _live(organisation.goals),
        "convened_goals": _live(organisation.convened_goals),
        "members": list(members[:MEMBERS_SHOWN]),
        "member_count": active.count(),
        **organisation_page_sections.collect(organisation),
    }
