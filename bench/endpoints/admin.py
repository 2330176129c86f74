"""The admin's rows: the claim changelist an editor works from."""

from bench.endpoints import Endpoint, row

# What the changelist shows (articles.admin.ArchiveAdminMixin): 50 rows, a count capped at 10,000.
ADMIN_CHANGELIST_SQL = """
SELECT json_build_object(
  'count', (SELECT count(*) FROM (SELECT 1 FROM claims_claim WHERE status = %(status)s LIMIT 10001) capped),
  'rows', (SELECT json_agg(json_build_object('id', c.id, 'text', left(c.text, 80), 'speaker', s.name,
                                             'status', c.status, 'rating', r.label, 'claimed_at', c.claimed_at))
             FROM (SELECT * FROM claims_claim WHERE status = %(status)s
                    ORDER BY claimed_at DESC NULLS LAST, id DESC LIMIT 50) c
             JOIN claims_speaker s ON s.id = c.speaker_id
             LEFT JOIN claims_rating r ON r.id = c.current_rating_id))::text
"""


@row
def claim_changelist(p):
    return Endpoint(
        "admin_changelist",
        f"admin changelist, status={p['status']}",
        "admin",
        [f"/admin/claims/claim/?status__exact={p['status']}"],
        auth="session",
        sql=ADMIN_CHANGELIST_SQL,
        sql_params=[{"status": p["status"]}],
    )
