"""Measure "checked before?" on a public benchmark (CLEF CheckThat! 2022 Task 2A):

    manage.py eval_matching --archive vclaims.jsonl --queries devtest.jsonl --out predictions.jsonl

Loads the archive into a throwaway database (created beside the configured one, dropped
afterwards) as claims checked by an imported fact-checker, embeds them with the same
service the post-commit hook uses, runs every query through ``similar_claims`` (the
function behind ``GET /api/claims/similar/``) and writes score.py's predictions format,
then prints MAP@5 (and MAP@1/@10, P@1, R@10)."""

import datetime
import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Publisher
from claims.models import Claim, Rating, Speaker, Verdict
from matching import services, vectors
from matching.search import similar_claims

DEPTH = 10


def read_jsonl(path: str) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except (OSError, ValueError) as error:
        raise CommandError(f"{path}: {error}") from error


def average_precision(ranked: list, relevant: set, k: int) -> float:
    """As score.py computes it."""
    hits, total = 0, 0.0
    for i, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            hits += 1
            total += hits / i
    return total / min(len(relevant), k) if relevant else 0.0


def parse_date(value: str) -> datetime.datetime | None:
    for fmt in ("%d %B %Y", "%B %d, %Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value.strip(), fmt).replace(tzinfo=datetime.UTC)
        except (ValueError, AttributeError):
            continue
    return None


class Command(BaseCommand):
    help = "Load a fact-check archive into a throwaway database, match queries against it, print MAP@5."

    def add_arguments(self, parser):
        parser.add_argument("--archive", required=True, help="vclaims.jsonl: vclaim_id, vclaim, title, subtitle, date")
        parser.add_argument("--queries", required=True, nargs="+", help="JSONL: id, text, relevant")
        parser.add_argument("--out", help="predictions JSONL (score.py's format); with several query files, a prefix")
        parser.add_argument("--publisher", default="Snopes", help="Who published the archive's fact-checks.")
        parser.add_argument("--keep-db", action="store_true", help="Keep (and reuse) the throwaway database.")

    def handle(self, *args, archive, queries, out, publisher, keep_db, verbosity, **options):
        archive_rows = read_jsonl(archive)
        query_sets = {path: read_jsonl(path) for path in queries}
        creation = connection.creation
        original = connection.settings_dict["NAME"]
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{original}_eval_matching"
        # Django's test-database machinery: a fresh database migrated from scratch.
        creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep_db, serialize=False)
        try:
            if not vectors.available():
                self.stderr.write("pgvector is not available: measuring the lexical fallback.")
            by_claim = self.load(archive_rows, publisher)
            for path, rows in query_sets.items():
                self.evaluate(path, rows, by_claim, out if len(query_sets) == 1 else self.out_for(out, path))
        finally:
            if not keep_db:
                creation.destroy_test_db(original, verbosity=0)

    def out_for(self, prefix, path):
        return f"{prefix}{Path(path).stem}.jsonl" if prefix else None

    def load(self, rows: list[dict], publisher_name: str) -> dict[int, str]:
        if not Claim.objects.exists():
            self.load_archive(rows, publisher_name)
        # Also what resumes a --keep-db run that stopped half-way through embedding.
        started = time.perf_counter()
        embedded = 0
        pending = list(services.unembedded_claim_ids()) if vectors.available() else []
        for start in range(0, len(pending), 256):
            embedded += services.claims_sync(claim_ids=pending[start : start + 256])
        elapsed = time.perf_counter() - started
        services.terms_rebuild()
        if embedded:
            self.stdout.write(f"Embedded {embedded} claims in {elapsed:.1f} s ({embedded / elapsed:.0f}/s).")
        prefix = "https://checked.invalid/"
        return {claim_id: url.removeprefix(prefix) for claim_id, url in Verdict.objects.values_list("claim_id", "url")}

    def load_archive(self, rows: list[dict], publisher_name: str) -> None:
        started = time.perf_counter()
        with transaction.atomic():
            publisher = Publisher.objects.create(name=publisher_name, domain=f"{publisher_name.lower()}.invalid")
            speaker = Speaker.objects.create(name="Claims checked by the archive", kind=Speaker.Kind.GROUP)
            rating = Rating.objects.get(slug="unproven")
            claims = Claim.objects.bulk_create(
                [Claim(text=row["vclaim"][:2000], speaker=speaker, status=Claim.Status.NEW) for row in rows],
                batch_size=2000,
            )
            now = timezone.now()
            Verdict.objects.bulk_create(
                [
                    Verdict(
                        claim=claim,
                        rating=rating,
                        summary=(row.get("title") or "")[:300],
                        analysis=row.get("subtitle") or "",
                        url=f"https://checked.invalid/{row['vclaim_id']}",
                        publisher=publisher,
                        textual_rating="",
                        published_at=parse_date(row.get("date") or "") or now,
                    )
                    for claim, row in zip(claims, rows, strict=True)
                ],
                batch_size=2000,
            )
            # What verdict_publish does for each, in one statement.
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE claims_claim c SET current_verdict_id = v.id, current_rating_id = v.rating_id, "
                    "status = 'checked' FROM claims_verdict v WHERE v.claim_id = c.id"
                )
        self.stdout.write(f"Loaded {len(claims)} checked claims in {time.perf_counter() - started:.1f} s.")

    def evaluate(self, path: str, rows: list[dict], by_claim: dict[int, str], out: str | None) -> None:
        started = time.perf_counter()
        predictions, aps = [], {1: [], 5: [], 10: []}
        p1 = r10 = 0.0
        for row in rows:
            matches = similar_claims(row["text"], min_score=0, limit=DEPTH)
            ranked = [by_claim[m.claim_id] for m in matches]
            predictions.append({"id": row["id"], "ranked": ranked})
            relevant = set(row["relevant"])
            for k in aps:
                aps[k].append(average_precision(ranked, relevant, k))
            p1 += bool(ranked[:1]) and ranked[0] in relevant
            r10 += len(relevant & set(ranked[:10])) / len(relevant) if relevant else 0.0
        elapsed = time.perf_counter() - started
        if out:
            with open(out, "w", encoding="utf-8") as f:
                for prediction in predictions:
                    f.write(json.dumps(prediction) + "\n")
        n = len(rows) or 1
        self.stdout.write(
            f"{Path(path).name}: MAP@5={sum(aps[5]) / n:.3f} MAP@1={sum(aps[1]) / n:.3f} "
            f"MAP@10={sum(aps[10]) / n:.3f} P@1={p1 / n:.3f} R@10={r10 / n:.3f} over {len(rows)} queries "
            f"({1000 * elapsed / n:.1f} ms a query)"
        )
