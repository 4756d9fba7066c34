"""``python -m bench run``: build the city, serve it, load it, check it, write results."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.config import bench_database_url, database_name
from bench.progress import log

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / ".data"
RESULTS = BENCH_DIR / "results.json"


@dataclass
class Options:
    duration: float = 10.0
    warmup: float = 2.0
    clients: int = 8
    client_processes: int = 2
    servers: int = 2
    workers: int = 2
    worker_class: str = "sync"
    threads: int = 4
    base_port: int = 8101
    posters: int = 6_000
    reuse_data: bool = False
    pages: tuple[str, ...] = ()
    output: Path = RESULTS
    explain: bool = True
    uncached: bool = True


def setup_django() -> str:
    from bench.cache import choose_cache

    cache = choose_cache()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    return cache


def machine() -> dict:
    info = {
        "load_average": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in lscpu.splitlines():
            key, _, value = line.partition(":")
            if key.strip() in {"Model name", "CPU(s)", "Thread(s) per core", "CPU max MHz"}:
                info[key.strip().lower().replace(" ", "_").replace("(s)", "s")] = value.strip()
    except OSError:
        pass
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    import psycopg

    from bench.config import libpq_url, maintenance_url

    try:  # the server's version, without touching the bench database (it may not exist)
        with psycopg.connect(libpq_url(maintenance_url(bench_database_url()))) as conn:
            info["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error:
        info["postgresql"] = "unknown"
    import django
    import gunicorn
    import wagtail

    info["django"] = django.get_version()
    info["wagtail"] = wagtail.__version__
    info["gunicorn"] = gunicorn.__version__
    return info


def prepare_data(options: Options, scale=None, name="dataset", search_index=True) -> dict:
    """Recreate, migrate and fill the bench database; returns the load's targets."""
    from bench import database, dataset

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    targets_file = DATA_DIR / f"{name}.json"
    url = bench_database_url()
    if options.reuse_data and targets_file.exists():
        log(f"reusing the data set in {database_name(url)} (--reuse-data)")
        return json.loads(targets_file.read_text())
    started = time.monotonic()
    database.recreate(url)
    database.migrate()
    built = dataset.build(scale or dataset.FULL)
    if search_index:
        dataset.build_search_index(built)
    dataset.analyze()
    built.counts = dataset.counts()
    targets = built.as_dict()
    targets["load_seconds"] = round(time.monotonic() - started, 1)
    targets_file.write_text(json.dumps(targets, indent=2))
    log(f"data set ready in {targets['load_seconds']}s: {built.counts}")
    return targets


def collectstatic() -> None:
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def visible_proposals(consultation_id: int) -> int:
    """Proposals the public sees in a consultation (what the list paginates)."""
    from django.contrib.auth.models import AnonymousUser

    from consultations.models import Proposal

    qs = Proposal.objects.filter(consultation_id=consultation_id)
    if hasattr(Proposal.objects, "visible_to"):
        qs = Proposal.objects.visible_to(AnonymousUser()).filter(consultation_id=consultation_id)
    return qs.count()


def count_mismatches() -> dict:
    """Counters against rows, one SQL statement each."""
    from django.db import connection

    checks = {
        "proposal_support_count": """
            SELECT COUNT(*) FROM consultations_proposal p
            LEFT JOIN (SELECT proposal_id, COUNT(*) AS n FROM consultations_support
                       GROUP BY proposal_id) s ON s.proposal_id = p.id
            WHERE p.support_count <> COALESCE(s.n, 0)""",
        "pledge_join_count": """
            SELECT COUNT(*) FROM goals_pledge g
            LEFT JOIN (SELECT pledge_id, COUNT(*) AS n FROM goals_pledgejoin
                       GROUP BY pledge_id) j ON j.pledge_id = g.id
            WHERE g.join_count <> COALESCE(j.n, 0)""",
    }
    result = {}
    with connection.cursor() as cursor:
        for name, sql in checks.items():
            cursor.execute(sql)
            result[name] = cursor.fetchone()[0]
    return result


def build_plans(spec, targets, clients):
    plans = [spec.build(targets, k, clients) for k in range(clients)]
    if any(plan is None or not plan for plan in plans):
        return None
    return plans


def measure(spec, plans, ports, options) -> dict:
    from bench.load import fetch, run_load, summarise

    # Check the page answers before loading it (and warm each server's workers a little).
    first = plans[0][0]
    if first.method == "GET":
        for port in ports:
            status, _body = fetch(port, first.path)
            if status != 200:
                log(f"  {spec.name}: GET {first.path} answered {status} before the load")
    outcome, window = run_load(
        plans, ports, options.client_processes, options.duration, options.warmup
    )
    summary = summarise(outcome, window)
    summary["url"] = first.path
    return summary


def profile_pages(specs_and_plans) -> dict:
    from django.test import Client

    from bench.explain import profile_page

    profiles = {}
    for spec, plans in specs_and_plans:
        request = plans[0][0]
        client = Client()
        try:
            profiles[spec.name] = profile_page(client, request)
            if spec.kind == "write" and len(plans[0]) > 1:
                from bench.explain import _send

                _send(client, plans[0][1])  # withdraw again: leave the data as it was
        except Exception as exc:
            profiles[spec.name] = {"error": f"{exc.__class__.__name__}: {exc}"}
    return profiles


