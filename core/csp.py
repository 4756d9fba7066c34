"""The Content-Security-Policy directives, for django-csp (``csp``).

Kept apart from core/security.py so that config/settings.py can build
``CONTENT_SECURITY_POLICY`` from them without importing any of Django's machinery.
"""

from csp.constants import NONCE, NONE, SELF

# Public pages: nothing inline may run or style the page, but for what carries the nonce.
PUBLIC_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF, NONCE],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "media-src": [SELF],
    "frame-src": [NONE],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}

# The Wagtail admin renders inline <script> blocks and style attributes (inline panels,
# date pickers) and frames its own previews, so it needs 'unsafe-inline' and
# same-origin framing. It is reachable only by staff who passed two-factor
# authentication. (A nonce would switch 'unsafe-inline' off, so the admin has none.)
ADMIN_DIRECTIVES = {
    **PUBLIC_DIRECTIVES,
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
    "worker-src": [SELF, "blob:"],
}


def with_extra_sources(directives, extra=None, *, upgrade=False) -> dict:
    """``directives`` plus extra origins (e.g. a media bucket, ``CSP_EXTRA_SOURCES`` in
    settings), and ``upgrade-insecure-requests`` in production."""
    policy = {name: list(sources) for name, sources in directives.items()}
    for name, sources in (extra or {}).items():
        policy.setdefault(name, [SELF])
        policy[name] = [s for s in policy[name] if s != NONE] + list(sources)
    if upgrade:
        policy["upgrade-insecure-requests"] = True
    return policy
