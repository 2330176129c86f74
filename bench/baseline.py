"""The hand-written SQL baselines' shared pieces: a claim as the API shows it, built as JSON
by PostgreSQL, so API/SQL is what Django, DRF and HTTP add on top of the data. Each row's
own query sits beside the row in ``bench/endpoints/``."""

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
