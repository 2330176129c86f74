"""The benchmark (issue 6) at tiny size, so it cannot rot: the data generator's shape and
integrity, and one end-to-end run of the harness. No timing assertions."""

import http.server
import json
import os
import re
import statistics
import subprocess
import threading
from collections import Counter

import psycopg
import pytest
from django.db import connection

from bench import endpoints, generate, load, run
from bench import report as bench_report
from claims.models import Appearance, Claim, Evidence, Speaker, Verdict
from matching import vectors

SPEC = generate.Spec(claims=300, seed=11)


def schema_snapshot() -> set[tuple[str, str]]:
    """Every index, constraint and trigger (with its enabled state) of the generator's tables."""
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT 'index', indexrelid::regclass::text FROM pg_index WHERE indrelid = ANY(%(t)s::regclass[])
            UNION ALL
            SELECT 'constraint', conname || ':' || convalidated::text FROM pg_constraint
             WHERE conrelid = ANY(%(t)s::regclass[])
            UNION ALL
            SELECT 'trigger', tgname || ':' || tgenabled::text FROM pg_trigger
             WHERE tgrelid = ANY(%(t)s::regclass[]) AND NOT tgisinternal
            """,
            {"t": list(generate.TABLE_ORDER)},
        )
        return set(cur.fetchall())


def scalar(sql: str, params=()):
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()[0]


@pytest.fixture
def archive(db):
    """The tiny archive, loaded into the test transaction (rolled back afterwards)."""
    connection.ensure_connection()
    before = schema_snapshot()
    result = generate.load(connection.connection, SPEC, pipeline=False)
    return {"result": result, "schema_before": before}


def test_row_counts_follow_the_spec(archive):
    assert Claim.objects.count() == SPEC.claims == 300
    assert Speaker.objects.count() == SPEC.speakers == 15
    assert archive["result"]["counts"]["articles_article"] == SPEC.articles == 60
    assert archive["result"]["counts"]["articles_publisher"] == SPEC.publishers
    assert Verdict.objects.count() == round(SPEC.claims * 0.3) == 90
    assert Evidence.objects.count() >= Verdict.objects.count()  # every verdict has evidence
    assert not Verdict.objects.filter(evidence__isnull=True).exists()
    assert SPEC.claims < Appearance.objects.count() < 2 * SPEC.claims
    assert not Claim.objects.filter(appearances__isnull=True).exists()
    assert archive["result"]["counts"] == {
        "articles_publisher": SPEC.publishers,
        "claims_speaker": Speaker.objects.count(),
        "articles_article": SPEC.articles,
        "claims_appearance": Appearance.objects.count(),
        "claims_verdict": Verdict.objects.count(),
        "claims_evidence": Evidence.objects.count(),
        "claims_claim": Claim.objects.count(),
    } | ({"matching_claimembedding": Claim.objects.count()} if vectors.available() else {})


def test_synthetic_embeddings_are_unit_vectors_flagged_as_their_claims(archive):
    """Where pgvector is in use every claim has an embedding (binary COPY), checked claims
    also their text and summary vectors, and the flag follows the claim's current verdict."""
    if not vectors.available():
        pytest.skip("needs pgvector")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE e.checked <> (c.current_verdict_id IS NOT NULL)), "
            "count(*) FILTER (WHERE e.checked AND (e.claim_embedding IS NULL OR e.summary_embedding IS NULL)), "
            "count(*) FILTER (WHERE NOT e.checked AND e.claim_embedding IS NOT NULL), "
            "max(abs(vector_norm(e.embedding) - 1)), max(abs(vector_norm(e.summary_embedding) - 1)), "
            "count(*) FILTER (WHERE e.checked) FROM matching_claimembedding e JOIN claims_claim c ON c.id = e.claim_id"
        )
        total, misflagged, checked_without_views, unchecked_with_views, off_unit, off_unit_summary, checked = (
            cursor.fetchone()
        )
    assert total == Claim.objects.count()
    assert (misflagged, checked_without_views, unchecked_with_views) == (0, 0, 0)
    assert off_unit < 1e-5 and off_unit_summary < 1e-5
    assert checked == Claim.objects.exclude(current_verdict=None).count() > 0


def test_speakers_are_skewed_like_the_news(archive):
    per_speaker = Counter(Claim.objects.values_list("speaker_id", flat=True))
    counts = sorted((per_speaker.get(pk, 0) for pk in Speaker.objects.values_list("pk", flat=True)), reverse=True)
    assert counts[0] >= 0.15 * SPEC.claims  # one speaker dominates
    assert counts[0] >= 5 * statistics.median(counts)  # most have a handful


