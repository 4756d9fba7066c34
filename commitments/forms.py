"""Forms for organisations making, editing and reporting on commitments.

A lead organisation that is not one of the offered choices (a forged id) fails with
``invalid_choice``; the view answers it with 403 and saves nothing."""

from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_convenor
from commitments.models import Commitment
from consultations.models import Proposal
from core.forms import QuickSelectMultiple, TypedDateField
from goals.models import Ambition, GoalPage, Indicator
from organisations.models import Organisation
from organisations.permissions import speaks_for_ids
from places.models import Area

MAX_EVIDENCE_LINKS = 10


class _GroupedIterator(ModelChoiceIterator):
    """Options in ``<optgroup>``s, by ``field.group(obj)`` (the queryset is ordered so
    that each group's rows come together)."""

    def __iter__(self):
        for group, rows in groupby(self.queryset, key=self.field.group):
            yield (group, [self.choice(row) for row in rows])


class GroupedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A list box (``<select multiple>``) grouped by ``group(obj)``, for lists that grow:
    hundreds of options stay one control, a browser finds an option as its first letters
    are typed, and nothing needs JavaScript. The queryset still decides what is valid."""

    iterator = _GroupedIterator

    def __init__(self, *args, group, size=8, **kwargs):
        self.group = group
        kwargs.setdefault("widget", QuickSelectMultiple(attrs={"size": size}))
        super().__init__(*args, **kwargs)


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class IndicatorChoiceField(GroupedMultipleChoiceField):
    """Indicators grouped under their goal's title."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, group=lambda indicator: indicator.goal.title, **kwargs)

    def label_from_instance(self, obj):
        return str(obj)


class AmbitionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.goal.title}: {obj}"


class ProposalChoiceField(GroupedMultipleChoiceField):
    """Adopted ideas grouped under their consultation's title."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, group=lambda proposal: proposal.consultation.title, **kwargs)

    def label_from_instance(self, obj):
        return obj.title


class OrganisationsChoiceField(GroupedMultipleChoiceField):
    """Organisations grouped by kind (council and public bodies, charities, …)."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *args, group=lambda organisation: organisation.get_kind_display(), size=10, **kwargs
        )

    def label_from_instance(self, obj):
        return obj.name


def lead_choices(user):
    """Organisations ``user`` may commit: those they speak for, or any for a convenor."""
    if is_convenor(user):
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(pk__in=speaks_for_ids(user)).order_by("name")


