from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.validators import validate_display_name, validate_postcode_district
from core.abuse import HoneypotFormMixin
from places.models import Area, PostcodeDistrict


class SignupForm(HoneypotFormMixin):
    """Extra fields on allauth's sign-up form (``ACCOUNT_SIGNUP_FORM_CLASS``)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("Shown next to what you write. You can use a nickname."),
        validators=[validate_display_name],
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    field_order = ["email", "display_name", "password1", "password2"]

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ProfileFieldsMixin:
    """How a display name and an area are cleaned, wherever they are edited (the person's
    own account page, Wagtail's user forms).

    The area is chosen from the list of areas, or found from a postcode district where
    the optional lookup table has been imported (``import_postcode_districts``); only
    the area is saved, never what was typed."""

    def _set_up_area(self):
        self.fields["area"] = AreaChoiceField(
            label=_("Your area"),
            queryset=Area.objects.order_by("name"),
            required=False,
            empty_label=_("Not saying"),
            help_text=_("Optional: the ward or neighbourhood you live in. Never your address."),
        )
        if PostcodeDistrict.objects.exists():
            self.fields["postcode_district"] = forms.CharField(
                label=_("Or the first part of your postcode"),
                required=False,
                max_length=40,
                help_text=_(
                    "For example LS6. We use it only to find your area and do not keep it."
                ),
                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            )

    def clean_display_name(self):
        value = " ".join(self.cleaned_data.get("display_name", "").split())
        validate_display_name(value)
        return value

    def clean_postcode_district(self):
        value = self.cleaned_data.get("postcode_district", "")
        if not value.strip():
            return None
        validate_postcode_district(value)
        area = PostcodeDistrict.objects.area_for(value)
        if area is None:
            raise forms.ValidationError(
                _("We do not know which area %(district)s is in. Choose your area instead.")
                % {"district": value.strip().upper()},
                code="unknown_district",
            )
        return area

    def _clean_area_choice(self, cleaned_data):
        from_district = cleaned_data.get("postcode_district")
        if from_district is not None:
            chosen = cleaned_data.get("area")
            if chosen is not None and chosen != from_district:
                self.add_error(
                    "postcode_district",
                    _("That postcode district is in %(area)s, not %(chosen)s. Give one only.")
                    % {"area": from_district.name, "chosen": chosen.name},
                )
            else:
                cleaned_data["area"] = from_district
        return cleaned_data


class ProfileForm(ProfileFieldsMixin, forms.ModelForm):
    """What a person may change about themselves on /account/."""

    class Meta:
        model = User
        fields = [
            "display_name",
            "area",
            "email_on_response",
            "email_on_phase",
            "email_digest",
            "digest_frequency",
        ]
        widgets = {
            "digest_frequency": forms.RadioSelect,
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_area()
        self.fields["display_name"].required = True
        self.fields["display_name"].label = _("Display name")
        # A form posted without it (an older page, a script) keeps the current choice.
        self.fields["digest_frequency"].required = False

    def clean_digest_frequency(self):
        return self.cleaned_data.get("digest_frequency") or self.instance.digest_frequency

    def clean(self):
        return self._clean_area_choice(super().clean())

    @property
    def preference_fields(self):
        return [
            self[name]
            for name in ("email_on_response", "email_on_phase", "email_digest", "digest_frequency")
        ]

    @property
    def about_fields(self):
        return [
            self[name]
            for name in ("display_name", "area", "postcode_district")
            if name in self.fields
        ]
