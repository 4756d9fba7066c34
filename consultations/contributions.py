"""Consultations as other apps' pages show them. A goal's page lists those open on it
(goals sits below consultations, so this is handed over in ``apps.py``); the home page
lists those open now (home sits above and imports it).

These read the consultation pages themselves, so they live here rather than in
``selectors`` (which the page models import, and so imports no page model).
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from consultations.models import Comment, ConsultationPage, Proposal, Support
from places import maps
from places.selectors import AreaItem, AreaSection, list_section


def open_consultations_for_goal(goal):
    """Consultations open now on ``goal``: under it in the page tree, or serving it."""
    return list(
        ConsultationPage.objects.live()
        .public()
        .filter(Q(path__startswith=goal.path, depth=goal.depth + 1) | Q(goals=goal.pk))
        .open()
        .order_by("title")
    )


def open_consultations_for_home(limit=4):
    """Consultations open now, for the home page."""
    return ConsultationPage.objects.live().public().open().prefetch_related("phases")[:limit]


def area_consultations(area, areas):
    """The consultations about ``area`` (an area page's section), newest first."""
    return list_section(
        "area_consultations",
        _("Consultations here"),
        ConsultationPage.objects.live().public().filter(areas=area).order_by("-pk"),
        item=lambda c: AreaItem(c.title, c.url),
        more_url=f"{reverse('consultations:all_proposals')}?area={area.slug}",
        more_label=_("All ideas proposed here"),
        empty=_("No consultation is about this area yet."),
    )


def area_proposals(area, areas):
    """The most supported ideas placed in ``area``, as anyone may see them."""
    here = Proposal.objects.visible_to(AnonymousUser()).listed().filter(areas=area)
    return list_section(
        "area_proposals",
        _("Ideas here"),
        here.order_by("-support_count", "-pk"),
        item=lambda p: AreaItem(
            p.title,
            p.get_absolute_url(),
            ngettext("%(n)s support", "%(n)s supports", p.support_count) % {"n": p.support_count},
        ),
        more_url=f"{reverse('consultations:all_proposals')}?area={area.slug}",
        more_label=_("All ideas proposed here"),
        empty=_("No idea has been placed in this area yet."),
    )


# Participation by area -----------------------------------------------------------------


def _taking_part(areas):
    """People of ``areas`` (by the area they chose) who proposed, supported or commented:
    ``{area_id: count}``, in one query. Anonymised accounts are not counted."""
    took_part = (
        Exists(Proposal.objects.filter(author=OuterRef("pk")))
        | Exists(Support.objects.filter(user=OuterRef("pk")))
        | Exists(Comment.objects.filter(author=OuterRef("pk")))
    )
    rows = (
        User.objects.filter(area__in=[a.pk for a in areas], anonymised_at__isnull=True)
        .filter(took_part)
        .values("area_id")
        .annotate(n=Count("pk"))
        .values_list("area_id", "n")
    )
    return dict(rows)


def _per_thousand(counts, areas):
    return {
        a.pk: (counts.get(a.pk, 0) * 1000 / a.population if a.population else None) for a in areas
    }


def participation_map(areas):
    """ "Who are we not hearing from": people taking part per 1,000 residents, by area."""
    if not any(a.population for a in areas):
        return None
    return maps.choropleth(
        areas,
        _per_thousand(_taking_part(areas), areas),
        map_id="participation-map",
        title=_("People taking part per 1,000 residents"),
        value_heading=_("People per 1,000 residents"),
        description_intro=_(
            "Who are we not hearing from? People who proposed, supported or commented on "
            "an idea, by the area they chose in their account, for every 1,000 residents."
        ),
    )


def proposal_density_map(areas):
    """Ideas placed in each area per 1,000 residents."""
    if not any(a.population for a in areas):
        return None
    rows = (
        Proposal.objects.visible_to(AnonymousUser())
        .listed()
        .filter(areas__in=[a.pk for a in areas])
        .values("areas")
        .annotate(n=Count("pk", distinct=True))
        .values_list("areas", "n")
    )
    return maps.choropleth(
        areas,
        _per_thousand(dict(rows), areas),
        map_id="proposal-density-map",
        title=_("Ideas per 1,000 residents"),
        value_heading=_("Ideas per 1,000 residents"),
        description_intro=_("Ideas placed in each area, for every 1,000 residents."),
    )


def area_participation(area, areas):
    """Taking part here, beside the place as a whole (an area page's section)."""
    if not area.population:
        return None
    counts = _taking_part(areas)
    here = counts.get(area.pk, 0) * 1000 / area.population
    people = sum(a.population or 0 for a in areas)
    place = sum(counts.values()) * 1000 / people if people else 0
    return AreaSection(
        key="area_participation",
        heading=_("Taking part here"),
        items=[],
        empty=_(
            "%(here)s people per 1,000 residents of %(name)s have proposed, supported or "
            "commented on an idea; across the place, %(place)s."
        )
        % {
            "here": maps.default_format(here),
            "name": area.name,
            "place": maps.default_format(place),
        },
    )
