"""Throttling holds across processes (issue 12): two gunicorn servers (two workers each) on
loopback ports share their counters in Redis (REDIS_URL, Django's RedisCache), so together
they admit exactly the configured number of anonymous requests. Needs a Redis: the test
uses REDIS_TEST_URL (.ci/run sets it and starts one) and is skipped, saying so, when none
answers."""

import os
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
LIMIT = 25
REQUESTS = 60

pytestmark = pytest.mark.django_db(transaction=True)


def redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis answers at REDIS_TEST_URL={REDIS_TEST_URL} ({error}); CI (.ci/run) starts one")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database, for the servers to share with this process."""
    p = connection.settings_dict
    auth = p["USER"] + (f":{p['PASSWORD']}" if p["PASSWORD"] else "")
    # A Unix-socket directory (the embedded PostgreSQL) is spelt percent-encoded, as
    # config/embedded_db.py prints it.
    host = quote(p["HOST"] or "127.0.0.1", safe="")
    return f"postgres://{auth}@{host}:{p['PORT'] or 5432}/{p['NAME']}"


@pytest.fixture
def two_servers():
    redis_or_skip()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "throttle-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_TEST_URL,
        "CACHE_KEY_PREFIX": f"throttle-test-{uuid.uuid4().hex}",  # counters of this run only
        # A day's window: the test cannot straddle a window boundary (except at midnight UTC).
        "THROTTLE_ANON": f"{LIMIT}/day",
    }
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        deadline = time.monotonic() + 60
        for port, server in zip(ports, servers, strict=True):
            while True:
                assert server.poll() is None, server.stderr.read().decode()[-3000:]
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.2)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def test_the_anonymous_limit_holds_across_two_servers_and_their_workers(two_servers):
    urls = [f"{two_servers[i % 2]}/api/ratings/" for i in range(REQUESTS)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda url: requests.get(url, timeout=30).status_code, urls))
    assert statuses.count(200) == LIMIT, statuses
    assert statuses.count(429) == REQUESTS - LIMIT, statuses
    # both servers turn the client away now, whichever it asks
    for base in two_servers:
        response = requests.get(f"{base}/api/ratings/", timeout=30)
        assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
