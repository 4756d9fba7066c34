"""Whole-page cache for people who are not signed in, dropped on every write.

Most visits to a city's consultation are anonymous reads of the same few pages. This
middleware keeps each such page in the cache (Redis in production, shared by every web
process) under a key that includes a site-wide *content version*. The version goes up

- after every successful write request (any POST, PUT, PATCH or DELETE answered below
  400: supports, comments, proposals, pledges, admin edits, moderation), and
- after every committed save or delete of a model of the content apps (so background
  tasks and management commands drop the pages too),

so a visitor never sees a page older than the last write; ``PAGE_CACHE_SECONDS`` (60
by default in production, 0 = off, the default with ``DJANGO_DEBUG`` on) bounds what a
write that does neither (a raw SQL update) or the passing of time (a phase opening)
could leave behind.

Only a ``GET`` with no session or messages cookie and no htmx header is served from or
stored in the cache, and only a 200 response that sets no cookie (so no CSRF token was
issued), says nothing against caching (``private``, ``no-cache``, ``no-store``,
``max-age=0``) and varies on nothing but cookies and language. Signed-in people always
get a freshly rendered page. Responses carry ``X-Page-Cache: hit`` or ``miss``. Large
text is kept gzipped and sent gzipped to clients that accept it.
"""

from __future__ import annotations

import gzip
import hashlib
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_vary_headers
from django.utils.translation import get_language_from_request

VERSION_KEY = "page_cache:version"
SAFE_VARY = {"cookie", "accept-language", "accept-encoding"}
UNCACHEABLE_CONTROL = {"private", "no-cache", "no-store", "max-age=0"}
COMPRESS_MIN_BYTES = 1024
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/xml", "image/svg+xml")
DEFAULT_EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/account/",
    "/documents/",
    "/healthz",
)
CONTENT_APPS = {
    "core",
    "places",
    "accounts",
    "organisations",
    "goals",
    "consultations",
    "pledges",
    "home",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    "taggit",
}


#: The content version as a read request first read it (:func:`version`): a signed-in
#: page asked the cache for it five times (the shared page, each kept fragment).
_READ_REQUEST_VERSION: ContextVar[list | None] = ContextVar("page_cache_read_version", default=None)


def version() -> int:
    remembered = _READ_REQUEST_VERSION.get()
    if remembered:
        return remembered[0]
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        value = cache.get(VERSION_KEY) or 1
    if remembered is not None:
        remembered.append(value)
    return value


def _bump_now() -> None:
    remembered = _READ_REQUEST_VERSION.get()
    if remembered:
        remembered.clear()  # a read request that wrote reads the new version
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): start a new one
        cache.set(VERSION_KEY, version() + 1, timeout=None)


def bump() -> None:
    """Drop every cached page, once the current transaction (if any) has committed.
    Robust: nothing after the commit may turn a saved write into an error page."""
    transaction.on_commit(_bump_after_commit, robust=True)


def _bump_after_commit() -> None:
    if not after_write_request(_bump_now):
        _bump_now()


#: While a write request runs: the bumps asked for, run once each when it is answered.
_WRITE_REQUEST_BUMPS: ContextVar[set | None] = ContextVar("page_cache_write_bumps", default=None)


def after_write_request(bump_now) -> bool:
    """During a write request, note ``bump_now`` to be called once when the request is
    answered (its transactions over) and return True; otherwise return False, and the
    caller bumps now. A POST that saves a comment asked for the content version and the
    open data's generation each twice (a signal, then the service), and each bump is a
    round trip to the cache."""
    pending = _WRITE_REQUEST_BUMPS.get()
    if pending is None:
        return False
    pending.add(bump_now)
    return True


def _on_model_change(sender, **kwargs):
    if kwargs.get("raw") or _WRITE_REQUEST_BUMPS.get() is not None:
        return  # a write request drops the pages once, when it is answered
    if sender._meta.app_label in CONTENT_APPS:
        bump()


