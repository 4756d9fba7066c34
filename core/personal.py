"""Pages shared by everyone, with holes for what is personal.

Most of a page is the same for everyone. What differs per person is small: the account
links, the messages, whether they support an idea, their supports left, whether they
follow, the forms they may use. Templates mark each such spot with
``{% personal "name" part … %}`` (``core/templatetags/personal.py``), which writes a hole:
an HTML comment that resident text can never contain, since all of it is escaped.
:class:`PersonalHolesMiddleware` fills every hole of a response for the request it
answers, one renderer call per hole name with all of that name's holes (one or two
queries for the whole page, never one per row).

For signed-in people it also keeps the page itself, as the anonymous page cache
(``core.page_cache``) does for visitors: a signed-in GET is answered from the *shared
page*, kept under the content version, and filled for the person. On a miss the shared
page is rendered by running the view for an anonymous twin of the request: no session,
no user, no messages, no cookies. So nothing one person may see and another may not can
enter it: it is rendered for nobody. A page the twin cannot have as it is (a restricted
page redirects it, a form outside a hole issues a CSRF token, the view keeps something
in the session or adds a message) is not shared: it is rendered for the person as
before, and remembered as such until the content changes.

Sharing is opted into, view by view (:func:`shared_page`) and page type by page type
(:class:`SharedPageMixin`), once every personal part of the page is a hole; the test of
each (tests/core/test_shared_pages.py) compares the shared page, filled, with the page
rendered afresh for a person who has supported, followed, commented and pledged.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import re
import zlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage import default_storage
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core import page_cache

#: A hole: ``<!--personal:name:part,part-->``; parts are ids and plain words.
HOLE = re.compile(r"<!--personal:([a-z][a-z0-9_]*):([\w.,-]*)-->", re.ASCII)
SAFE_PART = re.compile(r"[\w.-]*", re.ASCII)
#: Written for the CSP nonce in a shared page; each person's page gets its own nonce.
NONCE_PLACEHOLDER = "personal-csp-nonce-placeholder"
NOT_SHARED = "not-shared"
#: Below this, a shared page is kept as it is; above, compressed (a sixth of the space).
COMPRESS_MIN_BYTES = 8 * 1024

#: ``name -> renderer(request, holes) -> list of HTML``, where ``holes`` is a list of
#: each hole's parts (a list of strings) and the answer is in the same order. Apps add
#: theirs with :func:`renderer` (in their ``AppConfig.ready`` or at import of a module
#: the app config imports).
RENDERERS: dict[str, Callable] = {}


def renderer(name: str):
    """Register the function that fills every ``name`` hole of a page at once."""

    def register(function):
        RENDERERS[name] = function
        return function

    return register


def one_by_one(function: Callable) -> Callable:
    """A renderer from a function of one hole (``function(request, *parts)``), for holes
    that appear once a page and need no query to batch."""

    def render(request, holes):
        return [function(request, *parts) for parts in holes]

    return render


def hole(name: str, *parts) -> SafeString:
    """The hole for ``name`` with ``parts`` (ids, plain words), as the template tag
    writes it."""
    if name not in RENDERERS:
        raise KeyError(f"No renderer for personal holes named {name!r}.")
    text = ",".join("" if part is None else str(part) for part in parts)
    if not all(SAFE_PART.fullmatch(part) for part in text.split(",")):
        raise ValueError(f"Hole parts must be ids or plain words: {text!r}.")
    return mark_safe(f"<!--personal:{name}:{text}-->")  # noqa: S308 - checked above


def fill(request, html: str) -> str:
    """``html`` with every hole filled for ``request`` and the shared page's nonce
    replaced by the request's own."""
    if NONCE_PLACEHOLDER in html:
        html = html.replace(NONCE_PLACEHOLDER, escape(str(request.csp_nonce)))
    holes = HOLE.findall(html)
    if not holes:
        return html
    by_name: dict[str, list[str]] = {}
    for name, parts in holes:
        seen = by_name.setdefault(name, [])
        if parts not in seen:
            seen.append(parts)
    filled = {}
    for name, part_texts in by_name.items():
        outputs = RENDERERS[name](request, [text.split(",") if text else [] for text in part_texts])
        filled.update(
            {(name, text): str(output) for text, output in zip(part_texts, outputs, strict=True)}
        )
    return HOLE.sub(lambda match: filled[(match[1], match[2])], html)


def shared_page(view=None, *, unless: Callable | None = None):
    """For a view whose every personal part is a hole: signed-in people get its page
    from the shared page, but for those ``unless(request, **url_kwargs)`` says see more
    than the public there (a moderator, an author of ideas still waiting), who get it
    rendered for them."""
    if view is None:
        return functools.partial(shared_page, unless=unless)

    @functools.wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.shared_page = True
        return response

    marked.shared_page = True
    marked.sees_more_than_public = unless
    return marked


