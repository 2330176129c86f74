"""The pgvector side of matching: whether this database has it, and the SQL that writes
and searches the ``embedding`` column (which the model does not declare; see
``ClaimEmbedding``)."""

import numpy as np
from django.conf import settings
from django.db import connection

# Candidates the vector index hands to the ranking. HNSW's ef_search must be at least
# this for the index to return that many.
CANDIDATES = 100
EF_SEARCH = 200

_available: dict[str, bool] = {}


def available() -> bool:
    """pgvector is installed and the embedding column exists here (checked once per
    process and database), and ``MATCHING_VECTORS`` is not turned off."""
    if not getattr(settings, "MATCHING_VECTORS", True):
        return False
    key = connection.settings_dict["NAME"]
    if key not in _available:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('matching_claimembedding') "
                "AND attname = 'embedding' AND NOT attisdropped"
            )
            _available[key] = cursor.fetchone() is not None
    return _available[key]


def extension_offered() -> bool:
    """The server could install pgvector (``pg_available_extensions``)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        return cursor.fetchone() is not None


def literal(vector: np.ndarray) -> str:
    """pgvector's text form; sent as a parameter and cast, so no adapter registration is needed."""
    return "[" + ",".join(f"{x:.7g}" for x in vector.tolist()) + "]"


def upsert(rows: list[tuple[int, str, bool, np.ndarray]]) -> None:
    """Store (claim_id, text_sha256, checked, vector) rows, replacing older ones."""
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO matching_claimembedding (claim_id, text_sha256, checked, updated_at, embedding) "
            "VALUES (%s, %s, %s, now(), %s::vector) ON CONFLICT (claim_id) DO UPDATE SET "
            "text_sha256 = EXCLUDED.text_sha256, checked = EXCLUDED.checked, updated_at = now(), "
            "embedding = EXCLUDED.embedding",
            [(claim_id, sha, checked, literal(vector)) for claim_id, sha, checked, vector in rows],
        )


def nearest(vector: np.ndarray, *, checked_only: bool, limit: int = CANDIDATES) -> list[tuple[int, float]]:
    """(claim_id, cosine similarity) of the ``limit`` nearest claims, nearest first. Checked
    only: the partial HNSW index (approximate, as every HNSW search). All claims: an exact
    scan, fine for thousands, slow at millions."""
    where = "WHERE checked" if checked_only else ""
    query = literal(vector)
    with connection.cursor() as cursor:
        # SET LOCAL needs a transaction; outside one, the setting lasts for the session,
        # which is harmless (every search sets it).
        cursor.execute(f"SET {'LOCAL ' if not connection.get_autocommit() else ''}hnsw.ef_search = {EF_SEARCH}")
        cursor.execute(
            f"SELECT claim_id, 1 - (embedding <=> %s::vector) FROM matching_claimembedding {where} "
            "ORDER BY embedding <=> %s::vector LIMIT %s",
            [query, query, limit],
        )
        return [(claim_id, float(similarity)) for claim_id, similarity in cursor.fetchall()]
