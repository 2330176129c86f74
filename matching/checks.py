from django.core.checks import Warning, register
from django.db import DatabaseError


@register("database")
def pgvector_check(app_configs=None, databases=None, **kwargs):
    """Warn where matching runs without vectors: lexical ranking only, lower accuracy."""
    if not databases or "default" not in databases:
        return []
    from django.conf import settings

    from . import vectors

    if not getattr(settings, "MATCHING_VECTORS", True):
        return [
            Warning(
                "MATCHING_VECTORS is off: “checked before?” matching ranks lexically only.",
                id="matching.W002",
            )
        ]
    try:
        # A database not migrated yet (``migrate`` runs its checks first) is not warned
        # about: the migration adds the column where the server has pgvector.
        if vectors.column_state() is None or vectors.available():
            return []
        offered = vectors.extension_offered()
    except DatabaseError:
        return []
    hint = (
        "Run `manage.py migrate matching zero && manage.py migrate matching` to add the vector column."
        if offered
        else "Install pgvector on the server (managed PostgreSQL services offer it; the embedded "
        "PostgreSQL 16 bundles it), then re-run matching's migration."
    )
    return [
        Warning(
            "pgvector is not in use: “checked before?” matching falls back to lexical ranking.",
            hint=hint,
            id="matching.W001",
        )
    ]
