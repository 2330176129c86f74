"""The "checked before?" row (issue 16): ``GET /api/claims/similar/?text=…`` for a statement not
logged yet, the model's embedding of the text included, against every checked claim.

The bench database's embeddings are synthetic (``bench.generate.copy_embeddings``: unit
vectors around random centres, with the HNSW index over the checked ones), since embedding a
million generated sentences would take about an hour here; the query's own vector is the
real model's. The texts are checked claims' own, reworded, and all different, so no
request is answered from anything a previous one computed."""

from urllib.parse import urlencode

from bench.endpoints import Endpoint, row
from bench.generate import has_vector_column

TEXTS = 40
# Rewordings applied in turn: a lookup is a new text, not a stored one.
PREFIXES = ("They say that", "Is it true that", "A post claims", "Reportedly,", "I read that")


def parameters(conn, rng) -> dict:
    if not has_vector_column(conn):
        return {"similar_texts": []}
    (top,) = conn.execute("SELECT max(id) FROM claims_claim").fetchone()
    picks = sorted({rng.randint(1, top) for _ in range(TEXTS * 3)})
    texts = conn.execute(
        "SELECT text FROM claims_claim WHERE id = ANY(%s) AND current_verdict_id IS NOT NULL ORDER BY id LIMIT %s",
        (picks, TEXTS),
    ).fetchall()
    return {
        "similar_texts": [
            f"{PREFIXES[n % len(PREFIXES)]} {text[0].rstrip('.')[0].lower()}{text[0].rstrip('.')[1:]}"
            for n, text in enumerate(texts)
        ]
    }


@row
def similar_to_text(p):
    """Issue 16's goal is one lookup's latency: an editor's request, at concurrency 1. The
    same request at the bench's concurrency (8 on 2 cores) shows what it costs under load:
    the model's inference is CPU-bound, so requests queue for the cores."""
    if not p["similar_texts"]:
        return []  # no pgvector on this server: the row measures nothing
    paths = [f"/api/claims/similar/?{urlencode({'text': text})}" for text in p["similar_texts"]]
    return [
        Endpoint(
            "matching_similar_text",
            "checked before? a new text (embedding included), one at a time",
            "search",
            paths,
            goals={"p50_ms": 30},  # issue 16
            concurrency=1,
        ),
        Endpoint(
            "matching_similar_text_loaded",
            "checked before? a new text (embedding included), at the bench's concurrency",
            "search",
            paths,
        ),
    ]
