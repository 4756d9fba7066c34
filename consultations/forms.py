"""Public and staff forms of the consultations app. Every public form has the honeypot."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import Comment, ModerationEvent, Proposal, Report
from core.abuse import HoneypotFormMixin
from organisations.models import Organisation
from organisations.permissions import active_organisations_for
from places.models import Area


class ProposalForm(HoneypotFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=140,
        help_text=_("Your idea in a few words (up to 140 characters)."),
    )
    body = forms.CharField(
        label=_("Your idea"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Plain text, up to 5,000 characters. Leave a blank line between paragraphs; "
            "web addresses become links."
        ),
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=None,
        required=False,
        empty_label=_("Just me"),
        help_text=_("You can propose for an organisation you are an active member of."),
    )

    areas = forms.ModelMultipleChoiceField(
        label=_("Where is it about?"),
        queryset=Area.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional: the areas your idea is for. Leave them all for the whole place."),
    )
    # Set by a click on the map (static/js/point-picker.js); a point on the map for the
    # idea (a crossing, a park), never where the person lives.
    point_lon = forms.FloatField(
        required=False, widget=forms.HiddenInput, min_value=-180, max_value=180
    )
    point_lat = forms.FloatField(
        required=False, widget=forms.HiddenInput, min_value=-90, max_value=90
    )

    field_order = ["title", "body", "organisation", "areas", "website_url"]

    def __init__(self, *args, user=None, consultation=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            for name in ("organisation", "areas", "point_lon", "point_lat"):
                del self.fields[name]
            return
        allowed = consultation is not None and consultation.organisations_may_propose
        organisations = active_organisations_for(user) if allowed else None
        field = self.fields["organisation"]
        # The field stays even when there is nothing to choose, so a forged id is a form
        # error ("Select a valid choice") rather than silently ignored.
        field.queryset = organisations if organisations is not None else _no_organisations()
        self.offers_organisations = bool(organisations is not None and organisations.exists())
        if not self.offers_organisations:
            field.widget = forms.HiddenInput()

    def clean(self):
        """A point on the map needs both coordinates and must fall in one of the areas;
        its area is then added to those chosen."""
        cleaned = super().clean()
        lon, lat = cleaned.get("point_lon"), cleaned.get("point_lat")
        if lon is None and lat is None:
            return cleaned
        area = Area.objects.area_at(lon, lat) if lon is not None and lat is not None else None
        if area is None:
            cleaned["point_lon"] = cleaned["point_lat"] = None
            self.add_error("areas", _("The point chosen on the map is outside every area."))
            return cleaned
        chosen = list(cleaned.get("areas") or [])
        if area not in chosen:
            chosen.append(area)
        cleaned["areas"] = chosen
        return cleaned


def _no_organisations():
    return Organisation.objects.none()


class CommentForm(HoneypotFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text, up to 3,000 characters. Be kind: see the moderation policy."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    field_order = ["body", "parent", "website_url"]

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.filter(pk=parent_id, proposal=self.proposal).first()
        if parent is None:
            raise forms.ValidationError(_("The comment you replied to no longer exists."))
        return parent


class CommentEditForm(HoneypotFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )

    field_order = ["body", "website_url"]


class ReportForm(HoneypotFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        help_text=_("The reasons come from the moderation policy."),
    )
    note = forms.CharField(
        label=_("Anything else a moderator should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    field_order = ["reason", "note", "website_url"]


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (value, label)
            for value, label in ModerationEvent.ActionTaken.choices
            if value in ("approve", "hide", "restore", "reject")
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Reason (from the moderation policy)"),
        choices=[("", _("No reason needed (approve or restore)")), *Report.Reason.choices],
        required=False,
        help_text=_("Needed to hide or reject. The author is told this reason."),
        # Radio buttons wrap on a phone; a select is as wide as its longest reason.
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the author (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Official status"), choices=Proposal.Status.choices)
    response = forms.CharField(
        label=_("Response"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What happens to this idea and why. The author and supporters are emailed."),
    )
    merged_into = forms.ModelChoiceField(
        label=_("Merged into"), queryset=Proposal.objects.none(), required=False
    )

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        if proposal is not None:
            self.fields["merged_into"].queryset = Proposal.objects.filter(
                consultation_id=proposal.consultation_id
            ).exclude(pk=proposal.pk)
