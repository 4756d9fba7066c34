"""``python -m bench profile``: where each page spends its time, in-process.

Uses the data set of the last ``bench run`` (it does not rebuild it). For each page it
sends a few requests through Django's test client with bench.settings and prints the
median time, the query count and the slowest queries (with their plan's scans); with
``--cprofile`` also the functions that take the most time. For finding what to fix;
the throughput figures come from ``bench run``.
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import statistics
import time

from bench.explain import _scans, _send


def run_profile(options, repeat: int = 5, use_cprofile: bool = False, show_sql: bool = False):
    from bench.runner import DATA_DIR, setup_django

    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import pages as page_table
    from bench.sessions import choose_pairs, choose_pledges, log_in

    targets = json.loads((DATA_DIR / "dataset.json").read_text())
    targets["deep_page"] = 200
    pairs = choose_pairs(targets["largest_consultation_id"], 50_000, 4)
    targets["posters"] = log_in(pairs, choose_pledges([user for user, _ in pairs]))
    for spec in page_table.PAGES:
        if options.pages and spec.name not in options.pages:
            continue
        plan = spec.build(targets, 0, 1)
        if not plan:
            print(f"{spec.name:<28} no URL yet")
            continue
        client = Client()
        timings = []
        captured = None
        for _ in range(repeat):
            for request in plan[:2]:
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    response = _send(client, request)
                if request is plan[0]:
                    timings.append((time.perf_counter() - started) * 1000)
                    captured = queries.captured_queries
        print(
            f"{spec.name:<28} {response.status_code} median {statistics.median(timings):7.1f} ms"
            f"  {len(captured)} queries  {plan[0].path}"
        )
        slow = sorted(captured, key=lambda q: float(q["time"]), reverse=True)[:3]
        for q in slow:
            if float(q["time"]) < 0.002 and not show_sql:
                continue
            scans = ""
            if q["sql"].lstrip().upper().startswith("SELECT"):
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE) " + q["sql"])
                    plan_text = "\n".join(r[0] for r in cursor.fetchall())
                scans = ", ".join(_scans(plan_text)[:3])
            print(f"    {float(q['time']) * 1000:6.1f} ms  {q['sql'][:160]}")
            if scans:
                print(f"               {scans}")
        if use_cprofile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(repeat):
                response = _send(client, plan[0])
                if len(plan) > 1:
                    _send(client, plan[1])
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())
