"""Closed-loop load at a fixed concurrency, bounded in time and in request count.

``wrk`` (Debian's package) when it is installed: it is C, so the load generator takes
little of the CPU the server under test needs. Otherwise a Python generator with the
same measurements (threads, each with a keep-alive ``http.client`` connection). The SQL
baseline uses the same loop around a psycopg query.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

WRK_SCRIPT = Path(__file__).with_name("wrk.lua")


@dataclass
class LoadResult:
    requests: int
    seconds: float
    errors: int  # connection errors and timeouts
    non_2xx: int  # wrk counts status >= 400; the Python generator anything outside 2xx
    p50_ms: float
    p90_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return asdict(self) | {"rps": round(self.rps, 1)}


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list (what wrk reports too)."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summarize(latencies: list[float], seconds: float, errors: int, non_2xx: int) -> LoadResult:
    values = sorted(latencies)
    return LoadResult(
        requests=len(values),
        seconds=seconds,
        errors=errors,
        non_2xx=non_2xx,
        p50_ms=percentile(values, 50) * 1000,
        p90_ms=percentile(values, 90) * 1000,
        p99_ms=percentile(values, 99) * 1000,
        mean_ms=(sum(values) / len(values) * 1000) if values else math.nan,
        max_ms=(values[-1] * 1000) if values else math.nan,
    )


class CpuMonitor:
    """CPU seconds used during a measurement by each group of processes under test (e.g. the
    app server's, the database backends'), by this process and the children it waited for
    (the load generator), and by everything else on the machine: other jobs skew latencies
    on a small machine, while CPU per request does not depend on them."""

    def __init__(self, **groups: Callable[[], set[int]]):
        self.groups = groups

    @staticmethod
    def _machine_busy() -> float:
        try:
            fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        except OSError:
            return math.nan
        values = [int(v) for v in fields]
        idle = values[3] + (values[4] if len(values) > 4 else 0)
        return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _process_cpu(pids: set[int]) -> float:
        total = 0
        for pid in pids:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _own_cpu() -> float:
        times = os.times()
        return times.user + times.system + times.children_user + times.children_system

    def __enter__(self):
        self.pids = {name: pids() - {os.getpid()} for name, pids in self.groups.items()}
        self.started = time.perf_counter()
        self.busy = self._machine_busy()
        self.start = {name: self._process_cpu(pids) for name, pids in self.pids.items()}
        self.own = self._own_cpu()
        return self

    def __exit__(self, *exc_info):
        elapsed = time.perf_counter() - self.started
        capacity = elapsed * (os.cpu_count() or 1)
        busy = self._machine_busy() - self.busy
        self.seconds = {name: self._process_cpu(pids) - self.start[name] for name, pids in self.pids.items()}
        self.seconds["load_generator"] = self._own_cpu() - self.own
        ours = sum(self.seconds.values())
        self.ours_pct = round(100 * ours / capacity, 1) if capacity else math.nan
        self.other_pct = round(max(0.0, 100 * (busy - ours) / capacity), 1) if capacity else math.nan

    def per_request_ms(self, requests: int) -> dict[str, float]:
        return {
            name: round(1000 * seconds / requests, 2) if requests else math.nan
            for name, seconds in self.seconds.items()
        }


def wait_until_idle(pids: set[int], *, quiet: float = 1.0, limit: float = 120.0) -> float:
    """Wait until these processes stop using the CPU (less than 2% of a core for ``quiet``
    seconds), e.g. while a server embeds an import's claims after answering; the seconds
    waited."""
    began = time.perf_counter()
    used = CpuMonitor._process_cpu(pids)
    while time.perf_counter() - began < limit:
        time.sleep(quiet)
        now = CpuMonitor._process_cpu(pids)
        if now - used < 0.02 * quiet:
            break
        used = now
    return time.perf_counter() - began


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def closed_loop(
    make_worker: Callable[[int], Callable[[int], bool]],
    *,
    concurrency: int,
    duration: float,
    max_requests: int = 0,
    close: Callable[[Callable], None] | None = None,
) -> LoadResult:
    """``concurrency`` threads each call their worker back to back until ``duration`` has
    passed or ``max_requests`` calls were made in all. A worker returns True on success
    and raises on a connection error."""
    latencies: list[float] = []
    counters = {"errors": 0, "non_2xx": 0, "started": 0}
    lock = threading.Lock()
    workers = [make_worker(index) for index in range(concurrency)]
    barrier = threading.Barrier(concurrency + 1)
    deadline = [0.0]

    def loop(worker: Callable[[int], bool]) -> None:
        local: list[float] = []
        errors = non_2xx = 0
        barrier.wait()
        count = 0
        while time.perf_counter() < deadline[0]:
            if max_requests:
                with lock:
                    if counters["started"] >= max_requests:
                        break
                    counters["started"] += 1
            began = time.perf_counter()
            try:
                ok = worker(count)
            except Exception:
                errors += 1
                continue
            finally:
                count += 1
            local.append(time.perf_counter() - began)
            if not ok:
                non_2xx += 1
        with lock:
            latencies.extend(local)
            counters["errors"] += errors
            counters["non_2xx"] += non_2xx

    threads = [threading.Thread(target=loop, args=(worker,), daemon=True) for worker in workers]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    deadline[0] = started + duration
    barrier.wait()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if close:
        for worker in workers:
            close(worker)
    return summarize(latencies, seconds, counters["errors"], counters["non_2xx"])


@dataclass
class Request:
    method: str
    paths: Sequence[str]
    headers: dict[str, str]
    body: bytes | None = None
    bodies: Sequence[bytes] | None = None  # one per request, in order (the Python generator only)


def run_python(
    host: str,
    port: int,
    request: Request,
    *,
    concurrency: int,
    duration: float,
    max_requests: int = 0,
    timeout: float = 30,
) -> LoadResult:
    def make_worker(index: int):
        state = {"conn": None}

        def call(count: int) -> bool:
            if state["conn"] is None:
                state["conn"] = http.client.HTTPConnection(host, port, timeout=timeout)
            conn = state["conn"]
            path = request.paths[(index * 7 + count) % len(request.paths)]
            try:
                body = request.bodies[count % len(request.bodies)] if request.bodies else request.body
                conn.request(request.method, path, body=body, headers=request.headers)
                response = conn.getresponse()
                response.read()
            except (http.client.HTTPException, OSError):
                conn.close()
                state["conn"] = None
                raise
            if response.will_close:
                conn.close()
                state["conn"] = None
            return 200 <= response.status < 300

        call.state = state
        return call

    def close(worker) -> None:
        if worker.state["conn"] is not None:
            worker.state["conn"].close()

    return closed_loop(make_worker, concurrency=concurrency, duration=duration, max_requests=max_requests, close=close)


def run_wrk(
    host: str, port: int, request: Request, *, concurrency: int, duration: float, max_requests: int = 0
) -> LoadResult:
    threads = max(1, min(2, concurrency))
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "paths").write_text("\n".join(request.paths) + "\n")
        (tmp_path / "headers").write_text("".join(f"{k}: {v}\n" for k, v in request.headers.items()))
        env = os.environ | {
            "BENCH_PATHS": str(tmp_path / "paths"),
            "BENCH_HEADERS": str(tmp_path / "headers"),
            "BENCH_METHOD": request.method,
            "BENCH_MAX_REQUESTS": str(math.ceil(max_requests / threads) if max_requests else 0),
            "BENCH_BODY": "",
        }
        if request.body is not None:
            (tmp_path / "body").write_bytes(request.body)
            env["BENCH_BODY"] = str(tmp_path / "body")
        command = [
            "wrk",
            f"-t{threads}",
            f"-c{concurrency}",
            f"-d{max(1, math.ceil(duration))}s",
            "--timeout",
            "30s",
            "-s",
            str(WRK_SCRIPT),
            f"http://{host}:{port}{request.paths[0]}",
        ]
        completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=duration + 60, check=False)
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            raw = json.loads(line.removeprefix("BENCH_RESULT "))
            return LoadResult(
                requests=raw["requests"],
                seconds=raw["duration_us"] / 1e6,
                errors=raw["errors"],
                non_2xx=raw["non_2xx"],
                p50_ms=raw["p50_us"] / 1000,
                p90_ms=raw["p90_us"] / 1000,
                p99_ms=raw["p99_us"] / 1000,
                mean_ms=raw["mean_us"] / 1000,
                max_ms=raw["max_us"] / 1000,
            )
    raise RuntimeError(f"wrk gave no result (exit {completed.returncode}): {completed.stdout}{completed.stderr}")


def run_http(host, port, request, *, generator: str, **options) -> LoadResult:
    if generator == "wrk":
        return run_wrk(host, port, request, **options)
    return run_python(host, port, request, **options)


def run_sql(
    connections: Sequence,
    query: str,
    params: Sequence[Sequence],
    *,
    duration: float,
    max_requests: int = 0,
) -> LoadResult:
    """The same closed loop around one SQL query, one thread per (open) psycopg connection,
    each query a prepared statement."""

    def make_worker(index: int):
        conn = connections[index]

        def call(count: int) -> bool:
            with conn.cursor() as cur:
                cur.execute(query, params[(index * 7 + count) % len(params)], prepare=True)
                cur.fetchall()
            return True

        return call

    return closed_loop(make_worker, concurrency=len(connections), duration=duration, max_requests=max_requests)
