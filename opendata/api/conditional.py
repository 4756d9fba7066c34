"""ETag and Last-Modified for the API, from the open data's generation number.

Every save of what the records hold bumps ``core.opendata.generation()`` (and every
write request the page cache's content version), so an answer is the same while both
stand. The tag also names a five-minute window: what the records derive from the time
(a consultation's state, a pledge's being overdue) is at most that old, as the files'
cache is. A request whose ``If-None-Match`` holds the tag (or, without one, whose
``If-Modified-Since`` is not before the generation began) gets a 304 before any query.
"""

import hashlib
import time

from django.core.cache import cache
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from core import opendata, page_cache

WINDOW_SECONDS = 300


def _state():
    generation = opendata.generation()
    key = f"api:generation-began:{generation}"
    cache.add(key, int(time.time()), timeout=None)
    began = cache.get(key) or int(time.time())
    return generation, began


def validators(request):
    """``(etag, last_modified)`` for this request's answer as the data stands now."""
    generation, began = _state()
    window = int(time.time() // WINDOW_SECONDS)
    source = f"{generation}:{page_cache.version()}:{window}:{request.get_full_path()}"
    digest = hashlib.sha256(source.encode()).hexdigest()[:32]
    last_modified = max(began, window * WINDOW_SECONDS)
    return quote_etag(f"api-{digest}"), last_modified


def is_fresh(request, etag, last_modified) -> bool:
    """Whether the client already holds this answer (RFC 9110: If-None-Match wins)."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [t.strip() for t in if_none_match.split(",")]
        return "*" in tags or etag in tags or f"W/{etag}" in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and last_modified <= since


def headers(etag, last_modified) -> dict:
    return {"ETag": etag, "Last-Modified": http_date(last_modified)}
