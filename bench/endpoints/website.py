"""The public site's rows (issue 17): the fact-check page (p50 < 30 ms at 1M claims) and a
filtered browse page (p50 < 60 ms), plus the home page, a speaker's page and a filtered feed."""

import datetime as dt
from urllib.parse import urlencode

from bench.endpoints import Endpoint, row
from claims.slugs import claim_slug


def parameters(conn, rng) -> dict:
    """Published fact-checks to open (canonical URLs, so no redirect is measured), and a
    rating with a two-year window for the filtered browse page."""
    (max_claim,) = conn.execute("SELECT max(id) FROM claims_claim").fetchone()
    pages = []
    for _ in range(200):
        claim_id, text = (
            conn.execute(
                "SELECT id, text FROM claims_claim WHERE current_verdict_id IS NOT NULL AND id >= %s "
                "ORDER BY id LIMIT 1",
                (rng.randint(1, max_claim),),
            ).fetchone()
            or conn.execute(
                "SELECT id, text FROM claims_claim WHERE current_verdict_id IS NOT NULL ORDER BY id LIMIT 1"
            ).fetchone()
        )
        pages.append(f"/fact-checks/{claim_id}-{claim_slug(text)}/")
    first, last = conn.execute(
        "SELECT min(claimed_at), max(claimed_at) FROM claims_claim WHERE current_verdict_id IS NOT NULL"
    ).fetchone()
    middle = first + (last - first) / 2
    (speaker,) = conn.execute(
        "SELECT s.slug FROM claims_speaker s JOIN claims_claim c ON c.speaker_id = s.id "
        "WHERE c.current_verdict_id IS NOT NULL "
        "GROUP BY s.slug HAVING count(*) BETWEEN 3 AND 50 ORDER BY s.slug LIMIT 1"
    ).fetchone()
    return {
        "site_pages": pages,
        "site_window": ((middle - dt.timedelta(days=365)).isoformat(), (middle + dt.timedelta(days=365)).isoformat()),
        "site_speaker": speaker,
    }


def browse_query(p) -> str:
    after, before = p["site_window"]
    return urlencode({"rating": "false", "claimed_after": after, "claimed_before": before})


@row
def pages(p):
    return [
        Endpoint(
            "site_fact_check",
            "site: fact-check page (200 random)",
            "detail",
            p["site_pages"],
            goals={"p50_ms": 30},
        ),
        Endpoint(
            "site_browse_filtered",
            "site: browse, rating + 2-year range",
            "list",
            [f"/fact-checks/?{browse_query(p)}"],
            goals={"p50_ms": 60},
        ),
        Endpoint("site_home", "site: home page (latest 10)", "list", ["/"], goals={}),
        Endpoint("site_speaker", "site: speaker page", "list", [f"/speakers/{p['site_speaker']}/"], goals={}),
        Endpoint(
            "site_feed",
            "site: Atom feed, same filters (50)",
            "list",
            [f"/feeds/fact-checks/?{browse_query(p)}"],
            goals={},
        ),
    ]
