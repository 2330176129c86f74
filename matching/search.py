"""Hybrid "checked before?" search: the one code path behind the API's similar-claims
routes, the admin's "possibly checked before" box, the create response and the
evaluation command (``eval_matching``).

Ranking: the vector index proposes the nearest claims by cosine similarity of their
MiniLM embeddings (text + summary), each scored by the nearest of its three vectors (text +
summary, text alone, summary alone; ``vectors.nearest``); each candidate then gains
``MATCHING_LEXICAL_WEIGHT`` times its BM25 score over the claim's lexical document (claim
text, verdict summary, the analysis's opening), divided by the best BM25 score among the
candidates. A weighted sum over the vector candidates beat
reciprocal-rank fusion of the two lists on the benchmark's train and dev splits (README).
Without pgvector the candidates come from PostgreSQL full-text search over the claims'
search vector and the score is BM25 alone, as the share of the query's own BM25 weight the
document matches.
"""

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models.functions import Left

from claims.models import Claim

from . import embedding, text, vectors
from .models import Term

K1, B = 1.2, 0.75
# Words of a query the lexical fallback looks up; tweets run long.
MAX_QUERY_WORDS = 32
MAX_TEXT = 2000


def setting(name: str, default):
    return getattr(settings, name, default)


def matching_document(claim_text: str, summary: str | None) -> str:
    """What a claim is matched on: its text and, once checked, its verdict's summary
    (the fact-check's headline says the claim again in other words)."""
    return f"{claim_text} {summary}" if summary else claim_text


# The opening of a verdict's analysis (the rumour as the fact-check restates it) counts for
# the lexical score; a whole article would drown the claim's own words.
ANALYSIS_CHARS = 300


def lexical_document(claim_text: str, summary: str | None, analysis: str | None) -> str:
    return f"{matching_document(claim_text, summary)} {(analysis or '')[:ANALYSIS_CHARS]}"


# Bumped when what is embedded for a document changes (2: text and summary also alone), so
# ``embed_claims --all`` re-embeds every claim stored the old way.
VIEWS_VERSION = 2


def document_sha256(document: str) -> str:
    return hashlib.sha256(f"{embedding.MODEL_ID}\nviews={VIEWS_VERSION}\n{document}".encode()).hexdigest()


@dataclass
class Filters:
    rating: list[str] = field(default_factory=list)  # rating slugs of the current verdict
    publisher: list[int] = field(default_factory=list)  # fact-checker (Verdict.publisher) ids
    desk_only: bool = False  # only this desk's own verdicts
    claimed_after: date | None = None
    claimed_before: date | None = None
    exclude_claim: int | None = None


@dataclass
class Match:
    claim_id: int
    score: float
    similarity: float | None
    lexical: float
    level: str | None  # "strong", "suggest" or None (below the suggest threshold)
    claim: dict
    verdict: dict | None


def thresholds() -> tuple[float, float]:
    return setting("MATCHING_SUGGEST_THRESHOLD", 0.65), setting("MATCHING_STRONG_THRESHOLD", 0.9)


def level_of(score: float, words_in_query: int) -> str | None:
    """Strong only for texts of ``MATCHING_STRONG_MIN_WORDS`` words or more: a short text
    ("Taxes went up") is close to too many different claims to be called checked."""
    suggest, strong = thresholds()
    if score >= strong and words_in_query >= setting("MATCHING_STRONG_MIN_WORDS", 8):
        return "strong"
    if score >= suggest:
        return "suggest"
    return None


