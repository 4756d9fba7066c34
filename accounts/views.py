from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.forms import ProfileForm
from core.abuse import rate_limit
from core.permissions import has_verified_email


@login_required
@rate_limit("profile", 30, 3600)
def profile(request):
    """A person's own page: their public name, area and email preferences, and links to
    their email addresses, password and two-factor authentication."""
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your details have been saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(instance=request.user)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "page_title": _("Your account"),
            "email_verified": has_verified_email(request.user),
        },
    )
