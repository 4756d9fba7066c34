from django import forms
from django.utils.translation import gettext_lazy as _

from .abuse import HoneypotFormMixin


class SignupForm(HoneypotFormMixin):
    """Extra fields on allauth's sign-up form."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("Shown next to what you write. You can use a nickname."),
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])
