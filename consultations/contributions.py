"""Consultations as other apps' pages show them. A goal's page lists those open on it
(goals sits below consultations, so this is handed over in ``apps.py``); the home page
lists those open now (home sits above and imports it).

These read the consultation pages themselves, so they live here rather than in
``selectors`` (which the page models import, and so imports no page model).
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.models import ConsultationPage, Proposal
from places.selectors import AreaItem, AreaSection


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


AREA_LIMIT = 10


def area_consultations(area, areas):
    """The consultations about ``area`` (an area page's section), open ones first."""
    here = ConsultationPage.objects.live().public().filter(areas=area).order_by("-pk")
    rows = list(here[: AREA_LIMIT + 1])
    return AreaSection(
        key="area_consultations",
        heading=_("Consultations here"),
        items=[AreaItem(c.title, c.url) for c in rows[:AREA_LIMIT]],
        total=len(rows),
        more_url=f"{reverse('consultations:all_proposals')}?area={area.slug}",
        more_label=_("All ideas proposed here"),
        empty=_("No consultation is about this area yet."),
    )


def area_proposals(area, areas):
    """The most supported ideas placed in ``area``, as anyone may see them."""
    here = Proposal.objects.visible_to(AnonymousUser()).listed().filter(areas=area)
    rows = list(here.order_by("-support_count", "-pk")[:AREA_LIMIT])
    return AreaSection(
        key="area_proposals",
        heading=_("Ideas here"),
        items=[
            AreaItem(
                p.title,
                p.get_absolute_url(),
                ngettext("%(n)s support", "%(n)s supports", p.support_count)
                % {"n": p.support_count},
            )
            for p in rows
        ],
        total=here.count() if len(rows) == AREA_LIMIT else len(rows),
        more_url=f"{reverse('consultations:all_proposals')}?area={area.slug}",
        more_label=_("All ideas proposed here"),
        empty=_("No idea has been placed in this area yet."),
    )
