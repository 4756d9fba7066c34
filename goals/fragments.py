"""Parts of public pages kept rendered in the cache until the content changes.

A fragment is keyed by the site-wide content version of ``config.page_cache``, which
goes up after every write request and every committed save in the content apps (and
after the writes that bypass signals: figure imports, pledge status updates), and by
the language. Nobody, signed in or not, sees a fragment older than the last write.
Only what is the same for everyone goes in a fragment.
"""

from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from config import page_cache

# A bound for writes that neither bump the content version nor save through the ORM
# (raw SQL): the same order as the anonymous page cache's.
FRAGMENT_SECONDS = 300


def cached(name: str, parts: Iterable, render: Callable[[], str]) -> SafeString:
    """``render()``'s HTML for ``name`` and ``parts`` (what the HTML depends on besides
    the content: ids shown, filters), from the cache when the content has not changed."""
    key = ":".join(
        [
            "goals:fragment",
            name,
            str(page_cache.version()),
            get_language() or "",
            ",".join(str(part) for part in parts),
        ]
    )
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by our own autoescaping templates
