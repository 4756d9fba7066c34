"""A limit holds across processes sharing the cache, and counts in a sliding window.

The penetration test saw a "10 an hour" limit let 19-20 through with two workers, each
counting in its own memory. Here two separate Python processes, each a web worker with
the production cache backend pointed at one Redis (started for the test on a spare
port), hit the same "10 per hour" limit 10 times each at once: exactly 10 get through.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.test import RequestFactory

from core.abuse import hit

ROOT = Path(__file__).resolve().parents[2]

WORKER = """
import django, os, sys, time
django.setup()
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from core.abuse import hit
request = RequestFactory().post("/x", REMOTE_ADDR="203.0.113.9")
request.user = AnonymousUser()
start = float(sys.argv[1])
while time.time() < start:
    time.sleep(0.001)
print(sum(hit(request, "two-processes", 10, 3600) is None for _ in range(10)))
"""


def spare_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = spare_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_ten_per_hour_lets_exactly_ten_through_across_two_processes(redis_url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": "rate-limit-test",
        "PYTHONPATH": str(ROOT),
    }
    start = str(time.time() + 3)  # both processes begin together, once loaded
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, start],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    counts = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        counts.append(int(out.strip().splitlines()[-1]))
    assert sum(counts) == 10, counts


def test_the_window_slides(db):
    """Ten at 09:00 and 09:50: at 10:01 the first ten have left the window but the limit
    still counts the later ones, unlike a fixed hourly window that would reset at 10:00."""
    request = RequestFactory().post("/x")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with time_machine.travel("2026-03-02 09:00:00+00:00", tick=False) as traveller:
        assert all(hit(request, "slide", 10, 3600) is None for _ in range(5))
        traveller.shift(50 * 60)
        assert all(hit(request, "slide", 10, 3600) is None for _ in range(5))
        assert hit(request, "slide", 10, 3600) == 10 * 60  # the 09:00 ones free at 10:00
        traveller.shift(11 * 60)  # 10:01: the 09:00 five have gone, the 09:50 five count
        assert all(hit(request, "slide", 10, 3600) is None for _ in range(5))
        assert hit(request, "slide", 10, 3600) is not None