def test_references_and_constraints_hold(archive):
    # Every index, constraint and trigger is back (validated), so the foreign keys held.
    assert schema_snapshot() == archive["schema_before"]
    assert not Claim.objects.exclude(speaker__in=Speaker.objects.all()).exists()
    assert (
        scalar(
            "SELECT count(*) FROM claims_appearance a LEFT JOIN articles_article ar ON ar.id = a.article_id "
            "WHERE ar.id IS NULL"
        )
        == 0
    )
    # A checked claim points at its latest published verdict; nothing else is checked.
    for claim in Claim.objects.prefetch_related("verdicts"):
        published = sorted((v for v in claim.verdicts.all() if v.published_at), key=lambda v: (v.published_at, v.pk))
        assert claim.current_verdict_id == (published[-1].pk if published else None)
        assert (claim.status == Claim.Status.CHECKED) == bool(published)
    assert Verdict.objects.filter(published_at__isnull=True).exists()  # some drafts
    # Offsets point at the quote in the article body; the model's own validation agrees.
    assert (
        scalar(
            "SELECT count(*) FROM claims_appearance a JOIN articles_article ar ON ar.id = a.article_id "
            'WHERE a.start IS NOT NULL AND substr(ar.body, a.start + 1, a."end" - a.start) <> a.quote'
        )
        == 0
    )
    assert Appearance.objects.filter(start__isnull=False).count() == SPEC.claims
    # (Syndicated paraphrases without offsets are archive rows the generator writes by COPY;
    # since issue 13 a quote missing from a non-empty body is refused on every write path.)
    for appearance in Appearance.objects.select_related("article").filter(start__isnull=False).order_by("pk")[:40]:
        appearance.full_clean()


def test_search_vectors_match_the_trigger(archive):
    # Weights and lexemes as the trigger computes them; positions may differ between quotes
    # of one claim, whose order the trigger's string_agg leaves to the plan.
    assert (
        scalar(
            "SELECT count(*) FROM claims_claim WHERE search_vector IS NULL "
            "OR strip(search_vector) <> strip(claims_claim_search_document(id, text, speaker_id))"
        )
        == 0
    )
    assert (
        scalar(
            "SELECT count(*) FROM claims_claim c WHERE (SELECT count(*) FROM claims_appearance a "
            "WHERE a.claim_id = c.id) = 1 AND search_vector <> claims_claim_search_document(id, text, speaker_id)"
        )
        == 0
    )
    # Words the generator always uses (a topic phrase, a figure): both are found.
    assert Claim.objects.search("weapons").exists()
    assert Claim.objects.search("percent").exists()


def test_loaded_archive_accepts_new_rows(archive):
    speaker = Speaker.objects.create(name="New Speaker")
    claim = Claim.objects.create(text="Fresh claim about turnout", speaker=speaker)
    assert speaker.pk == SPEC.speakers + 1
    assert claim.pk == SPEC.claims + 1
    assert Claim.objects.search("turnout").filter(pk=claim.pk).exists()  # the trigger is back on


def test_the_same_seed_gives_the_same_archive(archive):
    checksum = "SELECT md5(string_agg(text || speaker_id || status, '|' ORDER BY id)) FROM claims_claim"
    first = scalar(checksum)
    generate.load(connection.connection, SPEC, pipeline=False)
    assert scalar(checksum) == first


