"""Which queries each page runs, and how PostgreSQL executes the slowest of them.

Each page is requested once in-process through Django's test client with the cache
emptied (the cost of a cache miss), its queries are captured, and the slowest SELECTs
are run again under ``EXPLAIN (ANALYZE, BUFFERS)``. The plan shows whether an index is
used; the query count shows there is no query per row.
"""

from __future__ import annotations

import re

SCAN = re.compile(
    r"(Index Only Scan(?: Backward)? using \S+ on \S+|Index Scan(?: Backward)? using \S+ on \S+"
    r"|Bitmap Index Scan on \S+|Seq Scan on \S+)"
)


def _scans(plan: str) -> list[str]:
    seen = []
    for match in SCAN.findall(plan):
        if match not in seen:
            seen.append(match)
    return seen


def _execution_ms(plan: str) -> float:
    match = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return float(match.group(1)) if match else 0.0


def profile_page(client, request, top: int = 2) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.cache import clear_bench_cache

    clear_bench_cache()
    with CaptureQueriesContext(connection) as cold:
        response = _send(client, request)
    with CaptureQueriesContext(connection) as warm:
        _send(client, request)
    selects = [
        q
        for q in cold.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT") and "FOR UPDATE" not in q["sql"].upper()
    ]
    selects.sort(key=lambda q: float(q["time"]), reverse=True)
    plans = []
    with connection.cursor() as cursor:
        for q in selects[:top]:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            plans.append(
                {
                    "sql": q["sql"],
                    "execution_ms": _execution_ms(plan),
                    "scans": _scans(plan),
                    "plan": plan,
                }
            )
    return {
        "status": response.status_code,
        "queries_cold": len(cold.captured_queries),
        "queries_warm": len(warm.captured_queries),
        "sql_ms_cold": round(sum(float(q["time"]) for q in cold.captured_queries) * 1000, 2),
        "hot_queries": plans,
    }


def _send(client, request):
    headers = dict(request.headers)
    cookie = headers.pop("Cookie", None)
    if cookie:
        for part in cookie.split("; "):
            name, _, value = part.partition("=")
            client.cookies[name] = value
    if request.method == "GET":
        response = client.get(request.path, HTTP_HOST="127.0.0.1")
    else:
        response = client.post(
            request.path,
            data=request.body,
            content_type="application/x-www-form-urlencoded",
            HTTP_HOST="127.0.0.1",
        )
    if getattr(response, "streaming", False):
        response.content_bytes = b"".join(response.streaming_content)  # runs its queries
    return response
