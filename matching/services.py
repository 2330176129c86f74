"""Writes of the matching app: keeping claim embeddings and term statistics current."""

import logging
import queue
import threading
from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models.functions import Left

from claims.models import Claim

from . import embedding, text, vectors
from .models import ClaimEmbedding, Term
from .search import ANALYSIS_CHARS, document_sha256, lexical_document, matching_document

logger = logging.getLogger(__name__)


def _documents(claim_ids: Iterable[int]) -> list[tuple[int, str, str, str, bool]]:
    """(claim id, text + summary, text, summary, checked) of these claims."""
    rows = Claim.objects.filter(pk__in=list(claim_ids)).values_list(
        "id", "text", "current_verdict_id", "current_verdict__summary"
    )
    return [
        (claim_id, matching_document(claim_text, summary), claim_text, summary or "", verdict_id is not None)
        for claim_id, claim_text, verdict_id, summary in rows
    ]


@transaction.atomic
def claims_sync(*, claim_ids: Iterable[int]) -> int:
    """Bring these claims' embeddings up to date: embed those whose matching document
    (text, verdict summary) changed, update the ``checked`` flag of the others. Returns
    how many were embedded. Without pgvector there is nothing to store.

    A claim with a verdict summary gets three vectors (text + summary, text, summary),
    all computed in one model call with the rest of the batch; one without, one."""
    if not vectors.available():
        return 0
    documents = _documents(claim_ids)
    stored = dict(ClaimEmbedding.objects.filter(pk__in=[d[0] for d in documents]).values_list("pk", "text_sha256"))
    digests = {d[0]: document_sha256(d[1]) for d in documents}
    stale = [d for d in documents if stored.get(d[0]) != digests[d[0]]]
    if stale:
        texts = [d[1] for d in stale] + [t for d in stale if d[3] for t in (d[2], d[3])]
        embedded = iter(embedding.embed(texts))
        both = [next(embedded) for _ in stale]
        rows = []
        for (cid, _, _, summary, checked), vector in zip(stale, both, strict=True):
            claim_vector, summary_vector = (next(embedded), next(embedded)) if summary else (None, None)
            rows.append((cid, digests[cid], checked, vector, claim_vector, summary_vector))
        vectors.upsert(rows)
    fresh = {d[0]: d[4] for d in documents if stored.get(d[0]) == digests[d[0]]}
    for checked in (True, False):
        ids = [cid for cid, c in fresh.items() if c is checked]
        if ids:
            ClaimEmbedding.objects.filter(pk__in=ids).exclude(checked=checked).update(checked=checked)
    return len(stale)


def claim_changed(claim_id: int) -> None:
    """After a claim is saved (its text, or its current verdict on publish/withdraw):
    re-embed it once the transaction commits. A failure is logged, never raised into the
    request that saved the claim; ``embed_claims`` picks the claim up later."""

    def sync():
        try:
            claims_sync(claim_ids=[claim_id])
        except Exception:
            logger.exception("Could not embed claim %s; run manage.py embed_claims", claim_id)

    transaction.on_commit(sync)


# Claims written in bulk (an import) beyond this many are embedded after the response, by a
# thread of the process, in batches: 2,000 embeddings cost ~7 s of CPU, more than the import.
INLINE_EMBED_MAX = 64
EMBED_BATCH = 64
_backlog: "queue.SimpleQueue[list[int]]" = queue.SimpleQueue()
_worker_lock = threading.Lock()
_worker: threading.Thread | None = None


def claims_written(claim_ids: list[int]) -> None:
    """Claims written in bulk (``claims.extensions.claims_written``): once the transaction
    commits, re-embed a few at once in the request, or queue many for the background
    embedder, so a 2,000-review import answers in seconds. A failure is logged, and
    ``embed_claims`` (which finds unembedded claims) catches up after a restart."""
    ids = list(claim_ids)

    def sync():
        if len(ids) <= INLINE_EMBED_MAX:
            try:
                claims_sync(claim_ids=ids)
            except Exception:
                logger.exception("Could not embed %s claims; run manage.py embed_claims", len(ids))
            return
        for start in range(0, len(ids), EMBED_BATCH):
            _backlog.put(ids[start : start + EMBED_BATCH])
        _start_worker()

    transaction.on_commit(sync)


def _start_worker() -> None:
    global _worker
    with _worker_lock:
        if _worker is None:
            # Not a daemon: a management command's process finishes the backlog before it exits.
            _worker = threading.Thread(target=_drain_backlog, name="matching-embedder")
            _worker.start()


def _drain_backlog() -> None:
    """Embed queued batches until none is left, each in its own transaction, then end (and
    close this thread's database connection)."""
    global _worker
    from django.db import connection

    try:
        while True:
            # Under the lock: a batch queued while this thread decides to end starts a new one.
            with _worker_lock:
                try:
                    ids = _backlog.get_nowait()
                except queue.Empty:
                    _worker = None
                    return
            try:
                claims_sync(claim_ids=ids)
            except Exception:
                logger.exception("Could not embed %s claims; run manage.py embed_claims", len(ids))
    finally:
        connection.close()


def drain_backlog_now() -> None:
    """Wait for the background embedder (tests; a command that must leave nothing behind)."""
    worker = _worker
    if worker is not None:
        worker.join()


def unembedded_claim_ids(*, after: int = 0):
    """Claims with no embedding yet, by id: what a back-fill does next. Resuming is just
    running it again (rows are committed batch by batch)."""
    return (
        Claim.objects.filter(pk__gt=after)
        .exclude(pk__in=ClaimEmbedding.objects.values("pk"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def terms_rebuild() -> int:
    """Recount, for every word, how many claims' matching documents contain it (BM25's
    IDF). One pass over the claims; returns the number of documents."""
    counts: Counter[str] = Counter()
    documents = 0
    rows = Claim.objects.values_list(
        "text", "current_verdict__summary", Left("current_verdict__analysis", ANALYSIS_CHARS)
    ).iterator(chunk_size=5000)
    for claim_text, summary, analysis in rows:
        documents += 1
        counts.update({w for w in text.words(lexical_document(claim_text, summary, analysis)) if len(w) <= 100})
    Term.objects.all().delete()
    Term.objects.bulk_create(
        [Term(term=Term.DOCUMENTS, documents=documents)] + [Term(term=w, documents=n) for w, n in counts.items()],
        batch_size=5000,
    )
    return documents
