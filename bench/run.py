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
settings, to ``bench/results/<time>-<commit>.json``.

    python -m bench.run --sizes 10000,1000000          # what `make bench` runs
    python -m bench.run --sizes 1000000 --reuse-db     # measure again without rebuilding
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg

from bench import generate, load

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
META_TABLE = "bench_meta"

# Issue 6's goals, at 1M claims and concurrency 8.
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


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- databases


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


# --------------------------------------------------------------------------- endpoints


@dataclass
class Endpoint:
    """One measured request. ``paths`` are cycled through; ``sql_params[i]`` is the SQL
    baseline's parameters for ``paths[i]`` (the same result, hand-written)."""

    name: str
    label: str
    kind: str  # list, detail, search, admin, write: which goals apply
    paths: list[str]
    method: str = "GET"
    body: dict | None = None
    auth: str | None = None  # None, "token" or "session"
    expect: int = 200
    sql: str | None = None
    sql_params: list[tuple] = field(default_factory=list)


APPEARANCES_JSON = """
    (SELECT coalesce(json_agg(json_build_object(
                'id', a.id, 'article', json_build_object('id', ar.id, 'url', ar.url, 'title', ar.title),
                'quote', a.quote, 'is_direct_quote', a.is_direct_quote, 'start', a.start, 'end', a."end")
              ORDER BY ar.published_at, a.id), '[]')
       FROM claims_appearance a JOIN articles_article ar ON ar.id = a.article_id
      WHERE a.claim_id = c.id)"""

CLAIM_JSON = f"""json_build_object(
    'id', c.id, 'text', c.text, 'status', c.status, 'claimed_at', c.claimed_at, 'context', c.context,
    'language', c.language, 'created_at', c.created_at, 'updated_at', c.updated_at,
    'speaker', json_build_object('id', s.id, 'name', s.name, 'slug', s.slug),
    'appearances', {APPEARANCES_JSON},
    'verdict', CASE WHEN v.id IS NULL THEN NULL ELSE json_build_object(
        'id', v.id, 'rating', json_build_object('slug', r.slug, 'label', r.label, 'value', r.value),
        'summary', v.summary, 'published_at', v.published_at) END)"""

CLAIM_FROM = """claims_claim c JOIN claims_speaker s ON s.id = c.speaker_id
    LEFT JOIN claims_verdict v ON v.id = c.current_verdict_id LEFT JOIN claims_rating r ON r.id = c.current_rating_id"""


def claim_page_sql(where: str = "TRUE", order: str = "c.claimed_at DESC NULLS LAST, c.id DESC", limit: int = 51) -> str:
    """One page of the claim list as the API's JSON (51 rows: the page and the "is there a next" row)."""
    return (
        f"SELECT coalesce(json_agg(page.claim), '[]')::text FROM ("
        f"SELECT {CLAIM_JSON} AS claim FROM {CLAIM_FROM} WHERE {where} ORDER BY {order} LIMIT {limit}) page"
    )


CLAIM_DETAIL_SQL = f"SELECT {CLAIM_JSON}::text FROM {CLAIM_FROM} WHERE c.id = %s"

SEARCH_SQL = claim_page_sql(
    "c.search_vector @@ websearch_to_tsquery('english', %(q)s)",
    "ts_rank(c.search_vector, websearch_to_tsquery('english', %(q)s)) DESC, c.id DESC",
)

SPEAKER_RECORD_SQL = """
WITH claims AS (SELECT status, current_rating_id FROM claims_claim WHERE speaker_id = %(speaker)s),
     by_status AS (SELECT st.status, count(c.status) AS n
                     FROM unnest(ARRAY['new', 'in_review', 'checked', 'dismissed']) WITH ORDINALITY AS st(status, pos)
                     LEFT JOIN claims c ON c.status = st.status GROUP BY st.status, st.pos ORDER BY st.pos),
     by_rating AS (SELECT current_rating_id AS rating_id, count(*) AS n FROM claims
                    WHERE current_rating_id IS NOT NULL GROUP BY current_rating_id)
SELECT json_build_object(
    'speaker', json_build_object('id', s.id, 'name', s.name, 'slug', s.slug),
    'total', (SELECT sum(n) FROM by_status),
    'by_status', (SELECT json_object_agg(status, n) FROM by_status),
    'by_rating', (SELECT json_agg(json_build_object('slug', r.slug, 'label', r.label, 'value', r.value,
                                                    'count', coalesce(br.n, 0))
                                  ORDER BY r.value DESC NULLS LAST, r.slug)
                    FROM claims_rating r LEFT JOIN by_rating br ON br.rating_id = r.id))::text
FROM claims_speaker s WHERE s.id = %(speaker)s
"""

