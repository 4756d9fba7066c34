"""A small closed-loop load generator: a fixed number of clients, a fixed time.

Each client is a thread with its own keep-alive HTTP connection (``http.client``); the
clients are spread over several processes so that Python's GIL in the generator is not
what limits the measurement. A client sends its next request as soon as the previous
response has been read in full (closed loop), so throughput and latency are those of the
server at that concurrency. Nothing here imports Django.
"""

from __future__ import annotations

import http.client
import multiprocessing
import threading
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    ok_statuses: tuple[int, ...] = (200,)


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    bytes_read: int = 0
    cache_hits: int = 0

    def merge(self, other: Outcome) -> None:
        self.latencies.extend(other.latencies)
        self.errors += other.errors
        self.bytes_read += other.bytes_read
        self.cache_hits += other.cache_hits
        for sample in other.error_samples:
            if len(self.error_samples) < 5:
                self.error_samples.append(sample)


def _client(port: int, plan: list[Request], start_at: float, measure_from: float, stop_at: float):
    outcome = Outcome()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    i = 0
    while time.monotonic() < start_at:
        time.sleep(0.001)
    while True:
        request = plan[i % len(plan)]
        i += 1
        headers = {
            "Host": "127.0.0.1",
            "Accept": "text/html,*/*",
            "Accept-Encoding": "gzip",  # as every browser sends (bodies are not unpacked)
            **dict(request.headers),
        }
        if request.body:
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        began = time.monotonic()
        if began >= stop_at:
            break
        problem = None
        hit = False
        try:
            conn.request(request.method, request.path, body=request.body or None, headers=headers)
            response = conn.getresponse()
            data = response.read()
            status = response.status
            hit = response.getheader("X-Page-Cache") == "hit"
            if status not in request.ok_statuses:
                problem = f"{request.method} {request.path} -> {status}"
            if response.will_close:
                conn.close()
        except (OSError, http.client.HTTPException) as exc:
            problem = f"{request.method} {request.path} -> {exc.__class__.__name__}: {exc}"
            data = b""
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        ended = time.monotonic()
        if began < measure_from:
            continue
        if ended > stop_at:
            break  # only whole requests inside the window count
        outcome.latencies.append(ended - began)
        outcome.bytes_read += len(data)
        outcome.cache_hits += hit
        if problem:
            outcome.errors += 1
            if len(outcome.error_samples) < 5:
                outcome.error_samples.append(problem)
    conn.close()
    return outcome


def _process(jobs, start_at, measure_from, stop_at, pipe):
    results = [None] * len(jobs)

    def run(k, port, plan):
        results[k] = _client(port, plan, start_at, measure_from, stop_at)

    threads = [
        threading.Thread(target=run, args=(k, port, plan)) for k, (port, plan) in enumerate(jobs)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = Outcome()
    for r in results:
        total.merge(r)
    pipe.send(total)
    pipe.close()


def run_load(
    plans: list[list[Request]],
    ports: list[int],
    processes: int,
    duration: float,
    warmup: float,
) -> tuple[Outcome, float]:
    """Run one client per plan (plans[k] is client k's request cycle), client k talking to
    ports[k % len(ports)], spread over ``processes`` processes. Returns the merged outcome
    of the measured window and the window's length in seconds."""
    ctx = multiprocessing.get_context("fork")
    start_at = time.monotonic() + 0.3
    measure_from = start_at + warmup
    stop_at = measure_from + duration
    per_process: list[list] = [[] for _ in range(processes)]
    for k, plan in enumerate(plans):
        per_process[k % processes].append((ports[k % len(ports)], plan))
    procs, pipes = [], []
    for jobs in per_process:
        if not jobs:
            continue
        parent, child = ctx.Pipe(duplex=False)
        p = ctx.Process(target=_process, args=(jobs, start_at, measure_from, stop_at, child))
        p.start()
        child.close()
        procs.append(p)
        pipes.append(parent)
    total = Outcome()
    for pipe in pipes:
        total.merge(pipe.recv())
    for p in procs:
        p.join()
    return total, duration


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    k = min(len(sorted_values) - 1, max(0, round(q / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def summarise(outcome: Outcome, window: float) -> dict:
    lat = sorted(outcome.latencies)
    return {
        "requests": len(lat),
        "rps": round(len(lat) / window, 1) if window else 0.0,
        "p50_ms": round(percentile(lat, 50) * 1000, 2),
        "p99_ms": round(percentile(lat, 99) * 1000, 2),
        "errors": outcome.errors,
        "kb_per_response": round(outcome.bytes_read / len(lat) / 1024, 1) if lat else 0.0,
        "cache_hit_ratio": round(outcome.cache_hits / len(lat), 3) if lat else 0.0,
        "error_samples": outcome.error_samples,
    }


def fetch(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    """One request, for warming up and for checking a page answers before loading it."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()
