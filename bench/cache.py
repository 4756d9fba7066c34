"""The benchmark's cache: Redis when it answers, emptied of the bench's keys only."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

from bench.config import CACHE_KEY_PREFIX, redis_url
from bench.progress import log


def redis_reachable(url: str | None = None) -> bool:
    parts = urlsplit(url or redis_url())
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 1):
            return True
    except OSError:
        return False


def choose_cache() -> str:
    """Use Redis (``REDIS_URL``, else local database 1) when reachable; otherwise say so
    and fall back to per-process local memory, which flatters nothing but shares nothing."""
    if redis_reachable():
        os.environ.pop("BENCH_NO_REDIS", None)
        return redis_url()
    os.environ["BENCH_NO_REDIS"] = "1"
    log(f"Redis at {redis_url()} does not answer: using local-memory caches (not shared)")
    return "locmem"


def clear_bench_cache() -> int:
    """Delete the bench's keys (prefix ``citygoals-bench``) and nothing else: the Redis
    database may be shared with other work."""
    from django.core.cache import cache

    if os.environ.get("BENCH_NO_REDIS") == "1":
        cache.clear()
        return 0
    import redis

    client = redis.Redis.from_url(redis_url())
    deleted = 0
    batch = []
    for key in client.scan_iter(match=f"{CACHE_KEY_PREFIX}:*", count=1000):
        batch.append(key)
        if len(batch) >= 1000:
            deleted += client.delete(*batch)
            batch = []
    if batch:
        deleted += client.delete(*batch)
    client.close()
    return deleted
