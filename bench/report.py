"""Reporting: the Markdown tables (per size, growth between sizes, goals met and missed),
the run's context (machine, PostgreSQL settings, commit), and the JSON file."""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
from pathlib import Path

import psycopg

from bench import ROOT
from bench.database import conninfo

# Where a run's JSON goes: var/ (not committed) unless --keep puts it in bench/results/,
# which is committed, so every figure the README cites traces to a file.
SCRATCH_DIR = ROOT / "var" / "bench"
RESULTS_DIR = Path(__file__).resolve().parent / "results"

# Goals per kind of row (issue 6's, at 1M claims and concurrency 8); a row may set its own.
GOALS = {
    "list": {"p50_ms": 20, "p99_ms": 100},
    "detail": {"p50_ms": 20, "p99_ms": 100},
    "search": {"p50_ms": 50},
    "admin": {"p50_ms": 300},
}
MAX_GROWTH = 1.5
MAX_API_SQL_RATIO = 3.0
# Above this share of the machine's CPU used by other processes, a figure is flagged.
OTHERS_CPU_WARNING = 10


def goals_for(endpoint) -> dict:
    return endpoint.goals if endpoint.goals is not None else GOALS.get(endpoint.kind, {})


def fmt(value, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def size_label(claims: int) -> str:
    if claims >= 1_000_000 and claims % 1_000_000 == 0:
        return f"{claims // 1_000_000}M"
    if claims >= 1000 and claims % 1000 == 0:
        return f"{claims // 1000}k"
    return str(claims)


def size_table(run: dict) -> str:
    lines = [
        f"#### {size_label(run['claims'])} claims ({run['claims']:,})",
        "",
        "| endpoint | queries | req/s | p50 ms | p90 ms | p99 ms | SQL p50 ms | API/SQL "
        "| CPU ms/req app + db | SQL CPU ms | other jobs' CPU % |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for entry in run["endpoints"].values():
        if "skipped" in entry:
            lines.append(f"| {entry['label']} | {entry['queries']} | {entry['skipped']}: not measured |||||||||")
            continue
        api, sql = entry["api"], entry.get("sql") or {}
        flag = " ⚠" if api["non_2xx"] or api["errors"] else ""
        lines.append(
            f"| {entry['label']}{flag} | {entry['queries']} | {fmt(api['rps'], 0)} | {fmt(api['p50_ms'])} "
            f"| {fmt(api['p90_ms'])} | {fmt(api['p99_ms'])} | {fmt(sql.get('p50_ms'), 2)} "
            f"| {fmt(entry.get('api_sql_ratio'))} | {fmt(api.get('app_cpu_ms'))} + {fmt(api.get('db_cpu_ms'))} "
            f"| {fmt(sql.get('db_cpu_ms'))} | {fmt(api.get('cpu_others_pct'), 0)} |"
        )
    return "\n".join(lines)


def growth_table(small: dict, large: dict) -> str:
    a, b = size_label(small["claims"]), size_label(large["claims"])
    lines = [
        f"#### Growth from {a} to {b} claims",
        "",
        f"| endpoint | p50 {a} → {b} | x | p99 {a} → {b} | x | req/s {a} → {b} | CPU ms/req {a} → {b} | x | queries |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, entry in large["endpoints"].items():
        before = small["endpoints"].get(name)
        if not before or "api" not in before or "api" not in entry:
            continue
        x, y = before["api"], entry["api"]
        cpu_x, cpu_y = request_cpu(x), request_cpu(y)
        lines.append(
            f"| {entry['label']} | {fmt(x['p50_ms'])} → {fmt(y['p50_ms'])} | {fmt(ratio(y['p50_ms'], x['p50_ms']), 2)} "
            f"| {fmt(x['p99_ms'])} → {fmt(y['p99_ms'])} | {fmt(ratio(y['p99_ms'], x['p99_ms']), 2)} "
            f"| {fmt(x['rps'], 0)} → {fmt(y['rps'], 0)} | {fmt(cpu_x)} → {fmt(cpu_y)} | {fmt(ratio(cpu_y, cpu_x), 2)} "
            f"| {before['queries']} → {entry['queries']} |"
        )
    lines += [
        "",
        "_CPU ms/req (app server + database backends) does not depend on other jobs on the machine; "
        "compare latencies only where both runs had the machine to themselves._",
    ]
    return "\n".join(lines)


def request_cpu(api: dict):
    if api.get("app_cpu_ms") is None or api.get("db_cpu_ms") is None:
        return None
    return api["app_cpu_ms"] + api["db_cpu_ms"]


def ratio(a, b):
    return a / b if a and b else None


def goal_check(runs: list[dict]) -> list[dict]:
    """Each row's goals against the largest size (and growth from the smallest)."""
    largest, smallest = runs[-1], runs[0]
    checks = []
    for name, entry in largest["endpoints"].items():
        if "api" not in entry:
            continue
        api = entry["api"]
        # Older result files carry no "goals": the kind's defaults then.
        for metric, limit in entry.get("goals", GOALS.get(entry["kind"], {})).items():
            checks.append(check(entry["label"], f"{metric.removesuffix('_ms')} < {limit} ms", api[metric], limit))
        if entry["kind"] == "list" and entry.get("api_sql_ratio"):
            checks.append(
                check(entry["label"], f"API/SQL < {MAX_API_SQL_RATIO}", entry["api_sql_ratio"], MAX_API_SQL_RATIO)
            )
        before = smallest["endpoints"].get(name, {}).get("api")
        if before and largest is not smallest and entry["kind"] != "write":
            for metric in ("p50_ms", "p99_ms"):
                grown = ratio(api[metric], before[metric])
                checks.append(
                    check(entry["label"], f"{metric.removesuffix('_ms')} growth < {MAX_GROWTH}x", grown, MAX_GROWTH)
                )
    return checks


def check(label: str, goal: str, value, limit) -> dict:
    ok = value is not None and value < limit
    return {
        "endpoint": label,
        "goal": goal,
        "value": value,
        "limit": limit,
        "ok": ok,
        "miss_factor": None if ok or value is None else round(value / limit, 2),
    }


def goals_table(checks: list[dict]) -> str:
    missed = [c for c in checks if not c["ok"]]
    lines = [f"#### Goals: {len(checks) - len(missed)} of {len(checks)} met", ""]
    if missed:
        lines += ["| endpoint | goal | measured | missed by |", "|---|---|---:|---:|"]
        lines += [
            f"| {c['endpoint']} | {c['goal']} | {fmt(c['value'], 2)} | x{fmt(c['miss_factor'], 2)} |" for c in missed
        ]
    return "\n".join(lines)


def machine() -> dict:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem_kb = 0
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
    }


def postgres_info(server_url: str) -> dict:
    names = ("shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "jit", "max_connections")
    with psycopg.connect(**conninfo(server_url), autocommit=True) as conn:
        info = {"version": conn.execute("SHOW server_version").fetchone()[0]}
        for name in names:
            info[name] = conn.execute(f"SHOW {name}").fetchone()[0]
    return info


def git_commit() -> dict:
    def git(*argv):
        return subprocess.run(["git", *argv], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


def wrk_version() -> str:
    completed = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    first = (completed.stdout + completed.stderr).splitlines()[0]
    return "wrk " + first.split(" Copyright")[0].removeprefix("wrk ").strip()


def markdown(report: dict) -> str:
    runs = report["runs"]
    parts = [size_table(run) for run in runs]
    if len(runs) > 1:
        parts.append(growth_table(runs[0], runs[-1]))
    parts.append(goals_table(report["goals"]))
    settings = report["settings"]
    parts.append(
        f"_{report['machine']['cores']} cores ({report['machine']['cpu']}), PostgreSQL "
        f"{report['postgres']['version']}, concurrency {settings['concurrency']}, {settings['duration_s']:g}s per "
        f"endpoint with {settings['load_generator']}; {runs[-1]['gunicorn']}; "
        f"CONN_MAX_AGE={settings['conn_max_age']}; commit {report['git']['commit'][:10]}"
        f"{' (dirty)' if report['git']['dirty'] else ''}._"
    )
    return "\n\n".join(parts)


def write(report: dict, output: Path | None, *, keep: bool) -> Path:
    """The run's JSON: ``output`` if given, else ``<time>-<commit>.json`` under
    bench/results/ (``keep``: to be committed and cited) or var/bench/ (scratch)."""
    if output is None:
        started = report["started_at"].replace("-", "").replace(":", "")[:15]
        name = f"{started}-{report['git']['commit'][:7] or 'nogit'}.json"
        output = (RESULTS_DIR if keep else SCRATCH_DIR) / name
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, default=str) + "\n")
    return output
