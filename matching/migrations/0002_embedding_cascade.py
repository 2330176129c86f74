"""Claims deleted in SQL (the bench's cleanup, a DBA) take their embeddings along: the
foreign key Django created in 0001 becomes ON DELETE CASCADE (Django 5.2 cannot say so)."""

from django.db import migrations

CASCADE_SQL = """
DO $$
DECLARE fk text;
BEGIN
  SELECT conname INTO fk FROM pg_constraint
   WHERE conrelid = 'matching_claimembedding'::regclass AND contype = 'f';
  EXECUTE format('ALTER TABLE matching_claimembedding DROP CONSTRAINT %I', fk);
  ALTER TABLE matching_claimembedding ADD CONSTRAINT matching_claimembedding_claim_fk
    FOREIGN KEY (claim_id) REFERENCES claims_claim (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial")]

    operations = [migrations.RunSQL(CASCADE_SQL, migrations.RunSQL.noop)]
