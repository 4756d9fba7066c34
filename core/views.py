"""Views and view helpers every app uses: the one refusal page and a safe ``next``."""

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.permissions import has_verified_email


def safe_next(request, fallback):
    """The ``next`` parameter if it points at this site, else ``fallback``."""
    candidate = request.POST.get("next") or request.GET.get("next")
    # Only a path on this site ("/..."): anything else ("a b", a NUL, a URL name that
    # ``redirect`` would try to reverse) is not a place to send anyone.
    if (
        candidate
        and candidate.startswith("/")
        and candidate.isprintable()
        and len(candidate) <= 2000
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return fallback


def refused(request, reason, *, status=403, title=None):
    """The page for an action the rules refuse (``ActionRefused`` or a predicate that
    said no): what happened, in words for the person, and where to go next. A person
    who has not verified their address is shown how to."""
    return render(
        request,
        "core/refused.html",
        {
            "page_title": title or _("You cannot do that now"),
            "reason": str(reason),
            "needs_verification": request.user.is_authenticated
            and not has_verified_email(request.user),
        },
        status=status,
    )