class Hello(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = b'{"ok": true}'
        self.send_response(200 if self.path != "/missing" else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("generator", ["python", "wrk"])
def test_load_generators_count_requests_and_failures(http_server, generator):
    if generator == "wrk" and not load.wrk_available():
        pytest.skip("wrk is not installed")
    request = load.Request("GET", ["/a", "/missing"], {"Accept": "application/json"})
    result = load.run_http(
        "127.0.0.1", http_server, request, generator=generator, concurrency=2, duration=0.3, max_requests=40
    )
    assert 0 < result.requests <= 40 + 2
    assert result.non_2xx > 0 and result.errors == 0
    assert result.p50_ms <= result.p90_ms <= result.p99_ms <= result.max_ms


def test_harness_end_to_end_at_tiny_size(tmp_path):
    """The whole of `make bench` at 300 claims: its own database, gunicorn, load, SQL, report."""
    server_url = os.environ["DATABASE_URL"]
    prefix = f"test_{run.conninfo(server_url).get('dbname', 'claims')}_bench_"
    output = tmp_path / "result.json"
    report = run.main(
        [
            "--sizes=300",
            f"--db-prefix={prefix}",
            "--drop-after",
            "--concurrency=2",
            "--duration=0.3",
            "--warmup=0",
            "--sql-duration=0.1",
            "--max-requests=20",
            "--load-generator=python",
            "--workers=1",
            f"--output={output}",
        ]
    )
    saved = json.loads(output.read_text())
    assert saved["markdown"] == report["markdown"]
    assert saved["git"]["commit"] and saved["machine"]["cores"] and saved["postgres"]["version"]
    (size,) = saved["runs"]
    assert size["claims"] == 300 and size["build"]["counts"]["claims_claim"] == 300
    assert set(size["endpoints"]) == {e.name for e in run.build_endpoints(size["parameters"] | {"claim_ids": [1]})}
    for name, entry in size["endpoints"].items():
        assert "skipped" not in entry, (name, entry)
        assert entry["api"]["requests"] > 0, name
        assert entry["api"]["non_2xx"] == entry["api"]["errors"] == 0, (name, entry["api"])
        assert entry["queries"] >= 1, name
        if entry["baseline"]:  # the rows that declare an SQL baseline measured it
            assert entry["sql"]["requests"] > 0 and entry["api_sql_ratio"], name
    assert "| claim list (page of 50) |" in report["markdown"]
    with psycopg.connect(**run.conninfo(server_url), autocommit=True) as conn:  # --drop-after dropped it
        assert not conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (prefix + "%",)).fetchall()

    # Two sizes: the growth table and the goals compare the largest with the smallest.
    bigger = json.loads(json.dumps(size))
    bigger["claims"] = 3000
    for entry in bigger["endpoints"].values():
        entry["api"]["p50_ms"] *= 2
    growth = run.growth_table(size, bigger)
    assert "Growth from 300 to 3k claims" in growth and "| 2.00 |" in growth
    missed = [c for c in run.goal_check([size, bigger]) if not c["ok"]]
    assert any(c["goal"] == "p50 growth < 1.5x" and c["value"] == pytest.approx(2) for c in missed)


# Results the README cites are committed (issue 11); scratch runs are not.


def git_ignores(path: str) -> bool:
    completed = subprocess.run(["git", "check-ignore", "-q", path], cwd=bench_report.ROOT, check=False)
    assert completed.returncode in (0, 1), completed
    return completed.returncode == 0


def test_kept_results_are_committable_and_scratch_runs_are_not():
    kept = (bench_report.RESULTS_DIR / "20990101T000000-abcdef0.json").relative_to(bench_report.ROOT)
    scratch = (bench_report.SCRATCH_DIR / "20990101T000000-abcdef0.json").relative_to(bench_report.ROOT)
    assert str(kept) == "bench/results/20990101T000000-abcdef0.json"
    assert not git_ignores(str(kept))
    assert git_ignores(str(scratch))


def test_every_result_file_the_readmes_cite_is_in_the_repository():
    for readme in (bench_report.ROOT / "README.md", bench_report.ROOT / "bench" / "README.md"):
        for cited in re.findall(r"bench/results/[\w.-]+\.json", readme.read_text()):
            assert (bench_report.ROOT / cited).is_file(), f"{readme.name} cites {cited}, which is not committed"


def test_rows_come_from_every_endpoint_module_with_writes_last():
    parameters = {
        "heavy_speaker": 1,
        "heavy_speaker_claims": 9,
        "light_speakers": [2],
        "light_speaker_claims": 1,
        "claimed_after": "2020-01-01",
        "claimed_before": "2022-01-01",
        "claim_ids": [1],
        "status": "new",
        "rating": "false",
        "rare_rating": "unproven",
        "q_broad": "a",
        "q_narrow": "b",
        "q_matches": {"a": 1, "b": 1},
        "article": 1,
        "article_quote": "words the article prints",
        "reading_article": 1,
        "site_pages": ["/fact-checks/1-a-claim/"],
        "site_window": ("2020-01-01", "2022-01-01"),
        "site_speaker": "a-speaker",
        "similar_texts": ["A post claims unemployment rose by half"],
        "import_reviews": 20,
    }
    rows = run.build_endpoints(parameters)
    modules = {module.__name__.rsplit(".", 1)[-1] for module in endpoints.modules()}
    assert {"claims", "claimreview", "admin"} <= modules
    names = [e.name for e in rows]
    assert {"claim_list", "claimreview_feed", "admin_changelist", "admin_reading_view", "create_claim"} <= set(names)
    assert "claimreview_import" in names
    assert {"site_fact_check", "site_browse_filtered"} <= set(names)
    assert {"matching_similar_text", "matching_similar_text_loaded"} <= set(names)
    assert [e.concurrency for e in rows if e.name.startswith("matching_")] == [1, None]
    kinds = [e.kind for e in rows]
    assert "write" not in kinds[: kinds.index("write")] and set(kinds[kinds.index("write") :]) == {"write"}
