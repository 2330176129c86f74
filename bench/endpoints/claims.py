"""The claim API's rows: the floor (what any request costs), the claim list and its
filters, full-text search, the detail, a speaker's record, and creating a claim."""

import datetime as dt
from urllib.parse import urlencode

from bench.baseline import CLAIM_DETAIL_SQL, claim_page_sql
from bench.endpoints import Endpoint, row

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


def parameters(conn, rng) -> dict:
    """The speakers, claims, dates, ratings and search phrases the claim rows ask for."""
    heavy, heavy_count = conn.execute(
        "SELECT speaker_id, count(*) FROM claims_claim GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
    ).fetchone()
    median = conn.execute(
        "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY n) FROM "
        "(SELECT count(*) AS n FROM claims_claim GROUP BY speaker_id) counts"
    ).fetchone()[0]
    light = [
        speaker_id
        for (speaker_id,) in conn.execute(
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
    # Words the article really prints: a quote that is not in the body is a 400 (issue 13).
    article_quote = conn.execute(
        "SELECT quote FROM claims_appearance WHERE article_id = %s AND start IS NOT NULL ORDER BY id LIMIT 1",
        (article,),
    ).fetchone()[0]
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
        "article_quote": article_quote,
    }


def claims(**query) -> str:
    return "/api/claims/?" + urlencode(query) if query else "/api/claims/"


@row
def floor(p):
    return Endpoint(
        "floor",
        "floor: rating scale (8 rows)",
        "floor",
        ["/api/ratings/"],
        sql="SELECT json_agg(json_build_object('id', id, 'slug', slug, 'label', label, 'value', value, "
        "'description', description, 'created_at', created_at, 'updated_at', updated_at) "
        "ORDER BY value DESC NULLS LAST, slug)::text FROM claims_rating",
        sql_params=[()],
    )


@row
def claim_lists(p):
    light = p["light_speakers"]
    window = (p["claimed_after"], p["claimed_before"])
    return [
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
    ]


@row
def search(p):
    return [
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
    ]


@row
def detail_and_record(p):
    light = p["light_speakers"]
    return [
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
    ]


@row
def create_claim(p):
    light = p["light_speakers"]
    return Endpoint(
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
            "quote": p["article_quote"],
            "is_direct_quote": True,
            "claimed_at": "2025-06-01",
            "context": "benchmark",
        },
    )


# The bench editor's claims without verdicts: the POST row's (the import row's have verdicts
# and are claimreview.py's to remove).
CREATED_CLAIMS = (
    "SELECT id FROM claims_claim c WHERE c.created_by_id = %s "
    "AND NOT EXISTS (SELECT 1 FROM claims_verdict v WHERE v.claim_id = c.id)"
)


def cleanup(conn, user_id: int) -> int:
    """The claims (with their appearances and embeddings) the bench editor created."""
    for table in ("claims_appearance", "matching_claimembedding"):
        conn.execute(f"DELETE FROM {table} WHERE claim_id IN ({CREATED_CLAIMS})", (user_id,))
    return conn.execute(f"DELETE FROM claims_claim WHERE id IN ({CREATED_CLAIMS})", (user_id,)).rowcount
