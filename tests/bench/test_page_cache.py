"""The anonymous whole-page cache: what it serves, what it never stores, what drops it."""

import pytest
from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.test import Client, override_settings
from django.urls import path
from django.views.decorators.cache import never_cache

from core.page_cache import AnonymousPageCacheMiddleware, bump, version

COUNTER = {"n": 0}


def counted(request):
    COUNTER["n"] += 1
    return HttpResponse(f"render {COUNTER['n']}")


def with_token(request):
    return HttpResponse(f"token {get_token(request)}")


@never_cache
def uncachable(request):
    COUNTER["n"] += 1
    return HttpResponse(f"render {COUNTER['n']}")


def streamed(request):
    COUNTER["n"] += 1
    return StreamingHttpResponse(iter([b"a,b\n", f"{COUNTER['n']},2\n".encode()]))


def big(request):
    COUNTER["n"] += 1
    return HttpResponse(("row,of,a,big,file\n" * 400).encode(), content_type="text/csv")


def write(request):
    return HttpResponse("saved")


def save_home(request):
    from home.models import HomePage

    page = HomePage.objects.get(depth=2)
    page.title = "Saved in a request"
    page.save()
    return HttpResponse("saved")


def failing_write(request):
    return HttpResponse("no", status=400)


urlpatterns = [
    path("page/", counted),
    path("token/", with_token),
    path("never/", uncachable),
    path("file.csv", streamed),
    path("big.csv", big),
    path("write/", write),
    path("save-home/", save_home),
    path("fail/", failing_write),
    path("admin/page/", counted),
]

PAGE_CACHE = "core.page_cache.AnonymousPageCacheMiddleware"
MIDDLEWARE = (
    settings.MIDDLEWARE
    if PAGE_CACHE in settings.MIDDLEWARE
    else ["django.middleware.security.SecurityMiddleware", PAGE_CACHE, *settings.MIDDLEWARE[1:]]
)

cache_on = override_settings(PAGE_CACHE_SECONDS=60, MIDDLEWARE=MIDDLEWARE, ROOT_URLCONF=__name__)


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=False)


@cache_on
def test_second_anonymous_visit_is_served_from_the_cache(client):
    first = client.get("/page/")
    second = client.get("/page/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    other = client.get("/page/?page=2")  # the query string is part of the key
    assert other["X-Page-Cache"] == "miss"
    assert other.content != first.content


@cache_on
def test_a_successful_write_request_drops_every_cached_page(client):
    before = client.get("/page/").content
    assert client.get("/page/")["X-Page-Cache"] == "hit"
    client.post("/fail/")  # refused: nothing changed, the cache stays
    assert client.get("/page/")["X-Page-Cache"] == "hit"
    client.post("/write/")
    after = client.get("/page/")
    assert after["X-Page-Cache"] == "miss"
    assert after.content != before


@pytest.mark.django_db
@cache_on
def test_saving_content_drops_cached_pages(client, home_page, django_capture_on_commit_callbacks):
    client.get("/page/")
    assert client.get("/page/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        home_page.title = "Lowbridge, renamed"
        home_page.save()
    assert client.get("/page/")["X-Page-Cache"] == "miss"


@pytest.mark.django_db
@cache_on
def test_a_save_inside_a_transaction_drops_pages_once_committed(
    django_capture_on_commit_callbacks,
):
    start = version()
    with django_capture_on_commit_callbacks(execute=True):
        bump()
        assert version() == start  # not before the commit
    assert version() == start + 1


@cache_on
def test_signed_in_people_and_htmx_requests_are_never_cached(client):
    client.cookies[settings.SESSION_COOKIE_NAME] = "some-session"
    assert "X-Page-Cache" not in client.get("/page/")
    anonymous = Client()
    assert "X-Page-Cache" not in anonymous.get("/page/", HTTP_HX_REQUEST="true")
    assert "X-Page-Cache" not in anonymous.get("/admin/page/")


@cache_on
def test_pages_that_issue_a_csrf_token_or_forbid_caching_are_not_stored(client):
    first = client.get("/token/")
    assert first.cookies  # the CSRF cookie
    assert Client().get("/token/").content != first.content
    assert "X-Page-Cache" not in Client().get("/token/")
    a = client.get("/never/").content
    b = client.get("/never/").content
    assert a != b


@cache_on
def test_streamed_files_are_cached_once_read(client):
    first = client.get("/file.csv")
    body = b"".join(first.streaming_content)
    second = client.get("/file.csv")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == body


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_cache_is_off_when_its_lifetime_is_zero():
    from django.core.exceptions import MiddlewareNotUsed

    with pytest.raises(MiddlewareNotUsed):
        AnonymousPageCacheMiddleware(lambda request: HttpResponse())


@cache_on
def test_a_write_made_by_another_process_is_seen_at_once(client):
    from core.page_cache import _bump_now

    first = client.get("/page/")
    assert client.get("/page/")["X-Page-Cache"] == "hit"
    _bump_now()  # as another web process or a background task would
    again = client.get("/page/")
    assert again["X-Page-Cache"] == "miss"
    assert again.content != first.content
    assert client.get("/page/")["X-Page-Cache"] == "hit"


@cache_on
def test_large_text_is_kept_gzipped_and_sent_gzipped_to_who_accepts_it(client):
    import gzip

    first = client.get("/big.csv")
    assert first["X-Page-Cache"] == "miss"
    assert "Accept-Encoding" in first["Vary"]
    compressed = client.get("/big.csv", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert compressed["X-Page-Cache"] == "hit"
    assert compressed["Content-Encoding"] == "gzip"
    assert len(compressed.content) < len(first.content) / 10
    assert gzip.decompress(compressed.content) == first.content
    plain = client.get("/big.csv")
    assert plain["X-Page-Cache"] == "hit"
    assert not plain.has_header("Content-Encoding")
    assert plain.content == first.content


@pytest.mark.django_db
@cache_on
def test_a_write_request_drops_the_pages_once_however_much_it_saves(
    client, home_page, django_capture_on_commit_callbacks
):
    from core.page_cache import _bump_now

    start = version()
    with django_capture_on_commit_callbacks() as callbacks:
        client.post("/save-home/")
    assert version() == start + 1  # by the middleware, once answered
    assert _bump_now not in callbacks  # the saves inside the request did not queue more
