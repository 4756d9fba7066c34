"""Abuse resistance for the project's own forms: rate limits and a honeypot.

One rate-limit mechanism for the whole site: allauth's (``allauth.core.ratelimit``).
allauth limits its own views (``ACCOUNT_RATE_LIMITS``) and answers with our 429 page
through :func:`handler429` (``config.urls.handler429``); everything else that creates
content uses :func:`rate_limit`, whose :func:`hit` counts through the same code with the
project's own numbers. It keeps each person's attempt times in the cache and counts
those within the last ``period`` seconds: a sliding window, so no burst of twice the
limit across a window's edge. The cache is Redis in production (required: core/checks.py),
so a limit holds across every web process; with Redis down, limits fail open
(core/cache.py says why).

Each limited view carries its numbers as ``view.rate_limit``, so the tests find every
limited view by walking the URLs and prove each one answers 429 after its threshold.
"""

import math
import time
from functools import wraps

from django import forms
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.views import kept_text

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


RATE_LIMIT_APP = "citygoals"


def hit(request, scope: str, limit: int, period: int) -> int | None:
    """Count one attempt by this request's person (or address) at ``scope``: ``limit``
    in any ``period`` seconds. Returns the seconds to wait when over the limit, else
    ``None``. Counted by allauth's limiter (a sliding window of timestamps, under a
    cache lock), so the project has one mechanism; anyone may call it (an API throttle
    too)."""
    from allauth.core.internal import ratelimit as rl

    config = {scope: f"{int(limit)}/{int(period)}s/key"}
    rate = rl.parse_rate(config[scope])
    key = _client_key(request)
    usage = rl.consume(
        request,
        app=RATE_LIMIT_APP,
        action=scope,
        config=config,
        key=key,
        limit_get=True,
    )
    if usage is not None:
        return None
    cache_key = rl.get_cache_key(request, app=RATE_LIMIT_APP, action=scope, rate=rate, key=key)
    return _seconds_until_a_slot(cache.get(cache_key, []), rate)


def _seconds_until_a_slot(history, rate) -> int:
    """``history`` is newest first: a slot frees when the oldest counted attempt leaves
    the window."""
    now = time.time()
    if len(history) >= rate.amount:
        return max(1, math.ceil(history[rate.amount - 1] + rate.duration - now))
    return max(1, math.ceil(rate.duration))  # the lock was busy: try again shortly


def too_many_requests(request, retry_after: int):
    """The 429 page, saying in minutes when to try again, with a Retry-After header, and
    showing what the person wrote (when they wrote something) so they can send it again
    then instead of being told, wrongly, that nothing of theirs survives."""
    retry_after = max(1, int(retry_after))
    response = render(
        request,
        "429.html",
        {
            "retry_after": retry_after,
            "retry_minutes": max(1, -(-retry_after // 60)),
            # What the refused form carried, shown back read-only so it is not lost.
            "kept": kept_text(request),
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(scope: str, limit: int, period: int, methods=("POST",), keep_form=False):
    """Answer 429 with a page saying when to try again once ``limit`` requests of
    ``methods`` in ``period`` seconds come from one person (or one address).

    ``keep_form=True``: the view is called anyway, with ``request.rate_limited_for``
    set to the seconds to wait, so it can show its form again with what the person
    wrote and the error in the form's error summary. Such a view must call
    :func:`refuse_when_rate_limited` before it saves anything; the answer is still 429
    with ``Retry-After``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                retry_after = hit(request, scope, limit, period)
                if retry_after is not None:
                    if not keep_form:
                        return too_many_requests(request, retry_after)
                    request.rate_limited_for = max(1, int(retry_after))
            retry_after = getattr(request, "rate_limited_for", None)
            if not retry_after:
                return view(request, *args, **kwargs)
            try:
                response = view(request, *args, **kwargs)
            except (Http404, PermissionDenied):
                return too_many_requests(request, retry_after)
            if response.status_code != 200:  # no form shown again: the plain 429 page
                return too_many_requests(request, retry_after)
            response.status_code = 429
            response["Retry-After"] = str(retry_after)
            return response

        # Read by the security tests, which find every limited view from the URLs.
        wrapped.rate_limit = {"scope": scope, "limit": limit, "period": period, "methods": methods}
        return wrapped

    return decorator


def refuse_when_rate_limited(request, form) -> bool:
    """In a ``keep_form`` view: whether the request is over its limit; if it is, the form
    gets the error (and keeps what was typed) and nothing may be saved."""
    retry_after = getattr(request, "rate_limited_for", None)
    if not retry_after:
        return False
    minutes = max(1, -(-retry_after // 60))
    form.add_error(
        None,
        ngettext(
            "Too many attempts. Please try again in %(minutes)s minute: what you wrote "
            "is kept below.",
            "Too many attempts. Please try again in %(minutes)s minutes: what you wrote "
            "is kept below.",
            minutes,
        )
        % {"minutes": minutes},
    )
    return True


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
