"""An imported review (a verdict with a publisher and a URL) is on its claim once (issue 12,
finding 5: concurrent imports made copies) — enforced by a unique constraint.

Databases that ran the import before this migration may hold such copies, on which the
constraint cannot be created. ``merge_duplicate_imported_reviews`` first folds each group of
copies (same claim, same URL, a publisher set) into its oldest row, which is the review as
first imported; the copies were made by the same import racing itself, so they say the same
thing, and nothing an editor wrote is lost:

- the oldest verdict is kept; if it is a draft (withdrawn) while a copy is published, it takes
  the earliest publication date among the copies, so a review that was public stays public;
- evidence attached to a copy moves to the kept verdict;
- the copies are deleted; a claim whose current verdict was a copy points at its most
  recently published remaining verdict again (with its rating), and a claim left with none
  is no longer ``checked`` (``in_review``), as withdrawing would leave it;
- the audit trail keeps the copies' past entries (it records what happened).

Nothing is done where there are no copies. Reversing removes the constraint only (the copies
are not recreated)."""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

MERGE = """
CREATE TEMP TABLE claims_0010_copies ON COMMIT DROP AS
SELECT id, claim_id, keep_id FROM (
    SELECT id, claim_id, first_value(id) OVER (PARTITION BY claim_id, md5(url) ORDER BY created_at, id) AS keep_id
      FROM claims_verdict
     WHERE publisher_id IS NOT NULL AND url <> ''
) grouped
WHERE id <> keep_id;

UPDATE claims_verdict kept SET published_at = copies.published_at
  FROM (SELECT c.keep_id, min(v.published_at) AS published_at
          FROM claims_0010_copies c JOIN claims_verdict v ON v.id = c.id
         WHERE v.published_at IS NOT NULL GROUP BY c.keep_id) copies
 WHERE kept.id = copies.keep_id AND kept.published_at IS NULL;

UPDATE claims_evidence e SET verdict_id = c.keep_id FROM claims_0010_copies c WHERE e.verdict_id = c.id;

UPDATE claims_claim claim
   SET current_verdict_id = latest.id, current_rating_id = latest.rating_id
  FROM (SELECT c.id AS claim_id, v.id, v.rating_id
          FROM (SELECT DISTINCT claim_id AS id FROM claims_0010_copies) c
          LEFT JOIN LATERAL (
              SELECT v.id, v.rating_id FROM claims_verdict v
               WHERE v.claim_id = c.id AND v.published_at IS NOT NULL
                 AND v.id NOT IN (SELECT id FROM claims_0010_copies)
               ORDER BY v.published_at DESC, v.id DESC LIMIT 1) v ON true) latest
 WHERE claim.id = latest.claim_id;

UPDATE claims_claim SET status = 'in_review'
 WHERE status = 'checked' AND current_verdict_id IS NULL
   AND id IN (SELECT claim_id FROM claims_0010_copies);

DELETE FROM claims_verdict WHERE id IN (SELECT id FROM claims_0010_copies);

-- The deferred foreign-key checks now, so the constraint's index can be built on the table.
SET CONSTRAINTS ALL IMMEDIATE;
"""


def merge_duplicate_imported_reviews(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM claims_verdict WHERE publisher_id IS NOT NULL AND url <> '' "
            "GROUP BY claim_id, md5(url) HAVING count(*) > 1)"
        )
        if not cursor.fetchone()[0]:
            return
        cursor.execute(MERGE)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("claims", "0009_newest_first_undated_last"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(merge_duplicate_imported_reviews, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="verdict",
            constraint=models.UniqueConstraint(
                models.F("claim"),
                django.db.models.functions.text.MD5("url"),
                condition=models.Q(("publisher__isnull", False), models.Q(("url", ""), _negated=True)),
                name="claims_verdict_unique_imported_review",
                violation_error_code="already_imported",
                violation_error_message="This review is imported on this claim already.",
            ),
        ),
    ]
