"""``python -m bench run`` (make bench) and ``python -m bench scale`` (make bench-scale)."""

import argparse
import sys
from pathlib import Path


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("run", "build the city, serve it, load every page, write bench/results.json"),
        ("scale", "first and deep page at 1,000, 10,000, 50,000 proposals"),
        ("profile", "in-process time, queries and slow SQL per page (last run's data)"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--duration", type=float, default=10.0, help="seconds measured per page")
        p.add_argument("--warmup", type=float, default=2.0, help="seconds before measuring")
        p.add_argument("--clients", type=int, default=8, help="concurrent clients")
        p.add_argument("--client-processes", type=int, default=2)
        p.add_argument("--servers", type=int, default=2, help="gunicorn servers (ports)")
        p.add_argument("--workers", type=int, default=2, help="workers per server")
        p.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
        p.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
        p.add_argument("--port", type=int, default=8101, help="first server's port")
        p.add_argument(
            "--reuse-data",
            action="store_true",
            help="keep the data set of the previous run (for iterating on a page)",
        )
        p.add_argument("--pages", default="", help="comma-separated page names (default all)")
        p.add_argument("--output", type=Path, default=None)
        p.add_argument("--no-explain", action="store_true")
        p.add_argument(
            "--no-uncached", action="store_true", help="skip the pass with the page cache off"
        )
        p.add_argument("--repeat", type=int, default=5, help="profile: requests per page")
        p.add_argument("--cprofile", action="store_true", help="profile: top functions")
    args = parser.parse_args(argv)

    from bench.runner import BENCH_DIR, Options

    default_output = BENCH_DIR / ("results.json" if args.command == "run" else "results-scale.json")
    options = Options(
        duration=args.duration,
        warmup=args.warmup,
        clients=args.clients,
        client_processes=args.client_processes,
        servers=args.servers,
        workers=args.workers,
        worker_class=args.worker_class,
        threads=args.threads,
        base_port=args.port,
        reuse_data=args.reuse_data,
        pages=tuple(p.strip() for p in args.pages.split(",") if p.strip()),
        output=args.output or default_output,
        explain=not args.no_explain,
        uncached=not args.no_uncached,
    )
    if args.command == "profile":
        from bench.profile import run_profile

        run_profile(options, repeat=args.repeat, use_cprofile=args.cprofile)
        return 0
    if args.command == "run":
        from bench.runner import run

        document = run(options)
    else:
        from bench.scale import run_scale

        document = run_scale(options)
    return 0 if document["details"].get("all_checks_pass") else 1


if __name__ == "__main__":
    sys.exit(main())
