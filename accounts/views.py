from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_safe

from accounts import digest
from accounts.forms import ProfileForm
from core.abuse import rate_limit
from core.pagination import paginate
from core.permissions import has_verified_email
from core.views import safe_next


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


@login_required
@require_GET
def whats_new(request):
    """What happened to what the person proposed, supported or follows: the same items
    as their digest, newest first."""
    page_obj = paginate(digest.items_for(request.user), request.GET, 30)
    return render(
        request,
        "accounts/whats_new.html",
        {"page_title": _("What’s new for you"), "page_obj": page_obj, "items": page_obj},
    )


@csrf_exempt  # the signed token is the credential (RFC 8058 one-click POSTs have no CSRF token)
def digest_unsubscribe(request, token):
    """One-click unsubscribe from the digest, no sign-in needed. GET shows a button (so
    link scanners change nothing); POST, including RFC 8058 one-click, applies it."""
    data = digest.UNSUBSCRIBE_LINK.read(token)
    if data is None:
        return render(
            request,
            "accounts/digest_unsubscribe.html",
            {"page_title": _("This link does not work"), "invalid": True},
            status=400,
        )
    done = request.method == "POST" and digest.stop(data["u"])
    return render(
        request,
        "accounts/digest_unsubscribe.html",
        {"page_title": _("Unsubscribe"), "done": done},
    )


# One way in ----------------------------------------------------------------------------


@require_safe
def sign_in_elsewhere(request, *args, **kwargs):
    """Where Wagtail's own password sign-in (``/admin/login/``, ``/_util/login/``) was:
    sends people to allauth's, which asks for the second factor and applies the lockout
    and email verification. A POST is refused (405): no password is ever read here."""
    return _to(request, "account_login")


@require_safe
def password_reset_elsewhere(request, *args, **kwargs):
    """Where Wagtail's password reset was: allauth's is rate-limited and says the same
    whether or not the address has an account."""
    return _to(request, "account_reset_password")


def _to(request, url_name):
    target = reverse(url_name)
    next_url = safe_next(request, "")
    if next_url:
        target = f"{target}?{urlencode({'next': next_url})}"
    return HttpResponseRedirect(target)