def similar_claims(
    query: str,
    *,
    checked_only: bool = True,
    filters: Filters | None = None,
    min_score: float | None = None,
    limit: int = vectors.CANDIDATES,
    vector=None,
) -> list[Match]:
    """Claims like ``query``, best first, with score, level, claim and current (published)
    verdict. ``min_score`` defaults to the suggest threshold; 0 returns every candidate.
    ``vector``: the query's embedding when the caller already has it (``best_matches``
    embeds many texts in one model call). A fixed number of queries (4) whatever the
    archive's size: 3 to 5 (term statistics, the ef_search setting once per database
    session, nearest neighbours, candidate documents, then the shown rows when any reach
    ``min_score``)."""
    filters = filters or Filters()
    query = (query or "")[:MAX_TEXT]
    query_words = text.words(query)
    use_vectors = vectors.available()
    if use_vectors:
        if vector is None:
            vector = embedding.embed_one(query)
        candidates = dict(vectors.nearest(vector, checked_only=checked_only))
    else:
        candidates = lexical_candidates(query_words, checked_only=checked_only)
    if not candidates:
        return []
    documents = candidate_documents(candidates, checked_only=checked_only, filters=filters)
    idf = inverse_document_frequencies(query_words)
    scored = []
    bm25 = {claim_id: bm25_score(query_words, text.words(document), idf) for claim_id, document in documents}
    best = max(bm25.values(), default=0.0)
    query_weight = sum(idf.get(w, 0.0) * (K1 + 1) for w in set(query_words)) or 1.0
    weight = setting("MATCHING_LEXICAL_WEIGHT", 0.3)
    for claim_id, _ in documents:
        similarity = candidates[claim_id] if use_vectors else None
        if use_vectors:
            lexical = bm25[claim_id] / best if best > 0 else 0.0
            score = similarity + weight * lexical
        else:
            lexical = min(1.0, bm25[claim_id] / query_weight)
            score = lexical
        scored.append((score, similarity, lexical, claim_id))
    scored.sort(key=lambda item: (-item[0], item[3]))
    floor = thresholds()[0] if min_score is None else min_score
    shown = [item for item in scored[:limit] if item[0] >= floor]
    if not shown:
        return []
    rows = shown_rows([item[3] for item in shown], checked_only=checked_only)
    words_in_query = text.word_count(query)
    return [
        Match(
            claim_id=claim_id,
            score=round(score, 4),
            similarity=None if similarity is None else round(similarity, 4),
            lexical=round(lexical, 4),
            level=level_of(score, words_in_query),
            claim=rows[claim_id]["claim"],
            verdict=rows[claim_id]["verdict"],
        )
        for score, similarity, lexical, claim_id in shown
        if claim_id in rows  # changed between the two reads: left out rather than shown wrong
    ]


def best_matches(texts: list[str]) -> list[Match | None]:
    """For each text, its best match among checked claims at or above the suggest
    threshold, or None: what extraction suggestions carry. The texts are embedded in one
    model call, then each costs one search (``similar_claims``'s fixed queries); only
    claims with a published verdict are searched, so a draft is never pointed at."""
    texts = [(t or "")[:MAX_TEXT] for t in texts]
    if not texts:
        return []
    embedded = embedding.embed(texts) if vectors.available() else [None] * len(texts)
    found = []
    for query, vector in zip(texts, embedded, strict=True):
        matches = similar_claims(query, vector=vector, limit=1) if query.strip() else []
        found.append(matches[0] if matches else None)
    return found


def lexical_candidates(query_words: list[str], *, checked_only: bool) -> dict[int, float]:
    """Without pgvector: claims sharing any word with the query, by PostgreSQL's ts_rank."""
    words = list(dict.fromkeys(query_words))[:MAX_QUERY_WORDS]
    if not words:
        return {}
    claims = Claim.objects.search(" or ".join(words))
    if checked_only:
        claims = claims.filter(current_verdict__isnull=False)
    ranked = claims.order_by("-rank", "-id").values_list("id", "rank")[: vectors.CANDIDATES]
    return {claim_id: float(rank) for claim_id, rank in ranked}


def _visible(claims, *, checked_only: bool):
    """The verdict shown is the claim's current one, which is published by construction;
    the ``published()`` filter says so in the query, so a draft can never be shown."""
    # Verdict.objects.published()'s condition, on the join the query makes anyway (a
    # subquery over every published verdict costs more at 300,000 of them).
    return claims.filter(current_verdict__published_at__isnull=False) if checked_only else claims


