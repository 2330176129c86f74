"""The pgvector side of matching: whether this database has it, and the SQL that writes
and searches the ``embedding`` column (which the model does not declare; see
``ClaimEmbedding``)."""

import numpy as np
from django.conf import settings
from django.db import connection

# Candidates the vector index hands to the ranking. HNSW's ef_search (MATCHING_EF_SEARCH)
# must be at least this for the index to return that many; 200 finds the true neighbours
# more often (on the benchmark's train split MAP@5 0.904 against 0.901 with 100) for ~2 ms
# more at 1M claims.
CANDIDATES = 100


def ef_search() -> int:
    return max(CANDIDATES, int(getattr(settings, "MATCHING_EF_SEARCH", 200)))


_available: dict[str, bool] = {}


def available() -> bool:
    """pgvector is installed and the embedding column exists here (checked once per
    process and database), and ``MATCHING_VECTORS`` is not turned off."""
    if not getattr(settings, "MATCHING_VECTORS", True):
        return False
    key = connection.settings_dict["NAME"]
    if key not in _available:
        state = column_state()
        if state is None:
            return False  # not migrated yet: asked again once it is
        _available[key] = state
    return _available[key]


def column_state() -> bool | None:
    """True: the embedding column exists; False: the table exists without it (no pgvector
    when matching was migrated); None: matching's table is not there yet (a new database
    before ``migrate``, whose system checks run before the migrations do)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_regclass('matching_claimembedding') IS NOT NULL, EXISTS (SELECT 1 FROM pg_attribute "
            "WHERE attrelid = to_regclass('matching_claimembedding') AND attname = 'embedding' AND NOT attisdropped)"
        )
        table, column = cursor.fetchone()
    return column if table else None


def extension_offered() -> bool:
    """The server could install pgvector (``pg_available_extensions``)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        return cursor.fetchone() is not None


def literal(vector: np.ndarray) -> str:
    """pgvector's text form; sent as a parameter and cast, so no adapter registration is needed."""
    return "[" + ",".join(f"{x:.7g}" for x in vector.tolist()) + "]"


def upsert(rows: list[tuple[int, str, bool, np.ndarray, np.ndarray | None, np.ndarray | None]]) -> None:
    """Store (claim_id, text_sha256, checked, text + summary vector, text vector, summary
    vector) rows, replacing older ones. The last two are None for a claim without a
    verdict summary (its text + summary vector is then the text's own)."""
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO matching_claimembedding (claim_id, text_sha256, checked, updated_at, embedding, "
            "claim_embedding, summary_embedding) VALUES (%s, %s, %s, now(), %s::vector, %s::vector, %s::vector) "
            "ON CONFLICT (claim_id) DO UPDATE SET text_sha256 = EXCLUDED.text_sha256, checked = EXCLUDED.checked, "
            "updated_at = now(), embedding = EXCLUDED.embedding, claim_embedding = EXCLUDED.claim_embedding, "
            "summary_embedding = EXCLUDED.summary_embedding",
            [
                (claim_id, sha, checked, literal(both), optional(claim), optional(summary))
                for claim_id, sha, checked, both, claim, summary in rows
            ],
        )


def optional(vector: np.ndarray | None) -> str | None:
    return None if vector is None else literal(vector)


def nearest(vector: np.ndarray, *, checked_only: bool, limit: int = CANDIDATES) -> list[tuple[int, float]]:
    """(claim_id, similarity) of the ``limit`` claims nearest by their text + summary
    vector, nearest first; the similarity is the highest cosine of the claim's three
    vectors (text + summary, text alone, summary alone): a query may restate the claim,
    or the fact-check's headline, or both. The index orders by the first vector only; the
    other two are compared for the ``limit`` rows returned, so they cost no index.
    Checked only: the partial HNSW index (approximate, as every HNSW search). All claims:
    an exact scan, fine for thousands, slow at millions."""
    where = "WHERE checked" if checked_only else ""
    query = literal(vector)
    with connection.cursor() as cursor:
        # Outside a transaction (web requests) the setting is made once per database session
        # and lasts; inside one, for that transaction only (a rollback would undo a session
        # SET made in it, so it is made each time).
        if not connection.get_autocommit():
            cursor.execute(f"SET LOCAL hnsw.ef_search = {ef_search()}")
        elif getattr(connection, "_matching_ef_search", None) != (connection.connection, ef_search()):
            cursor.execute(f"SET hnsw.ef_search = {ef_search()}")
            connection._matching_ef_search = (connection.connection, ef_search())
        cursor.execute(
            "SELECT claim_id, 1 - (embedding <=> %(q)s::vector), 1 - (claim_embedding <=> %(q)s::vector), "
            f"1 - (summary_embedding <=> %(q)s::vector) FROM matching_claimembedding {where} "
            "ORDER BY embedding <=> %(q)s::vector LIMIT %(limit)s",
            {"q": query, "limit": limit},
        )
        rows = [(claim_id, max(s for s in sims if s is not None)) for claim_id, *sims in cursor.fetchall()]
    return sorted(rows, key=lambda row: -row[1])
