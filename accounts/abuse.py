"""Abuse resistance for the project's own forms: cache-backed rate limits and a honeypot.

allauth limits its own views (``ACCOUNT_RATE_LIMITS``); everything else that creates
content uses :func:`rate_limit`. The cache is Redis in production, so a limit holds
across every web process.
"""

import time
from functools import wraps

from django import forms
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


def _client_key(request) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', 'unknown')}"


def hit(scope: str, key: str, limit: int, period: int) -> int | None:
    """Count one attempt in a fixed window. Returns the seconds to wait when over the
    limit, else ``None``. ``cache.add`` then ``incr`` is atomic on Redis and locmem."""
    window = int(time.time() // period)
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=period + 1)
        count = 1
    if count > limit:
        return period - int(time.time()) % period
    return None


def rate_limit(scope: str, limit: int, period: int, methods=("POST",)):
    """Answer 429 with a page saying when to try again once ``limit`` requests of
    ``methods`` in ``period`` seconds come from one person (or one address)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                retry_after = hit(scope, _client_key(request), limit, period)
                if retry_after is not None:
                    response = render(
                        request,
                        "429.html",
                        {
                            "retry_after": retry_after,
                            "retry_minutes": max(1, -(-retry_after // 60)),
                        },
                        status=429,
                    )
                    response["Retry-After"] = str(retry_after)
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class HoneypotFormMixin(forms.Form):
    """A field people never see or fill; a bot that fills it is refused."""

    website_url = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website_url(self):
        if self.cleaned_data.get("website_url"):
            raise forms.ValidationError(_("This form could not be sent. Please try again."))
        return ""