class SharedPageMixin:
    """For a Wagtail page type whose every personal part is a hole (see
    :func:`shared_page`)."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        response.shared_page = True
        return response


def _shared_view(request):
    """The URL match of ``request`` when its view may answer from the shared page: a
    view marked :func:`shared_page`, or Wagtail's (whose page types say so on their
    response); otherwise ``None``."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    view = match.func
    if view.__module__ == "wagtail.views" or getattr(view, "shared_page", False):
        return match
    return None


def _is_html(response) -> bool:
    return not response.streaming and response.get("Content-Type", "").startswith("text/html")


class PersonalHolesMiddleware:
    """Fills the holes of every HTML response; answers signed-in GETs from the shared
    page. The innermost middleware: the session, the user, the messages and the CSRF
    token of the request are in place when the holes are filled, and the outer
    middleware (cookies, the CSP header, ``Cache-Control: private``) applies to the
    person's page as to any other."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = int(getattr(settings, "PAGE_CACHE_SECONDS", 0))
        self.excluded = tuple(
            getattr(settings, "PAGE_CACHE_EXCLUDED_PREFIXES", page_cache.DEFAULT_EXCLUDED_PREFIXES)
        )

    def __call__(self, request):
        if self._shareable(request):
            response = self._from_shared_page(request)
        else:
            response = self.get_response(request)
        if _is_html(response):
            content = response.content.decode(response.charset)
            filled = fill(request, content)
            if filled is not content:
                response.content = filled
        return response

    # The shared page ------------------------------------------------------------------

    def _shareable(self, request) -> bool:
        if (
            self.seconds <= 0
            or request.method != "GET"
            or request.path.startswith(self.excluded)
            or "HTTP_HX_REQUEST" in request.META
        ):
            return False
        match = _shared_view(request)
        if match is None or not request.user.is_authenticated:
            return False
        unless = getattr(match.func, "sees_more_than_public", None)
        return not (unless and unless(request, *match.args, **match.kwargs))

    def _key(self, request) -> str:
        source = f"{request.get_host()}|{request.get_full_path()}|{request.LANGUAGE_CODE}"
        digest = hashlib.sha256(source.encode()).hexdigest()[:32]
        return f"shared_page:{page_cache.version()}:{digest}"

    def _from_shared_page(self, request):
        key = self._key(request)
        kept = cache.get(key)
        if kept == NOT_SHARED:
            return self.get_response(request)
        if kept is not None:
            status, headers, content = kept
            response = HttpResponse(
                zlib.decompress(content) if isinstance(content, bytes) else content,
                status=status,
            )
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "shared"
            return response
        twin = _anonymous_twin(request)
        response = self.get_response(twin)
        if not self._keepable(twin, response):
            cache.set(key, NOT_SHARED, self.seconds)
            return self.get_response(request)
        content = response.content.decode(response.charset)
        kept_content = (
            zlib.compress(content.encode(), 1) if len(content) >= COMPRESS_MIN_BYTES else content
        )
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in {"content-length", "x-page-cache"}
        ]
        cache.set(key, (response.status_code, headers, kept_content), self.seconds)
        response["X-Page-Cache"] = "shared"
        return response

    def _keepable(self, twin, response) -> bool:
        if not getattr(response, "shared_page", False):
            return False
        if response.status_code != 200 or response.cookies or not _is_html(response):
            return False
        if twin.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False  # a form outside a hole: its token would be everyone's
        if twin.session.modified or twin._messages._queued_messages:
            return False  # kept something for the twin that the person would lose
        control = {
            part.strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", ""))
            if part.strip()
        }
        vary = {
            part.strip().lower()
            for part in cc_delim_re.split(response.get("Vary", ""))
            if part.strip()
        }
        return not control & page_cache.UNCACHEABLE_CONTROL and vary <= page_cache.SAFE_VARY


def _anonymous_twin(request):
    """The request as a visitor without cookies would send it: no session, no user, no
    messages, and a placeholder for the CSP nonce. Everything else (the path, the
    host, the language, the Wagtail site) is the request's own."""
    from importlib import import_module

    twin = copy.copy(request)
    twin.META = {
        name: value
        for name, value in request.META.items()
        if name not in {"HTTP_COOKIE", "CSRF_COOKIE", "CSRF_COOKIE_NEEDS_UPDATE"}
    }
    twin.COOKIES = {}
    engine = import_module(settings.SESSION_ENGINE)
    twin.session = engine.SessionStore()
    twin.user = twin._cached_user = AnonymousUser()
    twin._messages = default_storage(twin)
    twin.csp_nonce = NONCE_PLACEHOLDER
    return twin
