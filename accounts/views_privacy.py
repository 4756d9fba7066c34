"""A person's data rights: download their data, delete their account."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.privacy import (
    delete_account,
    deletion_blocked_by,
    export_user_data_json,
)
from core.abuse import LIMITS, rate_limit
from core.exceptions import ActionRefused


@never_cache
@login_required
@require_GET
@rate_limit(*LIMITS["data_export"], methods=("GET",))
def data_export(request):
    """Everything the platform holds about the signed-in person, as a JSON file."""
    body = export_user_data_json(request.user)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"city-goals-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy("To be sure it is you, enter the password you sign in with."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that this cannot be undone"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="password")
        return password


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@rate_limit(*LIMITS["account_delete"])
def delete_account_view(request):
    """Re-enter the password, then the account is anonymised and the person signed out."""
    user = request.user
    form = DeleteAccountForm(request.POST or None, user=user)
    blockers = deletion_blocked_by(user)
    if request.method == "POST" and form.is_valid():
        try:
            delete_account(user, request=request)
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return render(
                request, "accounts/privacy_deleted.html", {"page_title": _("Account deleted")}
            )
    return render(
        request,
        "accounts/privacy_delete.html",
        {
            "form": form,
            "blockers": blockers,
            "data_url": reverse("accounts:data"),
            "page_title": _("Delete your account"),
        },
    )
