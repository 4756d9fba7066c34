"""Views and view helpers every app uses: the one refusal page and a safe ``next``."""

from urllib.parse import urlsplit

from django.core.exceptions import SuspiciousOperation
from django.http import UnreadablePostError
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


# What a refused form carried, shown back so it is not lost ----------------------------

#: Fields never echoed: the CSRF token, the honeypot, secrets, and anything hidden.
_NOT_KEPT = ("csrfmiddlewaretoken", "website_url", "password", "token", "secret", "code", "key")
_KEPT_MAX_FIELDS = 10
_KEPT_MAX_LENGTH = 10000


def kept_text(request):
    """What a person wrote in a form that was refused before it could be read (an
    expired CSRF token, a rate limit): each field with words in it, to be shown in a
    read-only box they can copy. Never the means to send it again — the page that shows
    it has no form that posts it — and never a password, token or code."""
    if request.method != "POST":
        return []
    kept = []
    try:
        items = list(request.POST.lists())
    except (UnreadablePostError, SuspiciousOperation):  # unreadable: keep nothing, no 500
        return []
    for name, values in items:
        lowered = name.casefold()
        if any(word in lowered for word in _NOT_KEPT):
            continue
        for value in values:
            value = (value or "").strip()
            if not any(character.isalpha() for character in value):
                continue
            kept.append(
                {
                    "name": name,
                    "label": name.replace("_", " ").replace("-", " ").capitalize(),
                    "value": value[:_KEPT_MAX_LENGTH],
                }
            )
            if len(kept) >= _KEPT_MAX_FIELDS:
                return kept
    return kept


def _back_to(request):
    """The page the form was on (a path on this site), for "go back", else None."""
    referer = request.META.get("HTTP_REFERER") or ""
    path = urlsplit(referer)
    if path.netloc and path.netloc != request.get_host():
        return None
    local = path.path + (f"?{path.query}" if path.query else "")
    if local.startswith("/") and not local.startswith("//") and local.isprintable():
        return local[:2000]
    return None


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: the form had expired (or cookies are off). Says so in words,
    offers the way back to the form, and shows what the person wrote so they can copy
    it. Nothing is done with the text: the page has no form that would send it again."""
    return render(
        request,
        "403_csrf.html",
        {
            "page_title": _("The form had expired"),
            "kept": kept_text(request),
            "back_to": _back_to(request),
        },
        status=403,
    )