def _on_m2m_change(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        _on_model_change(sender)


def connect_signals() -> None:
    post_save.connect(_on_model_change, dispatch_uid="page_cache_post_save")
    post_delete.connect(_on_model_change, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="page_cache_m2m")


def _entry(status, headers, content, compressible):
    """What is kept: large text is kept gzipped (once), and sent so to the clients that
    accept it (every browser), which makes a hit on a big page or file cheap."""
    if compressible and len(content) >= COMPRESS_MIN_BYTES:
        return (status, headers, gzip.compress(content, compresslevel=6, mtime=0), True)
    return (status, headers, content, False)


def _page_key(content_version, digest) -> str:
    return f"page_cache:{content_version}:{digest}"


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.last_version = 0
        self.seconds = int(getattr(settings, "PAGE_CACHE_SECONDS", 0))
        if self.seconds <= 0:
            raise MiddlewareNotUsed
        connect_signals()  # also when the app config is not installed
        self.max_bytes = int(getattr(settings, "PAGE_CACHE_MAX_BYTES", 8 * 1024 * 1024))
        self.excluded = tuple(
            getattr(settings, "PAGE_CACHE_EXCLUDED_PREFIXES", DEFAULT_EXCLUDED_PREFIXES)
        )

    def __call__(self, request):
        if request.method not in {"GET", "HEAD", "OPTIONS", "TRACE"}:
            pending = set()
            token = _WRITE_REQUEST_BUMPS.set(pending)
            try:
                response = self.get_response(request)
            finally:
                _WRITE_REQUEST_BUMPS.reset(token)
            if not 400 <= response.status_code < 500:
                pending.add(_bump_now)  # the request's own transactions are over by now
                # (a 500 may have committed something before failing; a 4xx changed nothing)
            for bump_now in pending:
                bump_now()
            return response
        token = _READ_REQUEST_VERSION.set([])
        try:
            return self._read(request)
        finally:
            _READ_REQUEST_VERSION.reset(token)

    def _read(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        digest = self._digest(request)
        # One round trip in the usual case: the version this process saw last and the
        # page under it, read together (MGET is atomic), then checked.
        guess = self.last_version
        found = cache.get_many([VERSION_KEY, _page_key(guess, digest)])
        current = found.get(VERSION_KEY)
        if current is None:
            current = version()
        else:
            _READ_REQUEST_VERSION.get().append(current)
        self.last_version = current
        if current == guess and _page_key(guess, digest) in found:
            return self._rebuild(request, found[_page_key(guess, digest)])
        key = _page_key(current, digest)
        cached = cache.get(key) if current != guess else None
        if cached is not None:
            return self._rebuild(request, cached)
        response = self.get_response(request)
        if self._cacheable_response(response):
            return self._store(key, response)
        return response

    # Requests and responses ---------------------------------------------------------

    def _cacheable_request(self, request) -> bool:
        if request.method != "GET":
            return False
        if request.path.startswith(self.excluded):
            return False
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return False
        return "HTTP_HX_REQUEST" not in request.META

    def _cacheable_response(self, response) -> bool:
        if response.status_code != 200 or response.cookies:
            return False
        control = {
            part.strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", ""))
            if part.strip()
        }
        if control & UNCACHEABLE_CONTROL:
            return False
        vary = {
            part.strip().lower()
            for part in cc_delim_re.split(response.get("Vary", ""))
            if part.strip()
        }
        return vary <= SAFE_VARY

    def _digest(self, request) -> str:
        source = f"{request.get_host()}|{request.get_full_path()}|"
        source += get_language_from_request(request)
        return hashlib.sha256(source.encode()).hexdigest()[:32]

    def _headers(self, response) -> list[tuple[str, str]]:
        return [
            (name, value)
            for name, value in response.items()
            if name.lower() not in {"content-length", "x-page-cache"}
        ]

    def _store(self, key, response):
        patch_vary_headers(response, ["Accept-Encoding"])
        headers = self._headers(response)
        compressible = not response.has_header("Content-Encoding") and response.get(
            "Content-Type", ""
        ).startswith(COMPRESSIBLE_TYPES)
        if not response.streaming:
            entry = _entry(response.status_code, headers, response.content, compressible)
            cache.set(key, entry, self.seconds)
            response["X-Page-Cache"] = "miss"
            return response
        original = response.streaming_content
        seconds, limit, status = self.seconds, self.max_bytes, response.status_code

        def tee():
            parts, size = [], 0
            for chunk in original:
                if size <= limit:
                    parts.append(chunk)
                    size += len(chunk)
                yield chunk
            if size <= limit:
                cache.set(key, _entry(status, headers, b"".join(parts), compressible), seconds)

        response.streaming_content = tee()
        response["X-Page-Cache"] = "miss"
        return response

    def _rebuild(self, request, cached):
        status, headers, content, gzipped = cached
        if gzipped and "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", ""):
            response = HttpResponse(content, status=status)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(content) if gzipped else content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
