"""``python -m bench scale``: how the proposal list's cost grows with the consultation.

One data set holds three consultations of 1,000, 10,000 and 50,000 proposals (and the
rest of the city). For each, the first page and a deep page (80 % of the way through,
most supported first) are loaded exactly as in ``bench run``; the floor is measured in
the same run. A paginated list should cost the same at every size: the growth
(requests per second at 1,000 divided by requests per second at 50,000) should stay
within 1.5.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import replace

from bench.progress import log

SIZES = (1_000, 10_000, 50_000)
GROWTH_TARGET = 1.5
# Each list anonymously (the page cache off: the list itself) and signed in (its people's
# own supports on every card), first and deep.
LABELS = ("first", "deep", "first signed in", "deep signed in")
SIGNED_IN_PEOPLE = 400


def scale_dataset():
    from bench.dataset import FULL

    others = 5_000
    return replace(
        FULL,
        consultations=10,
        consultation_sizes=SIZES,
        proposals=sum(SIZES) + others,
        supports=10 * (sum(SIZES) + others),
        comments=20_000,
        pledges=2_000,
        conditional_pledges=500,
        joins=10_000,
        pledge_updates=500,
    )


def deep_page(visible: int) -> int:
    """80 % of the way through the list."""
    from bench.pages import per_page

    return max(2, math.ceil(visible / per_page() * 0.8))


def run_scale(options) -> dict:
    from bench.runner import Servers, machine, prepare_data, setup_django

    started = time.monotonic()
    os.environ["BENCH_DATABASE_SUFFIX"] = "_scale"  # its own database (servers inherit it)
    cache_location = setup_django()
    machine_info = machine()
    from bench import pages as page_table
    from bench.cache import clear_bench_cache
    from bench.load import Request
    from bench.report import format_scale_table
    from bench.runner import build_plans, collectstatic, measure, visible_proposals
    from bench.sessions import choose_pairs, log_in

    targets = prepare_data(options, scale_dataset(), name="dataset-scale", search_index=False)
    collectstatic()
    clear_bench_cache()
    consultations = list(zip(SIZES, targets["consultation_ids"], strict=False))
    floor_spec = page_table.by_name("floor")

    targets["posters"] = log_in(
        choose_pairs(consultations[-1][1], targets["scale"]["people"], SIGNED_IN_PEOPLE)
    )

    def plans_for(url, signed_in=False):
        if signed_in:
            build = page_table.signed_in(lambda t, k, n: [Request("GET", url)])
            return [build(targets, k, options.clients) for k in range(options.clients)]
        return [[Request("GET", url)] for _ in range(options.clients)]

    sizes = []
    floor_runs = []
    with Servers(options, PAGE_CACHE_SECONDS="0") as ports:  # the lists themselves
        floor_plans = build_plans(floor_spec, targets, options.clients)
        floor_runs.append(measure(floor_spec, floor_plans, ports, options))
        for size, consultation_id in consultations:
            t = {
                **targets,
                "largest_consultation_id": consultation_id,
                "largest_consultation_url": targets["consultation_urls"][
                    targets["consultation_ids"].index(consultation_id)
                ],
            }
            entry = {"proposals": size, "consultation_id": consultation_id}
            entry["visible"] = visible = visible_proposals(consultation_id)
            deep = deep_page(visible)
            for label, page in zip(LABELS, (1, deep, 1, deep), strict=True):
                url = page_table.proposal_list_url(t, page)
                if url is None:
                    entry[label] = None
                    continue
                signed_in = label.endswith("signed in")
                log(f"loading {size:,} proposals, page {page}{' signed in' if signed_in else ''}")
                summary = measure(floor_spec, plans_for(url, signed_in), ports, options)
                log(f"  {summary['rps']:8.1f} req/s  p50 {summary['p50_ms']:7.2f} ms")
                entry[label] = {
                    "page": page,
                    "url": url,
                    **{k: summary[k] for k in ("rps", "p50_ms", "p99_ms", "errors")},
                }
            sizes.append(entry)

    floor = max(floor_runs, key=lambda s: s["rps"])
    floor = {k: floor[k] for k in ("rps", "p50_ms", "p99_ms")}
    for entry in sizes:
        for label in LABELS:
            if entry.get(label):
                entry[label]["floor_ratio"] = round(floor["rps"] / entry[label]["rps"], 2)
    growth, checks = {}, []
    smallest, largest = sizes[0], sizes[-1]
    for label in LABELS:
        if smallest.get(label) and largest.get(label) and largest[label]["rps"]:
            growth[label] = round(smallest[label]["rps"] / largest[label]["rps"], 2)
            checks.append(
                {
                    "check": f"{label} page: cost at {SIZES[-1]:,} ≤ {GROWTH_TARGET}× "
                    f"cost at {SIZES[0]:,}",
                    "value": growth[label],
                    "ok": growth[label] <= GROWTH_TARGET,
                }
            )
        else:
            checks.append({"check": f"{label} page measured", "value": None, "ok": False})
    errors = sum(e[label]["errors"] for e in sizes for label in LABELS if e.get(label))
    checks.append({"check": "no errors", "value": errors, "ok": errors == 0})
    document = {
        "machine": machine_info,
        "floor": floor,
        "sizes": sizes,
        "growth": growth,
        "details": {
            "ran_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "total_seconds": round(time.monotonic() - started, 1),
            "data_set": targets.get("counts"),
            "cache": cache_location,
            "servers": f"{options.servers} gunicorn servers × {options.workers} "
            f"{options.worker_class} workers",
            "clients": f"{options.clients} clients in {options.client_processes} processes",
            "duration_seconds": options.duration,
            "checks": checks,
            "all_checks_pass": all(c["ok"] for c in checks),
        },
    }
    options.output.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(format_scale_table(document))
    log(f"results written to {options.output}")
    from bench.runner import BENCH_DIR, refresh_readme

    if options.output == BENCH_DIR / "results-scale.json":
        refresh_readme()
    return document
