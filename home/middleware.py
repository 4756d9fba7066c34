"""Answer the load balancer's health check before anything that could refuse it."""

from django.core.exceptions import DisallowedHost
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from core import fragments
from home.models import SiteBranding
from home.views import healthz

HEALTH_CHECK_PATH = "/healthz"


class HealthCheckMiddleware:
    """``GET /healthz`` is answered here, first in the middleware stack: a load balancer
    probes each instance over plain HTTP with the instance's own address as the Host,
    which the HTTPS redirect (301) and the allowed-hosts check (400) would otherwise
    turn into a failed check, taking every healthy instance out of service."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_CHECK_PATH:
            return healthz(request)
        return self.get_response(request)


class KeptSiteMiddleware:
    """The request's Wagtail site and its branding settings, from the cache under the
    content version (one round trip), not two queries on every page rendered: every
    page a signed-in person sees asks for both (links, the header). A change to either
    is a write, which starts a new content version. Wagtail reads both from the request
    where it has put them (``Site.find_for_request``, ``BaseSiteSetting.for_request``).
    Reads only: most writes answer with a redirect and need neither."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        try:
            host, port = request.get_host(), request.get_port()
        except DisallowedHost:
            return self.get_response(request)
        # Lazy: a view that never asks (the bench's floor, a redirect) pays nothing.
        kept = SimpleLazyObject(
            lambda: fragments.cached_value(
                "site-for-host", [host, port], lambda: _site_and_branding(request)
            )
        )
        request._wagtail_site = SimpleLazyObject(lambda: kept[0])
        setattr(
            request,
            SiteBranding.get_cache_attr_name(),
            SimpleLazyObject(lambda: _for_request(kept[1], request)),
        )
        return self.get_response(request)


def _for_request(branding, request):
    if branding is not None:
        branding._request = request  # as Wagtail's for_request: page URLs from the request
    return branding


def _site_and_branding(request):
    site = Site._find_for_request(request)
    if site is None:
        return (None, None)
    return (site, SiteBranding.for_site(site))
