"""Settings for the benchmark's application servers: production mode on loopback.

Imports the project's settings, then forces what production would have: debug off, the
cached template loader, hashed static files, the Redis cache, persistent database
connections. Only what loopback needs differs: no TLS redirect (there is no TLS on
127.0.0.1; a real deployment terminates it in front), a fixed secret, loopback hosts.
ROOT_URLCONF adds the floor view at ``/__floor__/<consultation id>/``.
"""

import os

# config.settings refuses to start in production mode without these; set them first.
os.environ["DJANGO_DEBUG"] = "0"
os.environ["DJANGO_SECRET_KEY"] = (
    "bench-only-secret-key-not-for-any-real-deployment-0123456789abcdefghij"  # noqa: S105
)
os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")  # links in emails only

import dj_database_url

from bench.config import CACHE_KEY_PREFIX, bench_database_url, redis_url

# The shared cache as production configures it from REDIS_URL (the cache, and sessions
# read through it); without Redis, config.settings falls back to local memory.
if os.environ.get("BENCH_NO_REDIS") == "1":
    os.environ.pop("REDIS_URL", None)
else:
    os.environ["REDIS_URL"] = redis_url()
    os.environ["CACHE_KEY_PREFIX"] = CACHE_KEY_PREFIX

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, TEMPLATES

DEBUG = False
ROOT_URLCONF = "bench.urls"
# BENCH_NO_REDIS measures the per-process cache on purpose (core/checks.py refuses it
# for a real production).
SHARED_CACHE_REQUIRED = os.environ.get("BENCH_NO_REDIS") != "1"

DATABASES = {
    "default": dj_database_url.parse(
        bench_database_url(), conn_max_age=600, conn_health_checks=False
    )
}
# As config/settings.py does on PostgreSQL: hot statements are prepared, not re-planned.
DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}

_template_dirs = [BASE_DIR / "bench" / "templates", *TEMPLATES[0]["DIRS"]]
TEMPLATES = [
    {
        **TEMPLATES[0],
        "DIRS": _template_dirs,
        "APP_DIRS": False,
        "OPTIONS": {
            **TEMPLATES[0]["OPTIONS"],
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
        },
    }
]

STATIC_ROOT = BASE_DIR / "bench" / ".data" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

# The floor is the framework's own limit: never served from the page cache.
PAGE_CACHE_EXCLUDED_PREFIXES = (
    "/__floor__/",
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/account/",
    "/documents/",
    "/healthz",
)

# Loopback has no TLS; everything else of production's security settings stays on.
SECURE_SSL_REDIRECT = False
SECURE_PROXY_SSL_HEADER = None

# Background work must not run inside the measured requests; the database queue is what
# production uses (no worker runs during the bench, the queue just grows).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"django.security.DisallowedHost": {"level": "ERROR"}},
}

# Every bench client comes from 127.0.0.1: at the real per-address limit the API rows of
# the uncached pass measured 429s. The throttle still runs (its cost is measured), with a
# limit no bench run reaches.
API_RATE_LIMIT = (10**9, 60)