class CommitmentForm(forms.Form):
    title = forms.CharField(
        label=_("What will be done?"),
        help_text=_("Start with “We will …”. Be specific: what, where, how much."),
        max_length=200,
    )
    description = forms.CharField(
        label=_("More detail"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    goal = GoalChoiceField(label=_("Towards which goal?"), queryset=GoalPage.objects.none())
    ambition = AmbitionChoiceField(
        label=_("Which ambition of the goal does it serve?"),
        queryset=Ambition.objects.none(),
        required=False,
        empty_label=_("The goal as a whole"),
    )
    lead_organisation = forms.ModelChoiceField(
        label=_("Lead organisation"),
        queryset=Organisation.objects.none(),
        error_messages={
            "invalid_choice": _(
                "You can only commit an organisation you are an admin or partner editor of."
            )
        },
    )
    partners = OrganisationsChoiceField(
        label=_("Partner organisations"),
        help_text=_(
            "Each partner is asked to accept. The commitment shows as joint once all have. "
            "To choose more than one, hold Ctrl (Cmd on a Mac) as you choose; type the "
            "first letters of a name to find it."
        ),
        queryset=Organisation.objects.none(),
        required=False,
    )
    due_date = TypedDateField(label=_("Due by"))
    areas = forms.ModelMultipleChoiceField(
        label=_("Where will it be done?"),
        queryset=Area.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional: the areas it is for. Leave them all for the whole place."),
    )
    indicators = IndicatorChoiceField(
        label=_("Indicators it should move"),
        help_text=_(
            "Only the chosen goal’s indicators. To choose more than one, hold Ctrl (Cmd on "
            "a Mac) as you choose."
        ),
        queryset=Indicator.objects.none(),
        required=False,
    )
    proposals = ProposalChoiceField(
        label=_("Adopted ideas behind it"),
        help_text=_("To choose more than one, hold Ctrl (Cmd on a Mac) as you choose."),
        queryset=Proposal.objects.none(),
        required=False,
    )

    def __init__(self, *args, user, commitment: Commitment | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        goals = GoalPage.objects.live().public().order_by("title")
        self.fields["goal"].queryset = goals
        ambitions = Ambition.objects.filter(goal__in=goals.values("pk"))
        if commitment is not None:
            ambitions = ambitions.filter(goal_id=commitment.goal_id)
        self.fields["ambition"].queryset = ambitions.select_related("goal").order_by(
            "goal__title", "sort_order"
        )
        indicators = Indicator.objects.filter(goal__in=goals.values("pk"))
        if commitment is not None:
            # Its goal is fixed: only that goal's indicators are offered, or accepted.
            indicators = indicators.filter(goal_id=commitment.goal_id)
        self.fields["indicators"].queryset = indicators.select_related("goal").order_by(
            "goal__title", "goal_id", "sort_order", "pk"
        )
        self.fields["proposals"].queryset = (
            Proposal.objects.filter(status=Proposal.Status.ADOPTED)
            .visible_to(None)
            .select_related("consultation")
            .order_by("consultation__title", "consultation_id", "-responded_at", "-pk")
        )
        self.fields["lead_organisation"].queryset = lead_choices(user)
        self.fields["partners"].queryset = Organisation.objects.order_by("kind", "name")
        if commitment is not None:
            # The goal and the lead are what the commitment is: they do not change.
            del self.fields["goal"]
            del self.fields["lead_organisation"]

    def clean_due_date(self):
        due = self.cleaned_data.get("due_date")
        if due and self.commitment is None and due < timezone.localdate():
            raise ValidationError(_("The due date must be today or later."))
        return due

    def clean(self):
        """The indicators and the ambition must be the chosen goal's (the list offers
        every goal's, grouped, so that the form works without JavaScript)."""
        data = super().clean()
        goal = self.commitment.goal if self.commitment else data.get("goal")
        if goal is None:
            return data
        if any(indicator.goal_id != goal.pk for indicator in data.get("indicators") or ()):
            self.add_error("indicators", _("Choose indicators of the commitment’s goal."))
        ambition = data.get("ambition")
        if ambition is not None and ambition.goal_id != goal.pk:
            self.add_error("ambition", _("That ambition belongs to another goal."))
        return data

    @property
    def organisation_forged(self) -> bool:
        return any(
            error.code == "invalid_choice"
            for error in self.errors.as_data().get("lead_organisation", [])
        )


class EvidenceLinksField(forms.CharField):
    """Links to evidence, one a line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        value = super().to_python(value)
        return [line.strip() for line in value.splitlines() if line.strip()]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(value) > MAX_EVIDENCE_LINKS:
            raise ValidationError(
                _("Give at most %(n)s links.") % {"n": MAX_EVIDENCE_LINKS}, code="too_many"
            )
        check = URLValidator(schemes=["http", "https"])
        for link in value:
            if len(link) > 500:
                raise ValidationError(_("A link can be at most 500 characters."), code="long")
            try:
                check(link)
            except ValidationError as error:
                raise ValidationError(
                    _("“%(link)s” is not a web address.") % {"link": link[:80]}, code="invalid"
                ) from error

    def run_validators(self, value):
        return None

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value


class CommitmentUpdateForm(forms.Form):
    happened_on = TypedDateField(label=_("Date"))
    text = forms.CharField(
        label=_("What has happened?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    evidence_urls = EvidenceLinksField(
        label=_("Links to evidence"),
        help_text=_("One web address a line: a report, photos, a news story, a dataset."),
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status of the commitment"),
        choices=Commitment.Status.choices,
        widget=forms.RadioSelect,
    )
    completed_on = TypedDateField(
        label=_("Done on"),
        help_text=_(
            "Only when it is done: the date it was done, if not the date above. "
            "For example, 20/01/2027."
        ),
        required=False,
    )
    dropped_reason = forms.CharField(
        label=_("Why was it dropped?"),
        help_text=_("Needed when you drop a commitment. It is shown publicly."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, commitment: Commitment, **kwargs):
        kwargs.setdefault(
            "initial", {"status": commitment.status, "happened_on": timezone.localdate()}
        )
        super().__init__(*args, **kwargs)
        self.commitment = commitment

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        if data.get("happened_on") and data["happened_on"] > today:
            self.add_error("happened_on", _("The date cannot be in the future."))
        if data.get("completed_on") and data["completed_on"] > today:
            self.add_error("completed_on", _("The date it was done cannot be in the future."))
        if (
            data.get("status") == Commitment.Status.DROPPED
            and self.commitment.status != Commitment.Status.DROPPED
            and not (data.get("dropped_reason") or "").strip()
        ):
            self.add_error("dropped_reason", _("Say publicly why the commitment was dropped."))
        return data
