"""The ledger's filters: ``?organisation=&goal=&status=&overdue=1&due=quarter``.

A value that is not one of the choices (a mistyped status, an old link to a deleted
organisation) is a form error on the FilterSet and filters nothing: the ledger shows as
if it were not given, never a 500.
"""

import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment
from core.forms import QuickSelect
from goals.models import GoalPage
from organisations.models import Organisation
from places import selectors as area_selectors

THIS_QUARTER = "quarter"


def quarter_of(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the calendar quarter ``today`` is in."""
    first_month = 3 * ((today.month - 1) // 3) + 1
    first = today.replace(month=first_month, day=1)
    if first_month == 10:
        after = first.replace(year=first.year + 1, month=1)
    else:
        after = first.replace(month=first_month + 3)
    return first, after - datetime.timedelta(days=1)


class CommitmentFilter(django_filters.FilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name").only("pk", "name"),
        empty_label=_("Any organisation"),
        method="by_organisation",
        widget=QuickSelect,
    )
    goal = django_filters.ModelChoiceFilter(
        label=_("Goal"),
        # A callable: ``public()`` asks the database, which must not happen at import.
        queryset=lambda request: (
            GoalPage.objects.live().public().order_by("title").only("pk", "title")
        ),
        empty_label=_("Any goal"),
        method="by_goal",
        widget=QuickSelect,
    )
    area = django_filters.ChoiceFilter(
        label=_("Area"),
        # The cached (slug, name) list, not a queryset: the form renders every choice,
        # and the ledger should not ask the database for the areas on each request.
        choices=area_selectors.area_choices,
        empty_label=_("Anywhere"),
        method="by_area",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Commitment.Status.choices,
        empty_label=_("Any status"),
        method="by_status",
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue"),
        method="by_overdue",
        widget=forms.CheckboxInput,
    )
    due = django_filters.ChoiceFilter(
        label=_("Due"),
        choices=[(THIS_QUARTER, _("This quarter"))],
        empty_label=_("Any time"),
        method="by_due",
    )

    def __init__(self, data=None, *args, today: datetime.date, **kwargs):
        self.today = today
        super().__init__(data, *args, **kwargs)

    def by_organisation(self, queryset, name, value):
        return queryset.filter(named__organisation=value)

    def by_goal(self, queryset, name, value):
        return queryset.filter(goal=value)

    def by_area(self, queryset, name, value):
        return queryset.filter(areas__slug=value).distinct()

    def by_status(self, queryset, name, value):
        return queryset.filter(status=value)

    def by_overdue(self, queryset, name, value):
        return queryset.overdue(self.today) if value else queryset

    def by_due(self, queryset, name, value):
        if value == THIS_QUARTER:
            return queryset.due_between(*quarter_of(self.today))
        return queryset

    @property
    def is_filtered(self) -> bool:
        self.form.is_valid()
        return any(self.form.cleaned_data.get(name) for name in self.filters)