class Servers:
    """``with Servers(options) as ports:`` two (or more) gunicorns sharing the database
    and the cache, each on its own port."""

    def __init__(self, options: Options, **extra_env):
        from bench.server import Gunicorn

        self.ports = [options.base_port + i for i in range(options.servers)]
        env = {
            "BENCH_DATABASE_URL": bench_database_url(),
            "BENCH_DATABASE_SUFFIX": "",  # already in the URL
            **extra_env,
        }
        self.servers = [
            Gunicorn(port, options.workers, options.worker_class, options.threads, env)
            for port in self.ports
        ]

    def __enter__(self):
        from django.db import connections

        connections.close_all()  # nothing inherited by the servers' processes
        try:
            for server in self.servers:
                server.start()
            for server in self.servers:
                server.wait_ready()
        except BaseException:
            self.__exit__()
            raise
        return self.ports

    def __exit__(self, *exc):
        for server in self.servers:
            server.stop()
        for server in self.servers:
            tail = server.log_tail()
            if "Traceback" in tail or "Error" in tail:
                log(f"gunicorn {server.port} log tail:\n{tail}")


def load_pages(runnable, ports, options, floor_twice=True):
    """Load each page in turn (the floor first and, by default, last as well)."""
    results, floor_runs = {}, []
    order = list(runnable)
    floor_entry = next((entry for entry in order if entry[0].kind == "floor"), None)
    if floor_entry and floor_twice:
        order.append(floor_entry)  # the floor again at the end: the better of two
    for spec, plans in order:
        log(f"loading {spec.name} for {options.duration:.0f}s with {options.clients} clients")
        summary = measure(spec, plans, ports, options)
        log(
            f"  {summary['rps']:8.1f} req/s  p50 {summary['p50_ms']:7.2f} ms  "
            f"p99 {summary['p99_ms']:7.2f} ms  errors {summary['errors']}  "
            f"cache hits {summary['cache_hit_ratio']:.0%}"
        )
        if summary["error_samples"]:
            log(f"  errors, for example: {summary['error_samples'][:2]}")
        if spec.kind == "floor":
            floor_runs.append(summary)
        else:
            results[spec.name] = (spec, summary)
    return results, floor_runs


def run(options: Options) -> dict:
    total_started = time.monotonic()
    cache_location = setup_django()
    machine_info = machine()  # load average before the bench adds its own
    from bench import pages as page_table
    from bench.cache import clear_bench_cache
    from bench.report import print_table, write_results
    from bench.sessions import choose_pairs, choose_pledges, log_in

    targets = prepare_data(options)
    collectstatic()
    clear_bench_cache()
    pairs = choose_pairs(
        targets["largest_consultation_id"], targets["scale"]["people"], options.posters
    )
    targets["posters"] = log_in(pairs, choose_pledges([user for user, _ in pairs]))
    log(f"{len(targets['posters'])} people signed in for the signed-in pages and the POSTs")
    targets["deep_page"] = page_table.deep_page_number(
        visible_proposals(targets["largest_consultation_id"])
    )

    specs = [s for s in page_table.PAGES if not options.pages or s.name in options.pages]
    if options.pages and "floor" not in options.pages:
        specs.insert(0, page_table.by_name("floor"))
    runnable, skipped = [], []
    for spec in specs:
        plans = build_plans(spec, targets, options.clients)
        if plans is None:
            skipped.append({"name": spec.name, "reason": "no URL yet (view not built)"})
            log(f"skipping {spec.name}: its URL does not reverse yet")
        else:
            runnable.append((spec, plans))

    profiles = profile_pages(runnable) if options.explain else {}
    before_counts = count_mismatches()

    log("pass 1: as deployed (anonymous page cache on)")
    with Servers(options) as ports:
        results, floor_runs = load_pages(runnable, ports, options)
    uncached, uncached_floor = {}, []
    if options.uncached:
        log("pass 2: anonymous page cache off (what a cache miss costs)")
        reads = [(spec, plans) for spec, plans in runnable if spec.kind == "read"]
        clear_bench_cache()
        with Servers(options, PAGE_CACHE_SECONDS="0") as ports:
            uncached, uncached_floor = load_pages(reads, ports, options, floor_twice=False)

    mismatches = count_mismatches()
    document = write_results(
        options=options,
        machine=machine_info,
        targets=targets,
        floor_runs=floor_runs,
        results=results,
        skipped=skipped,
        profiles=profiles,
        mismatches=mismatches,
        mismatches_before=before_counts,
        uncached=uncached,
        uncached_floor=uncached_floor,
        cache_location=cache_location,
        total_seconds=time.monotonic() - total_started,
    )
    print_table(document)
    log(f"results written to {options.output}")
    if options.output == RESULTS:
        refresh_readme()
    return document


def refresh_readme() -> None:
    from bench.report import update_readme

    def load(path):
        try:
            return json.loads(path.read_text())
        except (OSError, ValueError):
            return None

    update_readme(BENCH_DIR / "README.md", load(RESULTS), load(BENCH_DIR / "results-scale.json"))
