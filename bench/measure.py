"""Measuring one endpoint row: warm-up, load over HTTP (wrk or the Python generator) with
the CPU the app server and the database backends spent, and the row's SQL baseline."""

from __future__ import annotations

import json

import psycopg

from bench import load, log
from bench.database import backend_pids, conninfo
from bench.endpoints import Endpoint
from bench.report import OTHERS_CPU_WARNING, goals_for
from bench.server import Gunicorn


def _one_after_another(endpoint: Endpoint, server: Gunicorn, url: str, headers: dict):
    """A heavy write (a 2,000-review import): one unmeasured request to warm the worker up,
    then ``endpoint.requests`` one after another, each with a body of its own, with the CPU
    the server spends until it is idle again (deferred work included)."""
    bodies = [json.dumps(body, separators=(",", ":")).encode() for body in endpoint.bodies]
    headers = headers | {"Content-Type": "application/json"}
    warmup = load.Request(endpoint.method, endpoint.paths, headers, bodies=bodies[:1])
    load.run_python("127.0.0.1", server.port, warmup, concurrency=1, duration=300, max_requests=1, timeout=300)
    request = load.Request(endpoint.method, endpoint.paths, headers, bodies=bodies[1:])
    load.wait_until_idle(server.pids())  # the warm-up's deferred work is not this row's
    with load.CpuMonitor(app=server.pids, db=lambda: backend_pids(url)) as cpu:
        api = load.run_python(
            "127.0.0.1",
            server.port,
            request,
            concurrency=1,
            duration=300 * endpoint.requests,
            max_requests=endpoint.requests,
            timeout=300,
        )
        answered = load.CpuMonitor._process_cpu(cpu.pids["app"])
        settled = load.wait_until_idle(cpu.pids["app"])
        deferred = load.CpuMonitor._process_cpu(cpu.pids["app"]) - answered
    return api, cpu, settled, deferred


def measure_endpoint(endpoint: Endpoint, server: Gunicorn, url: str, probe: dict, args) -> dict:
    """One row: HTTP load at ``--concurrency`` with the CPU it cost, then its SQL baseline."""
    port = server.port
    seen = probe["probes"][endpoint.name]
    entry = {
        "label": endpoint.label,
        "kind": endpoint.kind,
        "method": endpoint.method,
        "path": endpoint.paths[0],
        "queries": seen["queries"],
        "response_bytes": seen["bytes"],
        "goals": goals_for(endpoint),
        "baseline": endpoint.sql is not None,
    }
    if seen.get("sql"):
        entry["probe_sql"] = seen["sql"]
    if seen["status"] != endpoint.expect:
        log(f"  {endpoint.name}: HTTP {seen['status']} in-process (expected {endpoint.expect}): skipped")
        entry["skipped"] = f"HTTP {seen['status']}"
        return entry
    headers = {"Accept": "text/html" if endpoint.auth == "session" else "application/json"}
    if endpoint.auth == "token":
        headers["Authorization"] = f"Token {probe['token']}"
    elif endpoint.auth == "session":
        headers["Cookie"] = f"sessionid={probe['sessionid']}"
    if endpoint.body is not None:
        headers["Content-Type"] = "application/json"
    # A row's own concurrency (1: a lone editor's lookup), one at a time for sequential writes.
    concurrency = 1 if endpoint.requests else endpoint.concurrency or args.concurrency
    entry["concurrency"] = concurrency
    if endpoint.requests:
        api, cpu, settled, deferred = _one_after_another(endpoint, server, url, headers)
        entry["sequential"] = {
            "requests": endpoint.requests,
            "settled_s": round(settled, 1),
            # app CPU spent after the last answer (the last import's embeddings): an estimate of
            # the deferred share of "app_cpu_ms"
            "deferred_app_cpu_ms": round(1000 * deferred, 1),
        }
    else:
        body = None if endpoint.body is None else json.dumps(endpoint.body, separators=(",", ":")).encode()
        request = load.Request(endpoint.method, endpoint.paths, headers, body)
        options = {"concurrency": concurrency, "generator": args.load_generator}
        if args.warmup > 0:
            load.run_http("127.0.0.1", port, request, duration=args.warmup, max_requests=args.max_requests, **options)
        with load.CpuMonitor(app=server.pids, db=lambda: backend_pids(url)) as cpu:
            api = load.run_http(
                "127.0.0.1", port, request, duration=args.duration, max_requests=args.max_requests, **options
            )
    per_request = cpu.per_request_ms(api.requests)
    entry["api"] = api.as_dict() | {
        "cpu_ours_pct": cpu.ours_pct,
        "cpu_others_pct": cpu.other_pct,
        "app_cpu_ms": per_request["app"],
        "db_cpu_ms": per_request["db"],
        "load_generator_cpu_ms": per_request["load_generator"],
    }
    line = f"  {endpoint.name}: {api.rps:.0f} req/s, p50 {api.p50_ms:.1f} ms, p99 {api.p99_ms:.1f} ms"
    if api.non_2xx or api.errors:
        line += f", {api.non_2xx} non-2xx, {api.errors} errors"
    if cpu.other_pct > OTHERS_CPU_WARNING:
        line += f" (other processes used {cpu.other_pct:.0f}% of the CPU)"
    if endpoint.sql and not args.no_sql:
        connections = [psycopg.connect(**conninfo(url), autocommit=True) for _ in range(concurrency)]
        try:
            with load.CpuMonitor(db=lambda: backend_pids(url)) as cpu:
                sql = load.run_sql(
                    connections,
                    endpoint.sql,
                    endpoint.sql_params,
                    duration=args.sql_duration,
                    max_requests=args.max_requests,
                )
        finally:
            for conn in connections:
                conn.close()
        entry["sql"] = sql.as_dict() | {
            "cpu_others_pct": cpu.other_pct,
            "db_cpu_ms": cpu.per_request_ms(sql.requests)["db"],
        }
        entry["api_sql_ratio"] = round(api.p50_ms / sql.p50_ms, 2) if sql.p50_ms else None
        line += f"; SQL p50 {sql.p50_ms:.1f} ms (x{entry['api_sql_ratio']})"
    log(line)
    return entry
