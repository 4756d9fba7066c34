"""Answer the load balancer's health check before anything that could refuse it."""

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
