"""Forms for making pledges and reporting on them (public forms: honeypot included)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.abuse import HoneypotFormMixin
from core.forms import TYPED_DATE_EXAMPLE, TypedDateField
from goals.models import Ambition
from organisations.permissions import active_organisations_for
from places.models import Area
from pledges import permissions as perms
from pledges.models import Pledge

#: The error code of an organisation the person may not pledge for (the view answers 403).
FORBIDDEN_ORGANISATION = "forbidden_organisation"


class PledgeForm(HoneypotFormMixin, forms.Form):
    text = forms.CharField(
        label=_("What will you do?"),
        help_text=_("Start with “I will …” or “We will …”. Be specific: what, where, how much."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Who is making this pledge?"),
        queryset=None,
        required=False,
        # ``blank=True``: radio buttons drop the empty choice otherwise, so "myself" was
        # not offered and a person who chose an organisation could not choose back.
        blank=True,
        empty_label=_("Myself, as an individual"),
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _(
                "You can only pledge on behalf of an organisation you are an active member of."
            )
        },
    )
    ambition = forms.ModelChoiceField(
        label=_("Which ambition of the goal does it serve? (optional)"),
        queryset=Ambition.objects.none(),
        required=False,
        empty_label=_("The goal as a whole"),
    )
    due_date = TypedDateField(
        label=_("By when? (optional)"),
        help_text=format_lazy(
            "{} {}",
            TYPED_DATE_EXAMPLE,
            _("We will email you a week before and on the day, to ask how it went."),
        ),
        required=False,
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Where will you do it?"),
        queryset=Area.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional: the areas your pledge is for. Leave them all for the whole place."),
    )
    show_name = forms.TypedChoiceField(
        label=_("Show your name?"),
        choices=[
            ("yes", _("Show my name with this pledge")),
            ("no", _("Count me, but do not show my name")),
        ],
        coerce=lambda value: value == "yes",
        initial="yes",
        widget=forms.RadioSelect,
        help_text=_("Organisations are always named. Your email address is never shown."),
    )
    conditional = forms.BooleanField(
        label=_("Only if others join me"),
        help_text=_("“I will …, if 10 others join me by 1 June.”"),
        required=False,
    )
    threshold = forms.IntegerField(
        label=_("How many others must join?"),
        required=False,
        min_value=1,
        max_value=100000,
    )
    join_deadline = TypedDateField(label=_("By what date must they join?"), required=False)

    def __init__(self, *args, user, goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal = goal
        organisations = active_organisations_for(user)
        self.fields["organisation"].queryset = organisations
        self.has_organisations = organisations.exists()
        self.fields["ambition"].queryset = Ambition.objects.filter(goal=goal).order_by("sort_order")
        self.has_ambitions = self.fields["ambition"].queryset.exists()
        # The website_url honeypot renders last, hidden.
        self.order_fields([name for name in self.fields if name != "website_url"])

    def clean_organisation(self):
        # A value that is not one of the offered choices never reaches here: it fails
        # with "invalid_choice", which the view answers with 403 (it was forged).
        return self.cleaned_data.get("organisation")

    def clean_due_date(self):
        due = self.cleaned_data.get("due_date")
        if due and due < timezone.localdate():
            raise forms.ValidationError(_("The due date must be today or later."))
        return due

    def clean(self):
        data = super().clean()
        if data.get("conditional"):
            today = timezone.localdate()
            if not data.get("threshold"):
                self.add_error("threshold", _("Enter how many others must join."))
            deadline = data.get("join_deadline")
            if not deadline:
                self.add_error("join_deadline", _("Enter the date by which they must join."))
            elif deadline <= today:
                self.add_error("join_deadline", _("The date to join by must be in the future."))
            elif deadline > today + datetime.timedelta(days=366):
                self.add_error("join_deadline", _("The date to join by must be within a year."))
            elif data.get("due_date") and data["due_date"] < deadline:
                self.add_error("due_date", _("The due date cannot be before the date to join by."))
        else:
            data["threshold"] = None
            data["join_deadline"] = None
        return data

    @property
    def organisation_forged(self) -> bool:
        return any(
            error.code == "invalid_choice"
            for error in self.errors.as_data().get("organisation", [])
        )


class PledgeUpdateForm(HoneypotFormMixin, forms.Form):
    text = forms.CharField(
        label=_("What has happened?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    evidence_url = forms.URLField(
        label=_("Link to evidence (optional)"),
        help_text=_("A report, photo album, news story or dataset that shows what was done."),
        required=False,
        assume_scheme="https",
    )
    status = forms.ChoiceField(label=_("Status of the pledge"), widget=forms.RadioSelect)

    def __init__(self, *args, user, pledge, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = set(perms.allowed_statuses(user, pledge)) - {Pledge.Status.ACTIVE}
        if pledge.status == Pledge.Status.ACTIVE:
            keep_label = _("Still in progress")
        else:
            keep_label = _("Keep as “%(status)s”") % {"status": pledge.get_status_display()}
        self.fields["status"].choices = [(pledge.status, keep_label)] + [
            (value, label) for value, label in Pledge.Status.choices if value in allowed
        ]
        self.fields["status"].initial = pledge.status
        self.order_fields([name for name in self.fields if name != "website_url"])
