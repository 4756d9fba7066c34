"""bench/results.json and the table printed after a run."""

from __future__ import annotations

import datetime as dt
import json

CACHED_TARGET = 1.0  # anonymous pages, from the page cache
READ_TARGET = 3.0  # signed-in pages, rendered for the person
WRITE_TARGET = 4.0
DEEP_TARGET = 1.5


def _ratio(floor_rps: float, rps: float) -> float | None:
    return round(floor_rps / rps, 2) if rps else None


def write_results(
    *,
    options,
    machine,
    targets,
    floor_runs,
    results,
    skipped,
    profiles,
    mismatches,
    mismatches_before,
    cache_location,
    total_seconds,
    uncached=None,
    uncached_floor=None,
) -> dict:
    floor_best = max(floor_runs, key=lambda s: s["rps"]) if floor_runs else None
    floor = (
        {k: floor_best[k] for k in ("rps", "p50_ms", "p99_ms")}
        if floor_best
        else {"rps": 0.0, "p50_ms": 0.0, "p99_ms": 0.0}
    )
    pages = []
    checks = []
    for name, (spec, summary) in results.items():
        ratio = _ratio(floor["rps"], summary["rps"])
        pages.append(
            {
                "name": name,
                "rps": summary["rps"],
                "p50_ms": summary["p50_ms"],
                "p99_ms": summary["p99_ms"],
                "errors": summary["errors"],
                "floor_ratio": ratio,
            }
        )
        target = getattr(spec, "target", None) or {
            "write": WRITE_TARGET,
            "read": CACHED_TARGET,
        }.get(spec.kind, READ_TARGET)
        checks.append(
            {
                "check": f"{name}: floor_ratio ≤ {target}",
                "value": ratio,
                "ok": ratio is not None and ratio <= target,
            }
        )
        checks.append(
            {"check": f"{name}: no errors", "value": summary["errors"], "ok": not summary["errors"]}
        )
    by_name = {p["name"]: p for p in pages}
    deep_as_deployed = None
    if "proposals p1" in by_name and "proposals p200" in by_name:
        first, deep = by_name["proposals p1"], by_name["proposals p200"]
        deep_as_deployed = round(first["rps"] / deep["rps"], 2) if deep["rps"] else None
        if not uncached:  # otherwise checked below, where the list itself is measured
            checks.append(
                {
                    "check": f"deep page cost ≤ {DEEP_TARGET}× first page",
                    "value": deep_as_deployed,
                    "ok": deep_as_deployed is not None and deep_as_deployed <= DEEP_TARGET,
                }
            )
    uncached_pages = []
    if uncached:
        base = (
            max(uncached_floor, key=lambda s: s["rps"])["rps"] if uncached_floor else floor["rps"]
        )
        for name, (_spec, summary) in uncached.items():
            uncached_pages.append(
                {
                    "name": name,
                    **{k: summary[k] for k in ("rps", "p50_ms", "p99_ms", "errors")},
                    "floor_ratio": _ratio(base, summary["rps"]),
                }
            )
        u = {p["name"]: p for p in uncached_pages}
        if "proposals p1" in u and "proposals p200" in u and u["proposals p200"]["rps"]:
            deep_ratio = round(u["proposals p1"]["rps"] / u["proposals p200"]["rps"], 2)
            checks.append(
                {
                    "check": f"deep page cost ≤ {DEEP_TARGET}× first page, page cache off",
                    "value": deep_ratio,
                    "ok": deep_ratio <= DEEP_TARGET,
                }
            )
    count_total = sum(mismatches.values())
    checks.append({"check": "count mismatches = 0", "value": count_total, "ok": count_total == 0})
    for entry in skipped:
        checks.append({"check": f"{entry['name']}: measured", "value": None, "ok": False})

    explain = []
    for name, profile in profiles.items():
        explain.append({"page": name, **profile})

    document = {
        "machine": machine,
        "pages": pages,
        "floor": floor,
        "count_mismatches": count_total,
        "explain": explain,
        "details": {
            "ran_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "total_seconds": round(total_seconds, 1),
            "data_load_seconds": targets.get("load_seconds"),
            "data_set": targets.get("counts"),
            "data_set_timings": targets.get("seconds"),
            "servers": (
                f"{options.servers} gunicorn servers × {options.workers} {options.worker_class}"
                " workers"
                + (f" × {options.threads} threads" if options.worker_class == "gthread" else "")
                + ", --preload, bench.settings (DEBUG off, cached templates)"
            ),
            "cache": cache_location,
            "clients": f"{options.clients} clients in {options.client_processes} processes",
            "duration_seconds": options.duration,
            "warmup_seconds": options.warmup,
            "floor_runs": floor_runs,
            "pages_uncached": uncached_pages,
            "deep_page_ratio_as_deployed": deep_as_deployed,
            "floor_uncached_runs": uncached_floor or [],
            "pages": {
                name: {k: v for k, v in summary.items() if k not in {"error_samples"}}
                | {"error_samples": summary["error_samples"], "describes": spec.describes}
                for name, (spec, summary) in results.items()
            },
            "skipped": skipped,
            "count_mismatches": mismatches,
            "count_mismatches_before_load": mismatches_before,
            "checks": checks,
            "all_checks_pass": all(c["ok"] for c in checks),
        },
    }
    options.output.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return document


