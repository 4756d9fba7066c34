"""System checks for a production configuration the settings alone cannot refuse.

Rate limits (allauth's and :mod:`core.abuse`'s) count in the cache. A per-process cache
(local memory, the default on a laptop) counts per worker: with four gunicorn workers a
"10 an hour" limit lets about forty through. So production (``DEBUG`` off) needs a cache
every process shares (``REDIS_URL``): ``manage.py check`` (and so ``migrate``, the
release step) fails with ``core.E001``, and ``config/wsgi.py`` refuses to start the web
processes, until it is set.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

PER_PROCESS_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)

MESSAGE = (
    "Production (DJANGO_DEBUG off) needs a cache shared by every process for its rate "
    "limits: set REDIS_URL (e.g. redis://redis.internal:6379/0)."
)


def shared_cache_problem() -> str | None:
    if settings.DEBUG or not getattr(settings, "SHARED_CACHE_REQUIRED", True):
        return None
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_BACKENDS:
        return MESSAGE
    return None


@checks.register(checks.Tags.caches)
def check_shared_cache(app_configs=None, **kwargs):
    problem = shared_cache_problem()
    if problem is None:
        return []
    return [checks.Error(problem, id="core.E001")]


def require_shared_cache() -> None:
    """Raise ``ImproperlyConfigured`` where :func:`check_shared_cache` would fail."""
    problem = shared_cache_problem()
    if problem is not None:
        raise ImproperlyConfigured(problem)
