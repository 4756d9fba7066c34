"""Where the benchmark's database and cache live, from the environment.

Kept free of Django imports so the runner, the settings module and the load generator
can all use it.
"""

import os
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/"
DEFAULT_BENCH_DB_NAME = "citygoals_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"
# ``BENCH_CACHE_PREFIX`` keeps two benches on one Redis apart (each deletes only its own).
CACHE_KEY_PREFIX = os.environ.get("BENCH_CACHE_PREFIX", "").strip() or "citygoals-bench"


def bench_database_url() -> str:
    """``BENCH_DATABASE_URL``, else a ``citygoals_bench`` database on the server of
    ``DATABASE_URL`` (when that is PostgreSQL), else on the local default server.
    ``bench scale`` adds ``_scale`` to the name (``BENCH_DATABASE_SUFFIX``), so the two
    modes keep their own data sets."""
    suffix = os.environ.get("BENCH_DATABASE_SUFFIX", "")
    explicit = os.environ.get("BENCH_DATABASE_URL", "").strip()
    if explicit:
        parts = urlsplit(explicit)
        return urlunsplit(
            (parts.scheme, parts.netloc, parts.path.rstrip("/") + suffix, parts.query, "")
        )
    base = os.environ.get("DATABASE_URL", "").strip()
    if not base.startswith(("postgres://", "postgresql://", "pgsql://")):
        base = DEFAULT_SERVER_URL
    parts = urlsplit(base)
    name = "/" + DEFAULT_BENCH_DB_NAME + suffix
    return urlunsplit((parts.scheme, parts.netloc, name, parts.query, ""))


def maintenance_url(database_url: str) -> str:
    """The same server's ``postgres`` database, to drop and create the bench database."""
    parts = urlsplit(database_url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))


def database_name(database_url: str) -> str:
    return urlsplit(database_url).path.lstrip("/")


def libpq_url(database_url: str) -> str:
    """psycopg wants ``postgresql://`` or ``postgres://``; dj-database-url also accepts others."""
    parts = urlsplit(database_url)
    scheme = "postgresql" if parts.scheme in {"pgsql", "postgresql", "postgres"} else parts.scheme
    return urlunsplit((scheme, parts.netloc, parts.path, parts.query, ""))


def redis_url() -> str:
    """``REDIS_URL`` when set, else database 1 on the local Redis (if it answers; the
    runner checks, and falls back to no Redis with a warning)."""
    return os.environ.get("REDIS_URL", "").strip() or os.environ.get(
        "BENCH_REDIS_URL", DEFAULT_REDIS_URL
    )
