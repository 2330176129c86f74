"""The ClaimReview rows: the feed, and the import of a 2,000-review document."""

from bench.baseline import APPEARANCES_JSON
from bench.claimreview_document import claimreview_document
from bench.endpoints import Endpoint, row

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


@row
def feed(p):
    return Endpoint(
        "claimreview_feed",
        "ClaimReview feed page",
        "list",
        ["/api/claimreview/"],
        sql=CLAIMREVIEW_FEED_SQL,
        sql_params=[()],
    )


def parameters(conn, rng) -> dict:
    """How many reviews the import row sends: the documented size (2,000, ~1 MiB) from 10,000
    claims up; a tenth of the claims below (the suite's tiny archives), to keep it quick."""
    (claims,) = conn.execute("SELECT count(*) FROM claims_claim").fetchone()
    return {"import_reviews": 2000 if claims >= 10_000 else max(20, claims // 10)}


IMPORT_REQUESTS = 3


@row
def claimreview_import(p):
    """Issue 12, finding 7: a 1 MiB document of 2,000 reviews must import in well under
    gunicorn's 30 s (goal: 10 s). Each request a new document (``bench.claimreview_document``,
    seeds 1.. for the measured ones, 0 for the probe), one after another; the CPU includes the
    claims' embedding, which the server does after answering."""
    n = p["import_reviews"]
    return Endpoint(
        "claimreview_import",
        f"ClaimReview import, {n:,} reviews (POST, one at a time)",
        "write",
        ["/api/claimreview/import/"],
        method="POST",
        auth="token",
        body=claimreview_document(n, seed=0),
        bodies=[claimreview_document(n, seed=seed) for seed in range(1, IMPORT_REQUESTS + 2)],  # + warm-up
        requests=IMPORT_REQUESTS,
        goals={"p50_ms": 10_000},
    )


def cleanup(conn, user_id: int) -> int:
    """What the bench editor's imports created: their claims (with verdicts, appearances,
    embeddings and audit entries), then the speakers, articles and publishers made since that
    nothing refers to any more (the archive's own are years older)."""
    # An import inserts its speakers, publishers and articles moments before its claims; the
    # archive's own rows are years older.
    (since,) = conn.execute(
        "SELECT min(c.created_at) - interval '1 hour' FROM claims_claim c WHERE c.created_by_id = %s "
        "AND EXISTS (SELECT 1 FROM claims_verdict v WHERE v.claim_id = c.id AND v.publisher_id IS NOT NULL)",
        (user_id,),
    ).fetchone()
    if since is None:
        return 0
    removed = 0
    with conn.transaction():
        conn.execute(
            "CREATE TEMP TABLE bench_imported ON COMMIT DROP AS SELECT c.id FROM claims_claim c "
            "WHERE c.created_by_id = %s AND EXISTS "
            "(SELECT 1 FROM claims_verdict v WHERE v.claim_id = c.id AND v.publisher_id IS NOT NULL)",
            (user_id,),
        )
        conn.execute(
            "UPDATE claims_claim SET current_verdict_id = NULL, current_rating_id = NULL, status = 'new' "
            "WHERE id IN (SELECT id FROM bench_imported)"
        )
        for table in ("matching_claimembedding", "claims_appearance", "claims_verdict"):
            removed += conn.execute(f"DELETE FROM {table} WHERE claim_id IN (SELECT id FROM bench_imported)").rowcount
        removed += conn.execute("DELETE FROM claims_claim WHERE id IN (SELECT id FROM bench_imported)").rowcount
        for table in ("claims_historicalclaim", "claims_historicalappearance", "claims_historicalverdict"):
            conn.execute(f"DELETE FROM {table} WHERE history_user_id = %s AND history_date >= %s", (user_id, since))
        removed += conn.execute(
            "DELETE FROM claims_speaker s WHERE s.created_at >= %s "
            "AND NOT EXISTS (SELECT 1 FROM claims_claim c WHERE c.speaker_id = s.id)",
            (since,),
        ).rowcount
        removed += conn.execute(
            "DELETE FROM articles_article a WHERE a.created_at >= %s "
            "AND NOT EXISTS (SELECT 1 FROM claims_appearance x WHERE x.article_id = a.id)",
            (since,),
        ).rowcount
        removed += conn.execute(
            "DELETE FROM articles_publisher p WHERE p.created_at >= %s "
            "AND NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.publisher_id = p.id) "
            "AND NOT EXISTS (SELECT 1 FROM claims_verdict v WHERE v.publisher_id = p.id)",
            (since,),
        ).rowcount
    return removed