CLAIMREVIEW_FEED_SQL = f"""
SELECT coalesce(json_agg(page.item), '[]')::text FROM (
  SELECT json_build_object(
      '@type', 'ClaimReview', 'url', v.url, 'datePublished', v.published_at, 'claimReviewed', c.text,
      'author', json_build_object('@type', 'Organization', 'name', 'Claim Tracker Demo Desk'),
      'itemReviewed', json_build_object(
          '@type', 'Claim', 'datePublished', c.claimed_at,
          'author', json_build_object('@type', 'Person', 'name', s.name),
          'appearance', {APPEARANCES_JSON}),
      'reviewRating', json_build_object('@type', 'Rating', 'ratingValue', r.value, 'alternateName', r.label,
                                        'bestRating', 6, 'worstRating', 1)) AS item
    FROM claims_verdict v JOIN claims_claim c ON c.id = v.claim_id JOIN claims_speaker s ON s.id = c.speaker_id
    JOIN claims_rating r ON r.id = v.rating_id
   WHERE v.published_at IS NOT NULL
   ORDER BY v.published_at DESC, v.id DESC LIMIT 51) page
"""

ADMIN_CHANGELIST_SQL = """
SELECT json_build_object(
  'count', (SELECT count(*) FROM claims_claim WHERE status = %(status)s),
  'rows', (SELECT json_agg(json_build_object('id', c.id, 'text', left(c.text, 80), 'speaker', s.name,
                                             'status', c.status, 'rating', r.label, 'claimed_at', c.claimed_at))
             FROM (SELECT * FROM claims_claim WHERE status = %(status)s
                    ORDER BY claimed_at DESC NULLS LAST, id DESC LIMIT 100) c
             JOIN claims_speaker s ON s.id = c.speaker_id
             LEFT JOIN claims_rating r ON r.id = c.current_rating_id))::text
"""


def pick_parameters(url: str, claims: int, seed: int) -> dict:
    """Which speakers, claims and values the endpoints ask for, chosen from the data."""
    rng = random.Random(seed)
    with psycopg.connect(**conninfo(url), autocommit=True) as conn:
        heavy, heavy_count = conn.execute(
            "SELECT speaker_id, count(*) FROM claims_claim GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
        ).fetchone()
        median = conn.execute(
            "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY n) FROM "
            "(SELECT count(*) AS n FROM claims_claim GROUP BY speaker_id) counts"
        ).fetchone()[0]
        light = [
            row[0]
            for row in conn.execute(
                "SELECT speaker_id FROM claims_claim GROUP BY 1 HAVING count(*) = %s ORDER BY 1 LIMIT 50", (median,)
            )
        ]
        first, last = conn.execute(
            "SELECT min(claimed_at), max(claimed_at) FROM claims_claim WHERE speaker_id = %s", (heavy,)
        ).fetchone()
        middle = first + (last - first) / 2
        heavy_name = conn.execute("SELECT name FROM claims_speaker WHERE id = %s", (heavy,)).fetchone()[0]
        max_claim, max_article = conn.execute(
            "SELECT (SELECT max(id) FROM claims_claim), (SELECT max(id) FROM articles_article)"
        ).fetchone()
        article = rng.randint(1, max_article)
        q_broad, q_narrow = "chemical weapons", f"{heavy_name.split()[-1]} unemployment"
        matches = {
            q: conn.execute(
                "SELECT count(*) FROM claims_claim WHERE search_vector @@ websearch_to_tsquery('english', %s)", (q,)
            ).fetchone()[0]
            for q in (q_broad, q_narrow)
        }
    return {
        "heavy_speaker": heavy,
        "heavy_speaker_claims": heavy_count,
        "light_speakers": light,
        "light_speaker_claims": median,
        "claimed_after": (middle - dt.timedelta(days=365)).isoformat(),
        "claimed_before": (middle + dt.timedelta(days=365)).isoformat(),
        "claim_ids": [rng.randint(1, max_claim) for _ in range(500)],
        "status": "in_review",
        "rating": "false",
        "rare_rating": "unproven",
        "q_broad": q_broad,
        "q_narrow": q_narrow,
        "q_matches": matches,
        "article": article,
    }


