"""Read-side queries of the organisations app: the directory, an organisation's page, and
the section it adds to an area's page (``places`` sits below organisations, so that is
handed over in ``apps.py``)."""

from allauth.account.models import EmailAddress
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.contributions import Contributions
from organisations.filters import OrganisationFilter
from organisations.models import Membership, Organisation
from places.selectors import AreaItem, list_section

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
    """What an organisation's public page shows: the areas it is based in, the goals it
    co-owns and convenes, and the active members who chose to be shown (never an
    anonymised account)."""
    active = Membership.objects.filter(organisation=organisation, status=Membership.Status.ACTIVE)
    members = (
        active.filter(show_publicly=True, user__anonymised_at__isnull=True)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )
    return {
        "areas": list(organisation.areas.order_by("name")),
        "co_owned_goals": _live(organisation.goals),
        "convened_goals": _live(organisation.convened_goals),
        "members": list(members[:MEMBERS_SHOWN]),
        "member_count": active.count(),
        **organisation_page_sections.collect(organisation),
    }


def area_organisations(area, areas):
    """The organisations based in ``area``, by name (an area page's section)."""
    return list_section(
        "area_organisations",
        _("Organisations based here"),
        Organisation.objects.filter(areas=area).order_by("name", "pk"),
        item=lambda o: AreaItem(o.name, o.get_absolute_url(), o.get_kind_display()),
        more_url=f"{reverse('organisations:index')}?area={area.slug}",
        more_label=_("All organisations based here"),
        empty=_(
            "No organisation has said it is based in this area yet. Organisations of the "
            "whole place are in the directory."
        ),
    )


def verified_email_domains(user_ids) -> dict[int, str]:
    """Each person's verified email domain (``lowbridge.nhs.uk``), in one query: what an
    organisation's admins judge a request to join by, without seeing the address."""
    domains = {}
    rows = (
        EmailAddress.objects.filter(user_id__in=list(user_ids), verified=True)
        .order_by("user_id", "-primary", "pk")
        .values_list("user_id", "email")
    )
    for user_id, email in rows:
        domains.setdefault(user_id, email.rpartition("@")[2].lower())
    return domains
