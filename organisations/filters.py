"""The organisations directory's filters: by kind and by words in the name."""

import django_filters
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation


class OrganisationFilter(django_filters.FilterSet):
    """``?kind=<kind>&q=<words>``. An unknown kind is ignored (the whole directory is
    shown) rather than refused: old links and hand-typed addresses keep working."""

    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices, label=_("Kind"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))

    class Meta:
        model = Organisation
        fields = ["kind", "q"]

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
