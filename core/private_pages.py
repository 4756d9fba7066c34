"""``Cache-Control: private`` on every page served to a signed-in person.

A signed-in page carries the person's name, their supports and their pledges; a shared
cache (a council's proxy, a CDN) must never keep it for the next visitor. Anonymous
pages are left alone: the whole-page cache (core/page_cache.py) and the open-data files
decide their own caching.
"""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils.cache import patch_cache_control


class PrivateForSignedInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Whoever carries a session cookie may be signed in: private, without loading the
        # session to find out (a page that never looked at it costs no query). A response
        # that signs someone in carries no cookie yet but has read the session.
        session = getattr(request, "session", None)
        if settings.SESSION_COOKIE_NAME in request.COOKIES or (
            session is not None and session.accessed and session.get(SESSION_KEY)
        ):
            # patch_cache_control drops "public" when "private" is set.
            patch_cache_control(response, private=True)
        return response
