"""Two more views of a checked claim for matching: its text alone and its verdict summary
alone, beside the existing text + summary vector. A lookup still takes its candidates from
the one HNSW index (text + summary) and scores each by the nearest of its three vectors,
so these columns need no index of their own. Only where matching's vector column exists."""

from django.db import migrations

VIEWS_SQL = """
ALTER TABLE matching_claimembedding
    ADD COLUMN IF NOT EXISTS claim_embedding vector(384),
    ADD COLUMN IF NOT EXISTS summary_embedding vector(384);
"""
NO_VIEWS_SQL = """
ALTER TABLE matching_claimembedding
    DROP COLUMN IF EXISTS claim_embedding,
    DROP COLUMN IF EXISTS summary_embedding;
"""


def has_vector_column(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_attribute WHERE attrelid = 'matching_claimembedding'::regclass "
            "AND attname = 'embedding' AND NOT attisdropped"
        )
        return cursor.fetchone() is not None


def add_views(apps, schema_editor):
    if has_vector_column(schema_editor):
        schema_editor.execute(VIEWS_SQL)


def drop_views(apps, schema_editor):
    if has_vector_column(schema_editor):
        schema_editor.execute(NO_VIEWS_SQL)


class Migration(migrations.Migration):
    dependencies = [("matching", "0002_embedding_cascade")]

    operations = [migrations.RunPython(add_views, drop_views)]
