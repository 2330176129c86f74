"""The processes the benchmark starts: gunicorn under production settings, and the
in-process probe (``bench.probe``) that counts each endpoint's queries."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import ROOT
from bench.endpoints import Endpoint


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(url: str, args) -> dict:
    """Production settings: what README's "Performance" section tells operators to set."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DEBUG="0",
        SECRET_KEY=args.secret_key,
        REQUIRE_SECRET_KEY="1",
        ALLOWED_HOSTS="127.0.0.1",
        CONN_MAX_AGE=str(args.conn_max_age),
        LOG_LEVEL="WARNING",
        # One load generator on one address is not the crowd the throttle is for; a one-second
        # window keeps DRF's per-client request history (and its cost) small.
        THROTTLE_ANON="1000000/second",
        THROTTLE_USER="1000000/second",
        DJANGO_SETTINGS_MODULE=args.settings,
    )
    return env


def gunicorn_command(port: int, args) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--log-level",
        "warning",
    ]
    if args.worker_class == "gthread":
        command += ["--threads", str(args.threads)]
    return command


class Gunicorn:
    def __init__(self, url: str, args):
        self.port = free_port()
        self.command = gunicorn_command(self.port, args)
        self.env = server_environment(url, args)
        self.log_path = Path(tempfile.gettempdir()) / f"bench-gunicorn-{self.port}.log"

    def __enter__(self):
        self.log_file = self.log_path.open("wb")
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/ratings/", timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer within 60 s:\n{self.log_tail()}")

    def __exit__(self, *exc_info):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()

    def pids(self) -> set[int]:
        """The master and its workers."""
        pids = {self.process.pid}
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
            pids |= {int(pid) for pid in children.split()}
        except OSError:
            pass
        return pids

    def log_tail(self) -> str:
        self.log_file.flush()
        return self.log_path.read_text(errors="replace")[-4000:]


def run_probe(url: str, endpoints: list[Endpoint], args) -> dict:
    spec = {
        "endpoints": [
            {"name": e.name, "method": e.method, "path": e.paths[0], "auth": e.auth, "body": e.body} for e in endpoints
        ],
        "show_sql": args.show_sql,
    }
    completed = subprocess.run(
        [sys.executable, "-m", "bench.probe"],
        cwd=ROOT,
        env=server_environment(url, args),
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode:
        raise RuntimeError(f"bench.probe failed:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout)