def build_endpoints(p: dict) -> list[Endpoint]:
    def claims(**query) -> str:
        return "/api/claims/?" + urlencode(query) if query else "/api/claims/"

    light = p["light_speakers"]
    window = (p["claimed_after"], p["claimed_before"])
    return [
        Endpoint(
            "floor",
            "floor: rating scale (8 rows)",
            "floor",
            ["/api/ratings/"],
            sql="SELECT json_agg(json_build_object('id', id, 'slug', slug, 'label', label, 'value', value, "
            "'description', description, 'created_at', created_at, 'updated_at', updated_at) "
            "ORDER BY value DESC NULLS LAST, slug)::text FROM claims_rating",
            sql_params=[()],
        ),
        Endpoint("claim_list", "claim list (page of 50)", "list", [claims()], sql=claim_page_sql(), sql_params=[()]),
        Endpoint(
            "speaker_heavy",
            f"by speaker, heavy ({p['heavy_speaker_claims']:,} claims)",
            "list",
            [claims(speaker=p["heavy_speaker"])],
            sql=claim_page_sql("c.speaker_id = %s"),
            sql_params=[(p["heavy_speaker"],)],
        ),
        Endpoint(
            "speaker_light",
            f"by speaker, light ({p['light_speaker_claims']} claims)",
            "list",
            [claims(speaker=s) for s in light],
            sql=claim_page_sql("c.speaker_id = %s"),
            sql_params=[(s,) for s in light],
        ),
        Endpoint(
            "status",
            f"by status ({p['status']})",
            "list",
            [claims(status=p["status"])],
            sql=claim_page_sql("c.status = %s"),
            sql_params=[(p["status"],)],
        ),
        Endpoint(
            "speaker_status_dates",
            "speaker + status + 2-year range",
            "list",
            [claims(speaker=p["heavy_speaker"], status="checked", claimed_after=window[0], claimed_before=window[1])],
            sql=claim_page_sql("c.speaker_id = %s AND c.status = %s AND c.claimed_at BETWEEN %s AND %s"),
            sql_params=[(p["heavy_speaker"], "checked", *window)],
        ),
        Endpoint(
            "rating",
            f"by current rating ({p['rating']})",
            "list",
            [claims(rating=p["rating"])],
            sql=claim_page_sql("c.current_rating_id = (SELECT id FROM claims_rating WHERE slug = %s)"),
            sql_params=[(p["rating"],)],
        ),
        Endpoint(
            "rating_rare",
            f"by current rating ({p['rare_rating']})",
            "list",
            [claims(rating=p["rare_rating"])],
            sql=claim_page_sql("c.current_rating_id = (SELECT id FROM claims_rating WHERE slug = %s)"),
            sql_params=[(p["rare_rating"],)],
        ),
        Endpoint(
            "search_broad",
            f"full-text q={p['q_broad']!r} ({p['q_matches'][p['q_broad']]:,} matches)",
            "search",
            [claims(q=p["q_broad"])],
            sql=SEARCH_SQL,
            sql_params=[{"q": p["q_broad"]}],
        ),
        Endpoint(
            "search_narrow",
            f"full-text q={p['q_narrow']!r} ({p['q_matches'][p['q_narrow']]:,} matches)",
            "search",
            [claims(q=p["q_narrow"])],
            sql=SEARCH_SQL,
            sql_params=[{"q": p["q_narrow"]}],
        ),
        Endpoint(
            "claim_detail",
            "claim detail",
            "detail",
            [f"/api/claims/{pk}/" for pk in p["claim_ids"]],
            sql=CLAIM_DETAIL_SQL,
            sql_params=[(pk,) for pk in p["claim_ids"]],
        ),
        Endpoint(
            "speaker_record_heavy",
            "speaker record, heavy",
            "detail",
            [f"/api/speakers/{p['heavy_speaker']}/record/"],
            sql=SPEAKER_RECORD_SQL,
            sql_params=[{"speaker": p["heavy_speaker"]}],
        ),
        Endpoint(
            "speaker_record_light",
            "speaker record, light",
            "detail",
            [f"/api/speakers/{s}/record/" for s in light],
            sql=SPEAKER_RECORD_SQL,
            sql_params=[{"speaker": s} for s in light],
        ),
        Endpoint(
            "claimreview_feed",
            "ClaimReview feed page",
            "list",
            ["/api/claimreview/"],
            sql=CLAIMREVIEW_FEED_SQL,
            sql_params=[()],
        ),
        Endpoint(
            "admin_changelist",
            f"admin changelist, status={p['status']}",
            "admin",
            [f"/admin/claims/claim/?status__exact={p['status']}"],
            auth="session",
            sql=ADMIN_CHANGELIST_SQL,
            sql_params=[{"status": p["status"]}],
        ),
        Endpoint(
            "create_claim",
            "create claim + appearance (POST)",
            "write",
            ["/api/claims/"],
            method="POST",
            auth="token",
            expect=201,
            body={
                "text": "Benchmark: unemployment fell by 3.4 percent since 2019.",
                "speaker_id": light[0] if light else p["heavy_speaker"],
                "article_id": p["article"],
                "quote": "Unemployment has fallen by 3.4 percent since 2019.",
                "is_direct_quote": True,
                "claimed_at": "2025-06-01",
                "context": "benchmark",
            },
        ),
    ]