def format_table(document: dict) -> str:
    floor = document["floor"]
    lines = []
    header = f"{'page':<28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'floor×':>7}"
    lines.append(header)
    lines.append("-" * len(header))
    lines.append(
        f"{'floor':<28} {floor['rps']:>8.1f} {floor['p50_ms']:>8.2f} {floor['p99_ms']:>8.2f}"
        f" {'':>6} {'1.00':>7}"
    )
    details = document.get("details", {})
    for page in document["pages"]:
        ratio = "—" if page["floor_ratio"] is None else f"{page['floor_ratio']:.2f}"
        hits = details.get("pages", {}).get(page["name"], {}).get("cache_hit_ratio")
        lines.append(
            f"{page['name']:<28} {page['rps']:>8.1f} {page['p50_ms']:>8.2f} "
            f"{page['p99_ms']:>8.2f} {page['errors']:>6} {ratio:>7}"
            + (f"  cache hits {hits:.0%}" if hits else "")
        )
    for entry in details.get("skipped", []):
        lines.append(f"{entry['name']:<28} {'skipped: ' + entry['reason']}")
    if details.get("pages_uncached"):
        lines.append("")
        lines.append("page cache off (every request rendered):")
        for page in details["pages_uncached"]:
            ratio = "—" if page["floor_ratio"] is None else f"{page['floor_ratio']:.2f}"
            lines.append(
                f"{page['name']:<28} {page['rps']:>8.1f} {page['p50_ms']:>8.2f} "
                f"{page['p99_ms']:>8.2f} {page['errors']:>6} {ratio:>7}"
            )
    lines.append("")
    lines.append(f"count mismatches: {document['count_mismatches']}")
    if document.get("explain"):
        lines.append("")
        lines.append(f"{'page':<28} {'queries':>7} {'warm':>5} {'slowest SELECT':>14}  plan")
        for entry in document["explain"]:
            if "error" in entry:
                lines.append(f"{entry['page']:<28} error: {entry['error']}")
                continue
            hot = entry["hot_queries"][0] if entry["hot_queries"] else None
            ms = f"{hot['execution_ms']:.2f} ms" if hot else "—"
            scans = ", ".join(hot["scans"][:2]) if hot else ""
            lines.append(
                f"{entry['page']:<28} {entry['queries_cold']:>7} {entry['queries_warm']:>5}"
                f" {ms:>14}  {scans[:90]}"
            )
    if details.get("checks"):
        lines.append("")
        for check in details["checks"]:
            mark = "ok  " if check["ok"] else "FAIL"
            lines.append(f"[{mark}] {check['check']} ({check['value']})")
    if details.get("total_seconds") is not None:
        lines.append("")
        lines.append(
            f"total {details['total_seconds']}s (data set {details.get('data_load_seconds')}s)"
        )
    return "\n".join(lines)


def print_table(document: dict) -> None:
    print(format_table(document))


def format_scale_table(document: dict) -> str:
    floor = document["floor"]
    lines = [
        f"floor: {floor['rps']:.1f} req/s, p50 {floor['p50_ms']:.2f} ms",
        "",
        f"{'proposals':>10} {'page':>6} {'':<10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}"
        f" {'errors':>6} {'floor×':>7}",
    ]
    for entry in document["sizes"]:
        for label in ("first", "deep", "first signed in", "deep signed in"):
            if label not in entry:
                continue  # a run from before the signed-in rows
            row = entry.get(label)
            if not row:
                lines.append(f"{entry['proposals']:>10,} {label:>6} not measured")
                continue
            who = "signed in" if label.endswith("signed in") else ""
            lines.append(
                f"{entry['proposals']:>10,} {row['page']:>6} {who:<10} {row['rps']:>8.1f} "
                f"{row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f} {row['errors']:>6} "
                f"{row.get('floor_ratio', 0):>7.2f}"
            )
    lines.append("")
    for check in document["details"]["checks"]:
        mark = "ok  " if check["ok"] else "FAIL"
        lines.append(f"[{mark}] {check['check']} ({check['value']})")
    return "\n".join(lines)


def machine_summary(machine: dict) -> str:
    parts = [
        machine.get("model_name", "unknown CPU"),
        f"{machine.get('cpus', '?')} CPUs",
        f"{machine.get('memory_gb', '?')} GB RAM",
        f"PostgreSQL {machine.get('postgresql', '?')}",
        f"Python {machine.get('python', '?')}",
        f"Django {machine.get('django', '?')}",
        f"Wagtail {machine.get('wagtail', '?')}",
        f"gunicorn {machine.get('gunicorn', '?')}",
    ]
    load = machine.get("load_average")
    if load:
        parts.append(f"load average at start {load}")
    return ", ".join(str(p) for p in parts)


def update_readme(readme, run_document: dict | None, scale_document: dict | None) -> None:
    """Put the latest tables between the results markers of bench/README.md."""
    text = readme.read_text()
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    if start not in text or end not in text:
        return
    blocks = []
    if run_document:
        details = run_document.get("details", {})
        blocks.append(
            f"`make bench`, {details.get('ran_at', '')}: "
            f"{machine_summary(run_document['machine'])}."
            f" {details.get('servers', '')}; {details.get('clients', '')};"
            f" {details.get('duration_seconds')} s per page.\n\n```\n"
            + format_table(run_document)
            + "\n```"
        )
    if scale_document:
        blocks.append(
            f"`make bench-scale`, {scale_document['details'].get('ran_at', '')}:\n\n```\n"
            + format_scale_table(scale_document)
            + "\n```"
        )
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    readme.write_text(before + start + "\n" + "\n\n".join(blocks) + "\n" + end + after)
