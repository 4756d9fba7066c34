from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.validators import normalise_area, validate_area, validate_display_name
from core.abuse import HoneypotFormMixin


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


class ProfileFieldsMixin:
    """How a display name and an area are cleaned, wherever they are edited (the person's
    own account page, Wagtail's user forms)."""

    def clean_display_name(self):
        value = " ".join(self.cleaned_data.get("display_name", "").split())
        validate_display_name(value)
        return value

    def clean_area(self):
        value = normalise_area(self.cleaned_data.get("area", ""))
        validate_area(value)
        return value


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
            "area": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["display_name"].label = _("Display name")
        self.fields["area"].label = _("Ward or postcode district")
        # A form posted without it (an older page, a script) keeps the current choice.
        self.fields["digest_frequency"].required = False

    def clean_digest_frequency(self):
        return self.cleaned_data.get("digest_frequency") or self.instance.digest_frequency

    @property
    def preference_fields(self):
        return [
            self[name]
            for name in ("email_on_response", "email_on_phase", "email_digest", "digest_frequency")
        ]

    @property
    def about_fields(self):
        return [self[name] for name in ("display_name", "area")]
