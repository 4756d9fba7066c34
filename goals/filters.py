"""The goal index's filters: by theme and by organisation (co-owner or convenor)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class GoalFilter(django_filters.FilterSet):
    """``?theme=<slug>&organisation=<slug>``. A slug that matches nothing gives an empty
    list, as a search would, rather than an error."""

    theme = django_filters.CharFilter(field_name="theme__slug", label=_("Theme"))
    organisation = django_filters.CharFilter(method="by_organisation", label=_("Organisation"))

    def by_organisation(self, queryset, name, value):
        return queryset.filter(Q(co_owners__slug=value) | Q(convened_by__slug=value)).distinct()

    @property
    def is_filtered(self) -> bool:
        return any(self.form.cleaned_data.get(name) for name in self.filters)
