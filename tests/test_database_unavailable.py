"""One slow or missing database does not stall or 500 the site (issue 12): a request that
would wait on a lock longer than DB_LOCK_TIMEOUT, or whose backend is terminated, is a 503
with Retry-After in the API's error shape; reads do not queue behind a locked row; the next
request is served normally."""

import threading
import time

import psycopg
import pytest
import requests
from django.db import connection

from .factories import ClaimFactory, EditorFactory

pytestmark = pytest.mark.django_db(transaction=True)


def conninfo() -> str:
    params = connection.get_connection_params()
    return psycopg.conninfo.make_conninfo(
        "", **{k: v for k, v in params.items() if k in ("host", "port", "user", "password", "dbname") and v}
    )


@pytest.fixture
def token_headers():
    from rest_framework.authtoken.models import Token

    return {"Authorization": f"Token {Token.objects.create(user=EditorFactory()).key}"}


@pytest.fixture
def locked_claim():
    """A claim whose row another session holds locked until the test ends."""
    claim = ClaimFactory()
    holder = psycopg.connect(conninfo())
    holder.execute("SELECT id FROM claims_claim WHERE id = %s FOR UPDATE", [claim.pk])
    yield claim
    holder.rollback()
    holder.close()


def test_a_write_queued_on_a_locked_row_is_a_503_and_reads_are_not_blocked(live_server, locked_claim, token_headers):
    url = f"{live_server.url}/api/claims/{locked_claim.pk}/"
    started = time.monotonic()
    write = requests.patch(url, json={"context": "x"}, headers=token_headers, timeout=30)
    assert write.status_code == 503, write.text
    assert write.json() == {"detail": write.json()["detail"], "code": "lock_timeout", "fields": {}}
    assert int(write.headers["Retry-After"]) > 0
    assert time.monotonic() - started < 25  # it gave up (DB_LOCK_TIMEOUT), not gunicorn's timeout
    read = requests.get(url, timeout=5)
    assert read.status_code == 200


def test_a_terminated_backend_is_a_503_and_the_next_request_is_served(live_server, locked_claim, token_headers):
    url = f"{live_server.url}/api/claims/{locked_claim.pk}/"
    result = {}

    def write():
        result["response"] = requests.patch(url, json={"context": "x"}, headers=token_headers, timeout=30)

    thread = threading.Thread(target=write)
    thread.start()
    killer = psycopg.connect(conninfo(), autocommit=True)
    try:
        for _ in range(100):  # until the write waits on the lock
            waiting = killer.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchall()
            if waiting:
                break
            time.sleep(0.02)
        assert waiting, "the write never waited on the lock"
        for (pid,) in waiting:
            killer.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        killer.close()
    thread.join(timeout=30)
    response = result["response"]
    assert response.status_code == 503, response.text
    assert response.json()["code"] == "database_unavailable"
    assert "Retry-After" in response.headers
    # recovered: a new connection for the next request
    assert requests.get(url, timeout=10).status_code == 200
