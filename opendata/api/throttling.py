"""Per-client rate limiting of the API through the site's one mechanism, ``core.abuse``."""

import math

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from core import abuse

SCOPE = "api"


class ClientThrottle(BaseThrottle):
    """``API_RATE_LIMIT`` requests per period from one client (address, or person when
    signed in), counted in the shared cache like every other limit; over it, 429 JSON
    with ``Retry-After``."""

    def allow_request(self, request, view):
        limit, period = settings.API_RATE_LIMIT
        # The Django request: core.abuse keys on its person or address.
        self.retry_after = abuse.hit(request._request, SCOPE, limit, period)
        return self.retry_after is None

    def wait(self):
        return math.ceil(self.retry_after) if self.retry_after else None
