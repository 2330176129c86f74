"""The benchmark databases' lifecycle: ``claims_bench_<size>`` created beside the database
``DATABASE_URL`` names (never that one), migrated, filled by ``bench.generate``, reused
when its spec matches, cleaned of what the write rows created, dropped on request."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

import psycopg

from bench import ROOT, generate, log, server

META_TABLE = "bench_meta"


def conninfo(url: str) -> dict:
    """psycopg keyword arguments for a DATABASE_URL (TCP or a percent-encoded socket directory)."""
    import dj_database_url

    parsed = dj_database_url.parse(url)
    keys = {"HOST": "host", "PORT": "port", "USER": "user", "PASSWORD": "password", "NAME": "dbname"}
    return {key: str(parsed[name]) for name, key in keys.items() if parsed.get(name)}


def url_with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def recreate_database(server_url: str, name: str) -> None:
    base = conninfo(server_url)
    if base.get("dbname") == name:
        raise SystemExit(f"refusing to drop {name}: it is the database DATABASE_URL names")
    with psycopg.connect(**base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(**conninfo(server_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_meta(url: str) -> dict | None:
    try:
        with psycopg.connect(**conninfo(url), autocommit=True) as conn:
            row = conn.execute(f"SELECT data FROM {META_TABLE}").fetchone()
            return row[0] if row else None
    except psycopg.Error:
        return None


def migrate(url: str, args) -> None:
    command = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
    env = server.server_environment(url, args) | {"DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def build_database(server_url: str, name: str, claims: int, args) -> dict:
    url = url_with_database(server_url, name)
    spec = generate.Spec(claims=claims, seed=args.seed)
    wanted = spec.__dict__ | {"version": generate.GENERATOR_VERSION}
    if args.reuse_db:
        meta = database_meta(url)
        if meta and meta.get("spec") == wanted:
            log(f"{name}: reusing the existing database ({claims:,} claims); applying new migrations")
            migrate(url, args)
            return meta | {"reused": True}
    started = time.perf_counter()
    log(f"{name}: creating and migrating")
    recreate_database(server_url, name)
    migrate(url, args)
    migrated = time.perf_counter()
    log(f"{name}: generating {claims:,} claims")
    with psycopg.connect(**conninfo(url)) as conn:
        result = generate.load(conn, spec, log=log)
        conn.commit()
        conn.autocommit = True
        result["timings"]["vacuum"] = generate.vacuum(conn)
        result["timings"]["migrate"] = migrated - started
        result["timings"]["build_total"] = time.perf_counter() - started
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        result["database_bytes"] = size
        conn.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (data jsonb)")
        conn.execute(f"TRUNCATE {META_TABLE}")
        conn.execute(f"INSERT INTO {META_TABLE} VALUES (%s)", (json.dumps(result),))
    log(
        f"{name}: built in {result['timings']['build_total']:.0f}s "
        f"({size / 2**20:,.0f} MiB): {json.dumps(result['counts'])}"
    )
    return result | {"reused": False}


def backend_pids(url: str) -> set[int]:
    """PostgreSQL backends serving the benchmark database (the server may be a local one)."""
    name = conninfo(url)["dbname"]
    try:
        with psycopg.connect(**conninfo(url), autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (name,)
            ).fetchall()
    except psycopg.Error:
        return set()
    return {row[0] for row in rows}
