"""The benchmark's harness pieces: load generator, results schema, settings, page table."""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest

from bench import report
from bench.load import Request, percentile, run_load, summarise

ROOT = Path(__file__).resolve().parents[2]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        status = 404 if self.path.startswith("/missing") else 200
        body = b"hello"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_port():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_load_generator_counts_requests_and_errors(http_port):
    plans = [[Request("GET", "/ok")], [Request("GET", "/ok"), Request("GET", "/missing")]]
    outcome, window = run_load(plans, [http_port], processes=2, duration=0.5, warmup=0.1)
    summary = summarise(outcome, window)
    assert summary["requests"] > 10
    assert 0 < summary["errors"] < summary["requests"]
    assert any("404" in sample for sample in summary["error_samples"])
    assert summary["p50_ms"] <= summary["p99_ms"]


def test_percentile():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 51.0 or percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([], 50) == 0.0


def _summary(rps, errors=0):
    return {
        "requests": int(rps * 10),
        "rps": rps,
        "p50_ms": 1000 / rps,
        "p99_ms": 3000 / rps,
        "errors": errors,
        "kb_per_response": 1.0,
        "error_samples": [],
        "url": "/x/",
    }


def test_results_document_has_the_issue_schema_and_checks(tmp_path):
    options = SimpleNamespace(
        output=tmp_path / "results.json",
        servers=2,
        workers=2,
        worker_class="sync",
        threads=1,
        clients=8,
        client_processes=2,
        duration=10,
        warmup=2,
    )
    read = SimpleNamespace(kind="read", describes="a page")
    signed_in = SimpleNamespace(kind="signed-in read", describes="a page, signed in")
    write = SimpleNamespace(kind="write", describes="posts")
    document = report.write_results(
        options=options,
        machine={"cpus": 2},
        targets={"counts": {}, "seconds": {}, "load_seconds": 1},
        floor_runs=[_summary(900), _summary(1000)],
        results={
            "home": (read, _summary(1500)),
            "home (signed in)": (signed_in, _summary(500)),
            "proposals p1": (read, _summary(400)),
            "proposals p200": (read, _summary(100)),
            "support POST": (write, _summary(200, errors=1)),
        },
        skipped=[],
        profiles={},
        mismatches={"proposal_support_count": 0, "pledge_join_count": 0},
        mismatches_before={},
        cache_location="locmem",
        total_seconds=1,
    )
    saved = json.loads(options.output.read_text())
    assert saved == document
    assert set(saved) >= {"machine", "pages", "floor", "count_mismatches"}
    assert saved["floor"] == {"rps": 1000, "p50_ms": 1.0, "p99_ms": 3.0}
    for page in saved["pages"]:
        assert set(page) == {"name", "rps", "p50_ms", "p99_ms", "errors", "floor_ratio"}
    ratios = {p["name"]: p["floor_ratio"] for p in saved["pages"]}
    assert ratios == {
        "home": 0.67,
        "home (signed in)": 2.0,
        "proposals p1": 2.5,
        "proposals p200": 10.0,
        "support POST": 5.0,
    }
    failed = {c["check"] for c in saved["details"]["checks"] if not c["ok"]}
    assert "deep page cost ≤ 1.5× first page" in failed
    assert "support POST: no errors" in failed
    assert "support POST: floor_ratio ≤ 4.0" in failed
    assert "home: floor_ratio ≤ 1.0" not in failed  # anonymous: from the page cache
    assert "proposals p1: floor_ratio ≤ 1.0" in failed
    assert "home (signed in): floor_ratio ≤ 3.0" not in failed
    assert not saved["details"]["all_checks_pass"]
    assert "floor" in report.format_table(saved)


def test_committed_results_follow_the_schema():
    path = ROOT / "bench" / "results.json"
    if not path.exists():
        pytest.skip("no bench/results.json committed yet")
    saved = json.loads(path.read_text())
    assert isinstance(saved["machine"], dict)
    assert isinstance(saved["count_mismatches"], int)
    assert set(saved["floor"]) == {"rps", "p50_ms", "p99_ms"}
    assert saved["pages"]
    for page in saved["pages"]:
        assert set(page) == {"name", "rps", "p50_ms", "p99_ms", "errors", "floor_ratio"}


def test_bench_settings_are_production_like():
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "from django.template import engines;"
        "loaders = settings.TEMPLATES[0]['OPTIONS']['loaders'];"
        "print(json.dumps({'debug': settings.DEBUG, 'urlconf': settings.ROOT_URLCONF,"
        " 'loader': loaders[0][0], 'hosts': settings.ALLOWED_HOSTS,"
        " 'db': settings.DATABASES['default']['NAME'],"
        " 'cache': settings.CACHES['default']['BACKEND']}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/citygoals_bench_settings_test",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    values = json.loads(out.strip().splitlines()[-1])
    assert values["debug"] is False
    assert values["urlconf"] == "bench.urls"
    assert values["loader"] == "django.template.loaders.cached.Loader"
    assert values["hosts"] == ["127.0.0.1", "localhost"]
    assert values["db"] == "citygoals_bench_settings_test"
    assert values["cache"] == "core.cache.ResilientRedisCache"  # what production runs


def test_bench_database_defaults_to_the_server_of_database_url(monkeypatch):
    from bench.config import bench_database_url, maintenance_url

    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgres://bob:pw@db.example:6543/citygoals")
    assert bench_database_url() == "postgres://bob:pw@db.example:6543/citygoals_bench"
    assert maintenance_url(bench_database_url()) == "postgres://bob:pw@db.example:6543/postgres"
    monkeypatch.setenv("DATABASE_URL", "sqlite:///db.sqlite3")
    assert bench_database_url() == "postgres://postgres@127.0.0.1:5432/citygoals_bench"


def test_every_issue_page_is_in_the_page_table():
    from bench.pages import PAGES

    names = {spec.name for spec in PAGES}
    assert names >= {
        "floor",
        "home",
        "goal index",
        "goal page",
        "proposals p1",
        "proposals p200",
        "proposal page",
        "organisation",
        "search",
        "proposals.csv",
        "support POST",
        "survey page",
        "survey POST",
        "survey results",
    }
