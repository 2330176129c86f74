"""``make bench``: build a benchmark database per size, serve it with gunicorn the way
production does, drive every hot endpoint over HTTP at a fixed concurrency, time the same
result fetched with one hand-written SQL query, and report.

For each size (default 10,000 and 1,000,000 claims) it

1. creates ``claims_bench_<size>`` on the server of ``DATABASE_URL`` (never the database
   ``DATABASE_URL`` names), migrates it and fills it with ``bench.generate`` (COPY);
2. creates a bench editor with a token (API writes) and a session (admin), and requests
   each endpoint once in-process through Django's test client to count its queries
   (``bench.probe``);
3. starts gunicorn on a free 127.0.0.1 port with production settings (DEBUG off, a
   SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, persistent connections) and drives each endpoint
   with wrk (or the Python load generator) for ``--duration`` seconds after a warm-up;
4. runs each read's hand-written SQL through psycopg at the same concurrency.

Then it prints Markdown tables (per size, growth between sizes, goals of issue 6) on
stdout, progress on stderr, and writes everything, with the machine, commit and
settings, to ``var/bench/<time>-<commit>.json`` (``--keep``: ``bench/results/``, committed).

    python -m bench.run --sizes 10000,1000000          # what `make bench` runs
    python -m bench.run --sizes 1000000 --reuse-db     # measure again without rebuilding

This module is the command line and the run of one size; the rest is by concern:
``bench.database`` (the bench databases' lifecycle), ``bench.endpoints`` (the rows: one
module per area, each row with its SQL baseline), ``bench.baseline`` (the baselines' shared
SQL), ``bench.server`` (gunicorn, the query-counting probe), ``bench.measure`` (load and
CPU for one row), ``bench.load`` (the load generators), ``bench.report`` (tables, goals,
JSON), ``bench.generate`` (the archive).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import time
from pathlib import Path

from bench import load, log, server
from bench.database import build_database, conninfo, drop_database, url_with_database
from bench.endpoints import build_endpoints, cleanup, pick_parameters
from bench.measure import measure_endpoint
from bench.report import git_commit, goal_check, growth_table, machine, markdown, postgres_info, write, wrk_version

__all__ = ["build_endpoints", "conninfo", "goal_check", "growth_table", "main"]


def measure_size(server_url: str, claims: int, args) -> dict:
    """One size: build (or reuse) its database, count queries, serve it, measure every row."""
    name = f"{args.db_prefix}{claims}"
    url = url_with_database(server_url, name)
    build = build_database(server_url, name, claims, args)
    params = pick_parameters(url, args.seed)
    endpoints = build_endpoints(params)
    if args.only:
        endpoints = [e for e in endpoints if e.name in args.only]
    log(f"{name}: counting queries per request")
    probe = server.run_probe(url, endpoints, args)
    results: dict[str, dict] = {}
    gunicorn = server.Gunicorn(url, args)
    log(f"{name}: {' '.join(gunicorn.command[2:])}")
    try:
        with gunicorn:
            for endpoint in endpoints:
                results[endpoint.name] = measure_endpoint(endpoint, gunicorn, url, probe, args)
    finally:
        removed = cleanup(url, probe["user_id"])
        if removed:
            log(f"{name}: removed the {removed} rows the write rows created")
        if args.drop_after:
            drop_database(server_url, name)
    return {
        "claims": claims,
        "database": name,
        "build": build,
        "parameters": {k: v for k, v in params.items() if k != "claim_ids"},
        "gunicorn": " ".join(gunicorn.command[2:]),
        "endpoints": results,
    }


def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.replace(" ", ",").split(","):
        if not part:
            continue
        part = part.lower()
        factor = 1_000_000 if part.endswith("m") else 1000 if part.endswith("k") else 1
        sizes.append(int(float(part.rstrip("mk")) * factor))
    return sorted(sizes)


def parser() -> argparse.ArgumentParser:
    cores = os.cpu_count() or 1
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes("10000,1000000"),
        help="claims per benchmark database, comma-separated (10k and 1m spellings work)",
    )
    p.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="any database on the server to use (default DATABASE_URL); it is never modified",
    )
    p.add_argument("--db-prefix", default="claims_bench_", help="benchmark databases are <prefix><size>")
    p.add_argument("--reuse-db", action="store_true", help="keep a database built earlier with the same spec")
    p.add_argument("--drop-after", action="store_true", help="drop each benchmark database when done")
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--duration", type=float, default=5.0, help="seconds of load per endpoint")
    p.add_argument("--warmup", type=float, default=2.0, help="seconds of unmeasured load before each endpoint")
    p.add_argument("--sql-duration", type=float, default=3.0, help="seconds of SQL baseline per read")
    p.add_argument("--max-requests", type=int, default=100_000, help="request cap per endpoint run (0: none)")
    p.add_argument("--no-sql", action="store_true", help="skip the SQL baselines")
    p.add_argument("--load-generator", choices=("auto", "wrk", "python"), default="auto")
    p.add_argument(
        "--workers",
        type=int,
        default=cores + 1,
        help="gunicorn workers (default cores + 1: PostgreSQL shares these cores; measured best here)",
    )
    p.add_argument("--worker-class", default="sync", choices=("sync", "gthread"))
    p.add_argument("--threads", type=int, default=1, help="threads per worker with --worker-class gthread")
    p.add_argument("--conn-max-age", type=int, default=600, help="CONN_MAX_AGE for the server, seconds")
    p.add_argument("--settings", default="config.settings", help="DJANGO_SETTINGS_MODULE for the server")
    p.add_argument("--only", type=lambda s: set(s.split(",")), help="measure only these endpoints (names)")
    p.add_argument("--show-sql", action="store_true", help="keep each endpoint's SQL in the JSON")
    p.add_argument(
        "--keep",
        action="store_true",
        help="write the JSON to bench/results/ (committed: for a run the README cites) instead of var/bench/",
    )
    p.add_argument(
        "--output", type=Path, help="JSON file (default <time>-<commit>.json in var/bench/ or bench/results/)"
    )
    return p


def main(argv=None) -> dict:
    args = parser().parse_args(argv)
    if not args.database_url:
        raise SystemExit("Set DATABASE_URL (make bench does, starting the embedded PostgreSQL when needed).")
    if args.load_generator == "auto":
        args.load_generator = "wrk" if load.wrk_available() else "python"
    args.secret_key = secrets.token_urlsafe(50)
    log(
        f"sizes {args.sizes}, concurrency {args.concurrency}, {args.duration}s per endpoint, "
        f"load generator {args.load_generator}"
    )
    started = time.perf_counter()
    runs = [measure_size(args.database_url, claims, args) for claims in args.sizes]
    checks = goal_check(runs)
    report = {
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "postgres": postgres_info(args.database_url),
        "git": git_commit(),
        "settings": {
            "concurrency": args.concurrency,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "sql_duration_s": args.sql_duration,
            "max_requests": args.max_requests,
            "load_generator": wrk_version() if args.load_generator == "wrk" else "python (threads + http.client)",
            "gunicorn_workers": args.workers,
            "gunicorn_worker_class": args.worker_class,
            "gunicorn_threads": args.threads,
            "conn_max_age": args.conn_max_age,
            "django_settings": args.settings,
            "debug": False,
        },
        "runs": runs,
        "goals": checks,
        "seconds": round(time.perf_counter() - started, 1),
    }
    report["markdown"] = markdown(report)
    output = write(report, args.output, keep=args.keep)
    print(report["markdown"])
    log(f"results written to {output} ({report['seconds']:.0f}s in all)")
    if not args.keep and args.output is None:
        log("scratch: run with --keep (make bench KEEP=1) to write it to bench/results/ and commit it")
    report["output"] = str(output)
    return report


if __name__ == "__main__":
    main()