def candidate_documents(candidates: dict[int, float], *, checked_only: bool, filters: Filters) -> list[tuple[int, str]]:
    """(id, lexical document) of the candidates that pass the filters, in one query: only
    what scoring needs, since most candidates are not shown."""
    claims = _visible(Claim.objects.filter(pk__in=list(candidates)), checked_only=checked_only)
    if filters.rating:
        claims = claims.filter(current_rating__slug__in=filters.rating)
    if filters.publisher:
        claims = claims.filter(current_verdict__publisher_id__in=filters.publisher)
    if filters.desk_only:
        claims = claims.filter(current_verdict__isnull=False, current_verdict__publisher__isnull=True)
    if filters.claimed_after:
        claims = claims.filter(claimed_at__gte=filters.claimed_after)
    if filters.claimed_before:
        claims = claims.filter(claimed_at__lte=filters.claimed_before)
    if filters.exclude_claim is not None:
        claims = claims.exclude(pk=filters.exclude_claim)
    rows = claims.values_list(
        "id", "text", "current_verdict__published_at", "current_verdict__summary",
        Left("current_verdict__analysis", ANALYSIS_CHARS),
    )  # fmt: skip
    return [
        (claim_id, lexical_document(claim_text, summary, analysis) if published else claim_text)
        for claim_id, claim_text, published, summary, analysis in rows
    ]


def shown_rows(claim_ids: list[int], *, checked_only: bool) -> dict[int, dict]:
    """What a match shows, for the claims that are shown, in one query."""
    claims = _visible(Claim.objects.filter(pk__in=claim_ids), checked_only=checked_only)
    values = claims.values(
        "id", "text", "status", "claimed_at", "speaker_id", "speaker__name", "speaker__slug",
        "current_verdict_id", "current_verdict__summary", "current_verdict__published_at",
        "current_verdict__url", "current_verdict__textual_rating",
        "current_verdict__publisher_id", "current_verdict__publisher__name",
        "current_rating__slug", "current_rating__label", "current_rating__value",
    )  # fmt: skip
    desk = setting("FACTCHECK_ORGANIZATION", {}).get("name", "")
    rows = {}
    for v in values:
        verdict = None
        if v["current_verdict_id"] is not None and v["current_verdict__published_at"] is not None:
            verdict = {
                "id": v["current_verdict_id"],
                "rating": {
                    "slug": v["current_rating__slug"],
                    "label": v["current_rating__label"],
                    "value": v["current_rating__value"],
                },
                "textual_rating": v["current_verdict__textual_rating"],
                "summary": v["current_verdict__summary"],
                "url": v["current_verdict__url"],
                "published_at": v["current_verdict__published_at"],
                "publisher": {
                    "id": v["current_verdict__publisher_id"],
                    "name": v["current_verdict__publisher__name"] or desk,
                },
            }
        rows[v["id"]] = {
            "claim": {
                "id": v["id"],
                "text": v["text"],
                "status": v["status"],
                "claimed_at": v["claimed_at"],
                "speaker": {"id": v["speaker_id"], "name": v["speaker__name"], "slug": v["speaker__slug"]},
            },
            "verdict": verdict,
        }
    return rows


def inverse_document_frequencies(query_words: list[str]) -> dict[str, float]:
    """BM25's IDF for the query's words from the Term table (one query). Before the
    first ``embed_claims`` the table is empty and every word weighs 1."""
    wanted = list(dict.fromkeys(query_words))[:200]
    stats = dict(Term.objects.filter(term__in=[*wanted, Term.DOCUMENTS]).values_list("term", "documents"))
    total = stats.pop(Term.DOCUMENTS, 0)
    if not total:
        return dict.fromkeys(wanted, 1.0)
    return {w: math.log(1 + (total - stats.get(w, 0) + 0.5) / (stats.get(w, 0) + 0.5)) for w in wanted}


# A typical matching document's length in words (claim and summary); BM25 normalises by it.
AVERAGE_DOCUMENT_WORDS = 20


def bm25_score(query_words: list[str], document_words: list[str], idf: dict[str, float]) -> float:
    if not document_words:
        return 0.0
    counts = Counter(document_words)
    norm = K1 * (1 - B + B * len(document_words) / AVERAGE_DOCUMENT_WORDS)
    return sum(idf.get(w, 0.0) * counts[w] * (K1 + 1) / (counts[w] + norm) for w in set(query_words) if w in counts)
