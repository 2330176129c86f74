"""Keep Claim.search_vector right whatever writes the rows (service, admin inline, bulk load):
claim text (weight A), every quote of the claim (B) and the speaker's name and aliases (C)."""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION claims_claim_search_document(p_claim_id bigint, p_text text, p_speaker_id bigint)
RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('english', coalesce(p_text, '')), 'A')
      || setweight(to_tsvector('english', coalesce(
           (SELECT string_agg(quote, ' ') FROM claims_appearance WHERE claim_id = p_claim_id), '')), 'B')
      || setweight(to_tsvector('english', coalesce(
           (SELECT name || ' ' || array_to_string(aliases, ' ') FROM claims_speaker WHERE id = p_speaker_id), '')), 'C')
$$;

CREATE OR REPLACE FUNCTION claims_claim_search_before_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := claims_claim_search_document(NEW.id, NEW.text, NEW.speaker_id);
  RETURN NEW;
END $$;

CREATE TRIGGER claims_claim_search_before_write
  BEFORE INSERT OR UPDATE OF text, speaker_id ON claims_claim
  FOR EACH ROW EXECUTE FUNCTION claims_claim_search_before_write();

CREATE OR REPLACE FUNCTION claims_appearance_search_after_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE claims_claim SET search_vector = claims_claim_search_document(id, text, speaker_id)
     WHERE id = OLD.claim_id;
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.claim_id <> OLD.claim_id) THEN
    UPDATE claims_claim SET search_vector = claims_claim_search_document(id, text, speaker_id)
     WHERE id = NEW.claim_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER claims_appearance_search_after_write
  AFTER INSERT OR DELETE OR UPDATE OF quote, claim_id ON claims_appearance
  FOR EACH ROW EXECUTE FUNCTION claims_appearance_search_after_write();

CREATE OR REPLACE FUNCTION claims_speaker_search_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE claims_claim SET search_vector = claims_claim_search_document(id, text, speaker_id)
   WHERE speaker_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER claims_speaker_search_after_update
  AFTER UPDATE OF name, aliases ON claims_speaker
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.aliases IS DISTINCT FROM NEW.aliases)
  EXECUTE FUNCTION claims_speaker_search_after_update();
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS claims_speaker_search_after_update ON claims_speaker;
DROP FUNCTION IF EXISTS claims_speaker_search_after_update();
DROP TRIGGER IF EXISTS claims_appearance_search_after_write ON claims_appearance;
DROP FUNCTION IF EXISTS claims_appearance_search_after_write();
DROP TRIGGER IF EXISTS claims_claim_search_before_write ON claims_claim;
DROP FUNCTION IF EXISTS claims_claim_search_before_write();
DROP FUNCTION IF EXISTS claims_claim_search_document(bigint, text, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
