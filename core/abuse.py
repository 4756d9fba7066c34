"""Abuse resistance for the project's own forms: cache-backed rate limits and a honeypot.

allauth limits its own views (``ACCOUNT_RATE_LIMITS``) and answers with our 429 page
through :func:`handler429` (``config.urls.handler429``); everything else that creates
content uses :func:`rate_limit`. The cache is Redis in production, so a limit holds
across every web process.

Each limited view carries its numbers as ``view.rate_limit``, so the tests find every
limited view by walking the URLs and prove each one answers 429 after its threshold.
"""

import math
import time
from functools import wraps

from django import forms
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

# Limits for this app's own views. The other apps choose their own numbers where they
# apply ``rate_limit`` (proposals, comments, reports, pledges, membership requests); the
# README's "Privacy and security" section lists them all.
LIMITS = {
    "account_delete": ("account_delete", 5, 900),
    "data_export": ("data_export", 10, 3600),
}


def client_ip(request) -> str:
    """The client's address as allauth sees it (honours ``ALLAUTH_TRUSTED_PROXY_COUNT``
    behind a load balancer), so both kinds of limit count the same person."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter().get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return request.META.get("REMOTE_ADDR") or "unknown"


def _client_key(request) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{client_ip(request)}"


def hit(request, scope: str, limit: int, period: int) -> int | None:
    """Count one request of this client (the person, or their address) against ``limit``
    in ``period`` seconds. Returns the seconds to wait when over the limit, else ``None``.
    The entry point for limits applied outside a view decorator (the API's throttle)."""
    return _count(scope, _client_key(request), limit, period)


def _count(scope: str, key: str, limit: int, period: int) -> int | None:
    """Count one attempt in a fixed window. Returns the seconds to wait when over the
    limit, else ``None``. ``cache.add`` then ``incr`` is atomic on Redis and locmem."""
    now = time.time()
    window = int(now // period)
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=period + 1)
        count = 1
    if count > limit:
        return max(1, int((window + 1) * period - now))
    return None


def too_many_requests(request, retry_after: int):
    """The 429 page, saying in minutes when to try again, with a Retry-After header."""
    retry_after = max(1, int(retry_after))
    response = render(
        request,
        "429.html",
        {"retry_after": retry_after, "retry_minutes": max(1, -(-retry_after // 60))},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(scope: str, limit: int, period: int, methods=("POST",)):
    """Answer 429 with a page saying when to try again once ``limit`` requests of
    ``methods`` in ``period`` seconds come from one person (or one address)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                retry_after = hit(request, scope, limit, period)
                if retry_after is not None:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        # Read by the security tests, which find every limited view from the URLs.
        wrapped.rate_limit = {"scope": scope, "limit": limit, "period": period, "methods": methods}
        return wrapped

    return decorator


# allauth's limits -------------------------------------------------------------------

# Which allauth action a rate-limited allauth view consumed, by URL name.
_ALLAUTH_ACTIONS = {
    "account_login": "login",
    "account_signup": "signup",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_change_password": "change_password",
    "account_set_password": "change_password",
    "account_email": "manage_email",
    "account_reauthenticate": "reauthenticate",
}


def _allauth_retry_after(request) -> int:
    """Seconds until allauth's limit for this request frees a slot: the oldest counted
    attempt leaves the window. Falls back to the longest window configured."""
    from allauth.core.internal import ratelimit as rl

    match = getattr(request, "resolver_match", None)
    action = _ALLAUTH_ACTIONS.get(match.url_name if match else "", "")
    rates = rl.get_rates(app="allauth.account", action=action) if action else []
    if not rates:
        return 300
    key = (request.POST.get("email") or request.POST.get("login") or "").lower() or None
    now = time.time()
    waits = []
    for rate in rates:
        try:
            cache_key = rl.get_cache_key(
                request, app="allauth.account", action=action, rate=rate, key=key
            )
        except (ImproperlyConfigured, ValueError):
            continue
        history = cache.get(cache_key, [])
        if len(history) >= rate.amount:
            waits.append(history[rate.amount - 1] + rate.duration - now)
    if not waits:
        waits = [max(rate.duration for rate in rates)]
    return max(1, math.ceil(max(waits)))


def handler429(request, exception=None):
    """allauth calls ``<ROOT_URLCONF>.handler429`` when one of its limits is hit."""
    return too_many_requests(request, _allauth_retry_after(request))


# Honeypot ---------------------------------------------------------------------------


class HoneypotFormMixin(forms.Form):
    """A field people never see or fill; a bot that fills it is refused.

    The field template (templates/django/forms/field.html) hides it from sight and from
    assistive technology; it is out of the tab order and never autofilled.
    """

    website_url = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website_url(self):
        if self.cleaned_data.get("website_url"):
            raise forms.ValidationError(_("This form could not be sent. Please try again."))
        return ""
