"""With the cache unreachable the site serves without it (core/cache.py).

A penetration test killed Redis and every page and POST answered 500 while /healthz
said "ok"; a support POST answered 500 although it was saved. Here the cache points at
a closed port on this machine: pages render uncached, a support is saved exactly once
and answered with success, sessions live in the database, and /healthz says so.
"""

import socket

import pytest
from django.db import connection
from django.urls import reverse

from tests.security.matrix import make_things

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A port on the loopback that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def cache_down(settings):
    if connection.vendor != "postgresql":
        pytest.skip("the fault test runs on PostgreSQL, as production does")
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PAGE_CACHE_SECONDS = 60
    yield


def test_pages_and_a_support_answer_without_a_server_error(client, world, cache_down, resident):
    from consultations.models import Support

    things = make_things(world)
    proposal = things["proposal"]
    for path in (
        "/",
        world.goal.url,
        reverse("consultations:proposals", kwargs={"consultation_id": world.consultation.pk}),
        reverse("consultations:all_proposals"),
        proposal.get_absolute_url(),
    ):
        response = client.get(path)
        assert response.status_code == 200, path

    client.force_login(resident)  # the session is written to the database
    response = client.post(reverse("consultations:support", kwargs={"pk": proposal.pk}))
    assert response.status_code == 302
    assert Support.objects.filter(proposal=proposal, user=resident).count() == 1
    response = client.get(proposal.get_absolute_url())  # still signed in, from the database
    assert response.status_code == 200
    page = response.content.decode()  # the shared page could not be kept: rendered, filled
    assert "Sign out" in page and "You support this idea." in page

    client.post(reverse("consultations:support", kwargs={"pk": proposal.pk}))  # again
    assert Support.objects.filter(proposal=proposal, user=resident).count() == 1


def test_healthz_reports_the_cache_as_unavailable_with_a_200(client, db, cache_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "cache": "unavailable"}


def test_healthz_reports_a_working_cache(client, db):
    assert client.get("/healthz").json() == {"status": "ok", "cache": "ok"}


def test_the_resilient_cache_answers_like_an_empty_cache_when_down(caplog):
    from core.cache import ResilientRedisCache

    down = ResilientRedisCache(f"redis://127.0.0.1:{closed_port()}/0", {})
    assert down.get("k", "default") == "default"
    assert down.set("k", 1) is None
    assert down.add("k", 1) is True
    assert down.incr("k", 3) == 3
    assert down.get_many(["k"]) == {}
    assert down.delete("k") is False
    assert down.is_available() is False
    warnings = [r for r in caplog.records if r.name == "core.cache"]
    assert len(warnings) == 1  # logged once, not once per call


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server of this test's own, on a spare port, that the test can stop and
    start again."""
    import shutil
    import subprocess
    import time

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = closed_port()
    processes = []

    def start():
        process = subprocess.Popen(
            [binary, "--port", str(port), "--save", "", "--appendonly", "no"],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
        )
        processes.append(process)
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop():
        processes[-1].terminate()
        processes[-1].wait(5)

    start()
    yield port, start, stop
    for process in processes:
        if process.poll() is None:
            process.terminate()
            process.wait(5)


def test_the_cache_serves_again_once_its_server_is_back(own_redis, monkeypatch):
    """One redis-py client is kept per pool: it must survive the server going away."""
    from core import cache as cache_module

    monkeypatch.setattr(cache_module, "RETRY_AFTER", 0.0)
    port, start, stop = own_redis
    redis_cache = cache_module.ResilientRedisCache(f"redis://127.0.0.1:{port}/0", {})
    redis_cache.set("greeting", "hello")
    assert redis_cache.get("greeting") == "hello"

    stop()
    assert redis_cache.get("greeting", "missed") == "missed"
    assert redis_cache.is_available() is False

    start()  # an empty server: what it held is gone, and new writes are kept
    assert redis_cache.get("greeting", "missed") == "missed"
    redis_cache.set("greeting", "hello again")
    assert redis_cache.get("greeting") == "hello again"
    assert redis_cache.is_available() is True


def test_incr_counts_an_existing_key_and_refuses_a_missing_one(own_redis):
    """As Django's cache API says: ``incr`` of a missing key raises ``ValueError`` (the
    content versions start again from there), of an existing one adds ``delta``."""
    from core.cache import ResilientRedisCache

    port, _start, _stop = own_redis
    redis_cache = ResilientRedisCache(f"redis://127.0.0.1:{port}/0", {})
    with pytest.raises(ValueError):
        redis_cache.incr("version")
    assert redis_cache.get("version") is None  # nothing was created
    redis_cache.set("version", 7)
    assert redis_cache.incr("version") == 8
    assert redis_cache.incr("version", 5) == 13
    assert redis_cache.get("version") == 13
