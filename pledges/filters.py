"""The pledge walls' filters and sort:
``?pledges_status=&pledges_kind=&pledges_area=&pledges_sort=``.

The parameters carry a ``pledges_`` prefix because a wall is also shown inside other
pages (a goal's page, a consultation's page) whose own lists have their own parameters.

A value that is not one of the choices (a mistyped status, an old link) is a form error
on the FilterSet and filters nothing: the wall shows as if it were not given. A sort that
is not one of ``SORTS`` is the default sort.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation
from places import selectors as area_selectors
from pledges.models import Pledge

PARAM_SORT = "pledges_sort"
PARAM_STATUS = "pledges_status"
PARAM_KIND = "pledges_kind"
PARAM_AREA = "pledges_area"

SORTS = {
    "newest": (_("Newest first"), ("-created_at", "-pk")),
    "joined": (_("Most joined first"), ("-join_count", "-created_at", "-pk")),
}
DEFAULT_SORT = "newest"
OVERDUE = "overdue"
WAITING = "waiting"
INDIVIDUAL = "individual"

STATUSES = [
    *Pledge.Status.choices,
    (OVERDUE, _("Overdue")),
    (WAITING, _("Waiting for people to join")),
]
KINDS = [(INDIVIDUAL, _("Individuals")), *Organisation.Kind.choices]
ANY_STATUS = _("Any status")
ANYONE = _("Anyone")


class PledgeWallFilter(django_filters.FilterSet):
    """Filters and sorts a queryset of pledges (``Pledge.objects`` and its querysets)."""

    pledges_status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUSES, empty_label=ANY_STATUS, method="by_status"
    )
    pledges_kind = django_filters.ChoiceFilter(
        label=_("Made by"), choices=KINDS, empty_label=ANYONE, method="by_kind"
    )
    pledges_area = django_filters.ChoiceFilter(
        label=_("Area"),
        # The cached (slug, name) list, as on the other lists: checking the slug asks the
        # database nothing (the wall renders the same cached choices).
        choices=area_selectors.area_choices,
        empty_label=_("Anywhere"),
        method="by_area",
    )
    pledges_sort = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
        empty_label=None,
        method="sorted_by",
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get(PARAM_SORT) not in SORTS:
            data = data.copy()
            data[PARAM_SORT] = DEFAULT_SORT
        super().__init__(data, *args, **kwargs)

    def by_status(self, queryset, name, value):
        if value == OVERDUE:
            return queryset.overdue()
        if value == WAITING:
            return queryset.filter(condition=Pledge.Condition.OPEN)
        return queryset.filter(status=value)

    def by_kind(self, queryset, name, value):
        if value == INDIVIDUAL:
            return queryset.filter(organisation__isnull=True)
        return queryset.filter(organisation__kind=value)

    def by_area(self, queryset, name, value):
        return queryset.filter(areas__slug=value).distinct()

    def sorted_by(self, queryset, name, value):
        return queryset.order_by(*SORTS[value][1])

    def _cleaned(self) -> dict:
        self.form.is_valid()  # validates once; the valid fields are in cleaned_data
        return self.form.cleaned_data

    @property
    def current(self) -> dict:
        """The filters in effect, ``""`` for "any": ``{"sort", "status", "kind", "area"}``
        (the area as its slug)."""
        data = self._cleaned()
        return {
            "sort": data.get(PARAM_SORT) or DEFAULT_SORT,
            "status": data.get(PARAM_STATUS) or "",
            "kind": data.get(PARAM_KIND) or "",
            "area": data.get(PARAM_AREA) or "",
        }

    @property
    def is_filtered(self) -> bool:
        """Some pledges are left out (a status or a kind is chosen; the sort leaves none)."""
        current = self.current
        return bool(current["status"] or current["kind"] or current["area"])
