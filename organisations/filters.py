"""The organisations directory's filters: by kind, by the area it is based in, and by
words in the name."""

import django_filters
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation
from places import selectors as area_selectors


class OrganisationFilter(django_filters.FilterSet):
    """``?kind=<kind>&area=<slug>&q=<words>``. An unknown kind or area is ignored (the
    whole directory is shown) rather than refused: old links and hand-typed addresses
    keep working."""

    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices, label=_("Kind"))
    area = django_filters.ChoiceFilter(
        label=_("Based in"),
        # The cached (slug, name) list, as on the other lists: no query for the choices.
        choices=area_selectors.area_choices,
        method="by_area",
    )
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))

    class Meta:
        model = Organisation
        fields = ["kind", "area", "q"]

    def by_area(self, queryset, name, value):
        return queryset.filter(areas__slug=value).distinct()

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            if data.get("kind") not in Organisation.Kind.values:
                data.pop("kind", None)
            data["q"] = (data.get("q") or "").strip()[:100]
        super().__init__(data, *args, **kwargs)

    @property
    def is_filtered(self) -> bool:
        return any(self.form.cleaned_data.get(name) for name in self.filters)