# --------------------------------------------------------------------------- the server


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


# --------------------------------------------------------------------------- one size


def migrate(url: str, args) -> None:
    command = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
    env = server_environment(url, args) | {"DJANGO_SETTINGS_MODULE": "config.settings"}
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


def cleanup_writes(url: str, user_id: int) -> int:
    with psycopg.connect(**conninfo(url), autocommit=True) as conn:
        conn.execute(
            "DELETE FROM claims_appearance WHERE claim_id IN (SELECT id FROM claims_claim WHERE created_by_id = %s)",
            (user_id,),
        )
        return conn.execute("DELETE FROM claims_claim WHERE created_by_id = %s", (user_id,)).rowcount


def measure_size(server_url: str, claims: int, args) -> dict:
    name = f"{args.db_prefix}{claims}"
    url = url_with_database(server_url, name)
    build = build_database(server_url, name, claims, args)
    params = pick_parameters(url, claims, args.seed)
    endpoints = build_endpoints(params)
    if args.only:
        endpoints = [e for e in endpoints if e.name in args.only]
    log(f"{name}: counting queries per request")
    probe = run_probe(url, endpoints, args)
    results: dict[str, dict] = {}
    server = Gunicorn(url, args)
    log(f"{name}: {' '.join(server.command[2:])}")
    try:
        with server:
            for endpoint in endpoints:
                results[endpoint.name] = measure_endpoint(endpoint, server, url, probe, args)
    finally:
        removed = cleanup_writes(url, probe["user_id"])
        if removed:
            log(f"{name}: removed the {removed} claims the write benchmark created")
        if args.drop_after:
            drop_database(server_url, name)
    return {
        "claims": claims,
        "database": name,
        "build": build,
        "parameters": {k: v for k, v in params.items() if k != "claim_ids"},
        "gunicorn": " ".join(server.command[2:]),
        "endpoints": results,
    }


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


def measure_endpoint(endpoint: Endpoint, server: Gunicorn, url: str, probe: dict, args) -> dict:
    port = server.port
    seen = probe["probes"][endpoint.name]
    entry = {
        "label": endpoint.label,
        "kind": endpoint.kind,
        "method": endpoint.method,
        "path": endpoint.paths[0],
        "queries": seen["queries"],
        "response_bytes": seen["bytes"],
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
    body = None
    if endpoint.body is not None:
        body = json.dumps(endpoint.body).encode()
        headers["Content-Type"] = "application/json"
    request = load.Request(endpoint.method, endpoint.paths, headers, body)
    options = {"concurrency": args.concurrency, "generator": args.load_generator}
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
        connections = [psycopg.connect(**conninfo(url), autocommit=True) for _ in range(args.concurrency)]
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


# --------------------------------------------------------------------------- reporting


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
    """Issue 6's goals against the largest size (and growth from the smallest)."""
    largest, smallest = runs[-1], runs[0]
    checks = []
    for name, entry in largest["endpoints"].items():
        if "api" not in entry:
            continue
        api = entry["api"]
        for metric, limit in GOALS.get(entry["kind"], {}).items():
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
    lines = [f"#### Goals (issue 6): {len(checks) - len(missed)} of {len(checks)} met", ""]
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


# --------------------------------------------------------------------------- main


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
    p.add_argument("--output", type=Path, help="JSON file (default bench/results/<time>-<commit>.json)")
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
    markdown = [size_table(run) for run in runs]
    if len(runs) > 1:
        markdown.append(growth_table(runs[0], runs[-1]))
    markdown.append(goals_table(checks))
    settings = report["settings"]
    markdown.append(
        f"_{report['machine']['cores']} cores ({report['machine']['cpu']}), PostgreSQL "
        f"{report['postgres']['version']}, concurrency {settings['concurrency']}, {settings['duration_s']:g}s per "
        f"endpoint with {settings['load_generator']}; {runs[-1]['gunicorn']}; "
        f"CONN_MAX_AGE={settings['conn_max_age']}; commit {report['git']['commit'][:10]}"
        f"{' (dirty)' if report['git']['dirty'] else ''}._"
    )
    report["markdown"] = "\n\n".join(markdown)
    output = args.output or RESULTS_DIR / (
        f"{time.strftime('%Y%m%dT%H%M%S')}-{report['git']['commit'][:7] or 'nogit'}.json"
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, default=str))
    print(report["markdown"])
    log(f"results written to {output} ({report['seconds']:.0f}s in all)")
    report["output"] = str(output)
    return report


if __name__ == "__main__":
    main()
