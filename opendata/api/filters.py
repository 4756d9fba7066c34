"""The API's query parameters, validated: a value that is not what the parameter takes
is answered with 400 and a message saying why, never a 500 (NUL bytes, digits of other
scripts, numbers past what the database holds)."""

import re

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from commitments.models import Commitment
from consultations.models import Comment, ConsultationPage, Proposal
from goals.models import Indicator
from organisations.models import Organisation
from places.models import Area
from pledges.models import Pledge

MAX_ID = 2**63 - 1  # PostgreSQL's bigint


class IdField(forms.IntegerField):
    """A database id: ASCII digits only, 1 to the largest bigint."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(r"[0-9]{1,19}", str(value)):
            raise forms.ValidationError(_("Give an id: a whole number."), code="invalid")
        return super().to_python(value)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.Filter):
    field_class = IdField


_slug = RegexValidator(r"^[-a-zA-Z0-9_]{1,200}$", _("Give a slug: letters, digits and hyphens."))


class SlugFilter(django_filters.CharFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [_slug])
        super().__init__(*args, **kwargs)


class DateField(forms.DateField):
    input_formats = ["%Y-%m-%d"]


class DateFilter(django_filters.DateFilter):
    field_class = DateField


SORTS = {
    "support": ("-support_count", "-id"),
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
}


class ProposalFilter(django_filters.FilterSet):
    consultation = IdFilter(field_name="consultation_id", help_text="A consultation's id.")
    status = django_filters.ChoiceFilter(choices=Proposal.Status.choices)
    organisation = SlugFilter(
        field_name="organisation__slug", help_text="The slug of the organisation it was made for."
    )
    goal = IdFilter(
        field_name="consultation__goals", help_text="A goal's id: proposals of its consultations."
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, key) for key in SORTS],
        method="keep",
        help_text="support (most supported first), newest (default) or oldest.",
    )

    class Meta:
        model = Proposal
        fields = []

    def keep(self, queryset, name, value):
        return queryset  # the order is the paginator's (the view's cursor ordering)


class CommentFilter(django_filters.FilterSet):
    proposal = IdFilter(field_name="proposal_id", help_text="A proposal's id.")

    class Meta:
        model = Comment
        fields = []


class PledgeFilter(django_filters.FilterSet):
    goal = IdFilter(field_name="goal_id", help_text="A goal's id.")
    organisation = SlugFilter(field_name="organisation__slug", help_text="An organisation's slug.")
    status = django_filters.ChoiceFilter(choices=Pledge.Status.choices)

    class Meta:
        model = Pledge
        fields = []


class CommitmentFilter(django_filters.FilterSet):
    goal = IdFilter(field_name="goal_id", help_text="A goal's id.")
    organisation = SlugFilter(
        field_name="named__organisation__slug",
        help_text="An organisation's slug: the commitments it leads or is a partner in.",
    )
    status = django_filters.ChoiceFilter(choices=Commitment.Status.choices)
    area = SlugFilter(
        method="by_area",
        help_text=(
            "An area's code or slug (see /api/v1/areas/): the commitments placed in it. "
            "Those for the whole place are in no area."
        ),
    )

    class Meta:
        model = Commitment
        fields = []

    def by_area(self, queryset, name, value):
        """Placed in the area with this code or slug: a subquery, so a commitment comes
        once (no join to its areas, no DISTINCT against the keyset ordering)."""
        placed = Commitment.areas.through.objects.filter(
            Q(area__code=value) | Q(area__slug=value), commitment=OuterRef("pk")
        )
        return queryset.filter(Exists(placed))


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices)

    class Meta:
        model = Organisation
        fields = []


class AreaFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Area.Kind.choices)

    class Meta:
        model = Area
        fields = []


class IndicatorFilter(django_filters.FilterSet):
    goal = IdFilter(field_name="goal_id", help_text="A goal's id.")

    class Meta:
        model = Indicator
        fields = []


class ConsultationFilter(django_filters.FilterSet):
    goal = IdFilter(field_name="goals", help_text="A goal's id: consultations that serve it.")

    class Meta:
        model = ConsultationPage
        fields = []


class ValueRangeForm(forms.Form):
    """``from`` and ``to`` (inclusive dates) for an indicator's figures."""

    def __init__(self, data):
        super().__init__(data)
        self.fields["from"] = DateField(required=False)
        self.fields["to"] = DateField(required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            raise forms.ValidationError(_("“from” must not be after “to”."), code="range")
        return cleaned
