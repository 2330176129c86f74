"""make backup / make restore: a round trip gives back every table, row for row."""

import io
import subprocess

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from config.backup import dump, restore, url_from_settings

from .factories import EvidenceFactory, published_verdict

# Committed data, so pg_dump (another process) sees it; tests/conftest.py seeds the
# migration-seeded rows (ratings, Editors) again for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True)


def table_fingerprints(url: str) -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row of every table in the public schema."""
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        ]
        return {
            table: conn.execute(
                f"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t"
            ).fetchone()
            for table in tables
        }


@pytest.fixture
def scratch_database():
    """An empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield url_from_settings({**connection.settings_dict, "NAME": name})
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_and_restore_round_trip(tmp_path, scratch_database):
    call_command("load_demo", stdout=io.StringIO())
    EvidenceFactory(verdict=published_verdict())
    source = url_from_settings(connection.settings_dict)
    before = table_fingerprints(source)
    assert before["claims_claim"][0] > 0 and before["claims_evidence"][0] > 0

    archive = tmp_path / "claims.dump"
    dump(source, archive)
    restore(scratch_database, archive)
    assert table_fingerprints(scratch_database) == before

    # Restoring over a database that has changed since puts it back as it was.
    with psycopg.connect(scratch_database, autocommit=True) as conn:
        conn.execute("DELETE FROM claims_evidence")
        conn.execute("UPDATE claims_speaker SET name = 'changed'")
    restore(scratch_database, archive)
    assert table_fingerprints(scratch_database) == before


def test_restore_of_a_damaged_archive_changes_nothing(tmp_path, scratch_database):
    call_command("load_demo", stdout=io.StringIO())
    archive = tmp_path / "claims.dump"
    dump(url_from_settings(connection.settings_dict), archive)
    restore(scratch_database, archive)
    before = table_fingerprints(scratch_database)
    damaged = tmp_path / "damaged.dump"
    data = archive.read_bytes()
    damaged.write_bytes(data[: len(data) // 2])
    with pytest.raises(subprocess.CalledProcessError):
        restore(scratch_database, damaged)
    assert table_fingerprints(scratch_database) == before
