"""The proposal lists' filters and sort: ``?status=&organisation=&goal=&area=&sort=``.

A value that is not one of the choices (a mistyped status, an organisation or goal that
does not exist or is no longer live) is a form error on the FilterSet and filters
nothing: the list shows as if it were not given. A sort that is not one of ``SORTS`` is
the default sort.
"""

import secrets
from typing import NamedTuple

import django_filters
from django import forms
from django.db.models import CharField, Q, Value
from django.db.models.functions import MD5, Cast, Concat
from django.utils.translation import gettext_lazy as _

from consultations.models.proposals import Proposal
from goals.models import GoalPage
from organisations.models import Organisation
from places import selectors as area_selectors

SORTS = {
    "supported": _("Most supported"),
    "newest": _("Newest"),
    "random": _("Random"),
}
DEFAULT_SORT = "supported"
#: The visitor's shuffle, kept for the session so the random order stays put while they
#: page through.
SEED_SESSION_KEY = "consultations_random_seed"


class ChosenArea(NamedTuple):
    slug: str
    name: str


def _area_filter():
    """``?area=<slug>``, one of the cached (slug, name) choices, as on the commitments
    ledger: checking the choice asks the database nothing (the lists render the same
    cached choices), and an unknown slug is a form error that filters nothing."""
    return django_filters.ChoiceFilter(
        label=_("Area"),
        choices=area_selectors.area_choices,
        empty_label=_("Anywhere"),
        method="by_area",
    )


def _by_area(queryset, slug):
    return queryset.filter(areas__slug=slug).distinct()


def random_seed(session):
    seed = session.get(SEED_SESSION_KEY)
    if not seed:
        seed = secrets.token_hex(4)
        session[SEED_SESSION_KEY] = seed
    return seed


class ConsultationFilter(django_filters.FilterSet):
    """The consultations index's filter: ``?area=`` (a slug; an unknown one filters
    nothing, as a form error)."""

    area = _area_filter()

    def by_area(self, queryset, name, slug):
        return _by_area(queryset, slug)

    @property
    def chosen_area(self) -> ChosenArea | None:
        """The area chosen (what the page says it is showing), named from the cached
        choices: no query; ``None`` when no area, or an unknown one, is chosen."""
        self.form.is_valid()
        slug = self.form.cleaned_data.get("area")
        if not slug:
            return None
        return ChosenArea(slug, dict(area_selectors.area_choices()).get(slug, slug))


class ProposalFilter(django_filters.FilterSet):
    """Filters and sorts a queryset of proposals. Pass the ``request`` (the random sort
    keeps its seed in the session)."""

    status = django_filters.ChoiceFilter(
        label=_("Official status"),
        choices=Proposal.Status.choices,
        empty_label=_("Any status"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        widget=forms.HiddenInput,
    )
    goal = django_filters.ModelChoiceFilter(
        label=_("Goal"),
        queryset=GoalPage.objects.live(),
        method="for_goal",
        widget=forms.HiddenInput,
    )
    area = _area_filter()
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=list(SORTS.items()),
        empty_label=None,
        method="sorted_by",
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("sort") not in SORTS:
            data = data.copy()
            data["sort"] = DEFAULT_SORT
        super().__init__(data, *args, **kwargs)

    def by_area(self, queryset, name, slug):
        return _by_area(queryset, slug)

    def for_goal(self, queryset, name, goal):
        """Proposals of consultations serving ``goal`` or under it in the page tree."""
        return queryset.filter(
            Q(consultation__goals=goal) | Q(consultation__path__startswith=goal.path)
        ).distinct()

    def sorted_by(self, queryset, name, sort):
        if sort == "newest":
            return queryset.order_by("-created_at", "-id")
        if sort == "random":
            seed = random_seed(self.request.session)
            # md5(id || seed): a shuffle that stays put for this visitor while they page
            # through; Django's MD5 works on PostgreSQL and SQLite alike.
            return queryset.annotate(
                shuffle=MD5(Concat(Cast("id", CharField()), Value(seed)))
            ).order_by("shuffle", "id")
        return queryset.order_by("-support_count", "-id")

    def _cleaned(self) -> dict:
        self.form.is_valid()  # validates once; the valid fields are in cleaned_data
        return self.form.cleaned_data

    @property
    def current_sort(self) -> str:
        """The sort in effect."""
        return self._cleaned().get("sort") or DEFAULT_SORT

    @property
    def applied(self) -> dict:
        """The filters in effect (not the sort), as query-string values: what decides
        which proposals are listed."""
        data = self._cleaned()
        applied = {}
        if data.get("status"):
            applied["status"] = data["status"]
        if data.get("organisation"):
            applied["organisation"] = data["organisation"].slug
        if data.get("goal"):
            applied["goal"] = str(data["goal"].pk)
        if data.get("area"):
            applied["area"] = data["area"]
        return applied
