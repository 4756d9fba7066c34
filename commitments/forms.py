"""Forms for organisations making, editing and reporting on commitments.

A lead organisation that is not one of the offered choices (a forged id) fails with
``invalid_choice``; the view answers it with 403 and saves nothing."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_convenor
from commitments.models import Commitment
from consultations.models import Proposal
from core.forms import TypedDateField
from goals.models import Ambition, GoalPage, Indicator
from organisations.models import Organisation
from organisations.permissions import speaks_for_ids

MAX_EVIDENCE_LINKS = 10


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class OfGoalChoiceField(forms.ModelMultipleChoiceField):
    """Indicators and ambitions are offered as “Goal: name”."""

    def label_from_instance(self, obj):
        return f"{obj.goal.title}: {obj}"


class AmbitionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.goal.title}: {obj}"


class ProposalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.consultation.title})"


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
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        help_text=_(
            "Each partner is asked to accept. The commitment shows as joint once all have."
        ),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_date = TypedDateField(label=_("Due by"))
    indicators = OfGoalChoiceField(
        label=_("Indicators it should move"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    proposals = ProposalChoiceField(
        label=_("Adopted ideas behind it"),
        queryset=Proposal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, commitment: Commitment | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        goals = GoalPage.objects.live().public().order_by("title")
        self.fields["goal"].queryset = goals
        self.fields["ambition"].queryset = (
            Ambition.objects.filter(goal__in=goals.values("pk"))
            .select_related("goal")
            .order_by("goal__title", "sort_order")
        )
        self.fields["indicators"].queryset = (
            Indicator.objects.filter(goal__in=goals.values("pk"))
            .select_related("goal")
            .order_by("goal__title", "sort_order", "pk")
        )
        self.fields["proposals"].queryset = (
            Proposal.objects.filter(status=Proposal.Status.ADOPTED)
            .visible_to(None)
            .select_related("consultation")
            .order_by("-responded_at", "-pk")
        )
        self.fields["lead_organisation"].queryset = lead_choices(user)
        self.fields["partners"].queryset = Organisation.objects.order_by("name")
        if commitment is not None:
            # The goal and the lead are what the commitment is: they do not change.
            del self.fields["goal"]
            del self.fields["lead_organisation"]

    def clean_due_date(self):
        due = self.cleaned_data.get("due_date")
        if due and self.commitment is None and due < timezone.localdate():
            raise ValidationError(_("The due date must be today or later."))
        return due

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
