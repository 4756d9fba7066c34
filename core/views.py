"""Views and view helpers every app uses."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback):
    """The ``next`` parameter if it points at this site, else ``fallback``."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback
