"""Cap claim text and quote lengths, and truncate each part of the search document, so no
claim's search vector can exceed PostgreSQL's 1 MB tsvector limit (a 500 before)."""

from django.db import migrations, models

CAPPED = r"""
CREATE OR REPLACE FUNCTION claims_claim_search_document(p_claim_id bigint, p_text text, p_speaker_id bigint)
RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('english', left(coalesce(p_text, ''), 20000)), 'A')
      || setweight(to_tsvector('english', left(coalesce(
           (SELECT string_agg(quote, ' ') FROM claims_appearance WHERE claim_id = p_claim_id), ''), 200000)), 'B')
      || setweight(to_tsvector('english', left(coalesce(
           (SELECT name || ' ' || array_to_string(aliases, ' ') FROM claims_speaker WHERE id = p_speaker_id), ''),
           20000)), 'C')
$$;
"""

UNCAPPED = r"""
CREATE OR REPLACE FUNCTION claims_claim_search_document(p_claim_id bigint, p_text text, p_speaker_id bigint)
RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('english', coalesce(p_text, '')), 'A')
      || setweight(to_tsvector('english', coalesce(
           (SELECT string_agg(quote, ' ') FROM claims_appearance WHERE claim_id = p_claim_id), '')), 'B')
      || setweight(to_tsvector('english', coalesce(
           (SELECT name || ' ' || array_to_string(aliases, ' ') FROM claims_speaker WHERE id = p_speaker_id), '')), 'C')
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0006_audit_history"),
    ]

    operations = [
        migrations.RunSQL(CAPPED, UNCAPPED),
        migrations.AlterField(
            model_name="appearance",
            name="quote",
            field=models.TextField(help_text="The exact words as printed in the article.", max_length=10000),
        ),
        migrations.AlterField(
            model_name="claim",
            name="text",
            field=models.TextField(help_text="The statement as a checker would phrase it.", max_length=2000),
        ),
        migrations.AlterField(
            model_name="historicalappearance",
            name="quote",
            field=models.TextField(help_text="The exact words as printed in the article.", max_length=10000),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="text",
            field=models.TextField(help_text="The statement as a checker would phrase it.", max_length=2000),
        ),
    ]
