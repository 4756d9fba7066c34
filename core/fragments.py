"""Parts of public pages (and figures) kept in the cache until the content changes.

Kept under the site-wide content version of ``core.page_cache``, which goes up after
every write request and every committed save in the content apps (and after the writes
that bypass signals: figure imports, pledge status updates), and by the language.
Nobody, signed in or not, sees a fragment older than the last write. Only what is the
same for everyone goes in a fragment. Used by the goal index's cards and the goal
page's indicator sections (goals/templatetags/) and search's counts (home/search.py).
"""

import hashlib
import re
import zlib
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core import page_cache

# A bound for writes that neither bump the content version nor save through the ORM
# (raw SQL), and for the space fragments of old versions hold while writes come fast
# (each write starts a new version): the anonymous page cache's own default.
FRAGMENT_SECONDS = 60
# Large HTML (a goal's indicator sections: ~140 kB) is kept compressed: a sixth of the
# space and of the bytes from the cache server, for 0.2 ms to decompress.
COMPRESS_MIN_CHARS = 8 * 1024
SAFE_PARTS = re.compile(r"[\w,.-]*", re.ASCII)


def _key(name: str, parts: Iterable) -> str:
    parts = ",".join(str(part) for part in parts)
    if len(parts) > 200 or not SAFE_PARTS.fullmatch(parts):
        # A long list of ids, or free text (a search): keys stay short and plain.
        parts = hashlib.sha256(parts.encode()).hexdigest()
    return ":".join(["fragment", name, str(page_cache.version()), get_language() or "", parts])


def cached_value(name: str, parts: Iterable, compute: Callable[[], object]):
    """``compute()`` for ``name`` and ``parts`` (what it depends on besides the content:
    ids shown, filters, a query), from the cache when the content has not changed."""
    key = _key(name, parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FRAGMENT_SECONDS)
    return value


def _pack(html: str):
    if len(html) < COMPRESS_MIN_CHARS:
        return html
    return zlib.compress(html.encode(), 1)


def _unpack(value) -> str:
    return zlib.decompress(value).decode() if isinstance(value, bytes) else value


def cached(name: str, parts: Iterable, render: Callable[[], str]) -> SafeString:
    """``render()``'s HTML, as :func:`cached_value`."""
    html = _unpack(cached_value(name, parts, lambda: _pack(str(render()))))
    return mark_safe(html)  # noqa: S308 - rendered by our own autoescaping templates
