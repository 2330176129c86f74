"""The ClaimReview feed's row."""

from bench.baseline import APPEARANCES_JSON
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
