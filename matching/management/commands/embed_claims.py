"""Back-fill claim embeddings in batches, with a progress bar; resumable (each batch is
committed, and a run picks up the claims still without an embedding)."""

import sys
import time

from django.core.management.base import BaseCommand

from matching import services, vectors


class Command(BaseCommand):
    help = "Embed every claim that has no embedding yet (resumable), then rebuild the BM25 term statistics."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=64)
        parser.add_argument("--all", action="store_true", help="Re-check every claim (re-embeds changed ones).")
        parser.add_argument("--no-terms", action="store_true", help="Skip rebuilding the term statistics.")

    def handle(self, *args, batch_size, all, no_terms, verbosity, **options):
        embedded = 0
        started = time.perf_counter()
        if not vectors.available():
            self.stderr.write("pgvector is not in use here: no vectors to store (matching ranks lexically).")
        else:
            from claims.models import Claim

            ids = Claim.objects.order_by("pk").values_list("pk", flat=True) if all else services.unembedded_claim_ids()
            total = ids.count()
            last = processed = 0
            while True:
                batch = list(ids.filter(pk__gt=last)[:batch_size])
                if not batch:
                    break
                embedded += services.claims_sync(claim_ids=batch)
                last = batch[-1]
                processed += len(batch)
                done = min(total, processed if all else embedded)
                if verbosity:
                    self._progress(done, total, started)
            if verbosity:
                sys.stderr.write("\n")
        elapsed = time.perf_counter() - started
        rate = embedded / elapsed if elapsed > 0 else 0.0
        terms = 0 if no_terms else services.terms_rebuild()
        if verbosity:
            self.stdout.write(
                f"Embedded {embedded} claims in {elapsed:.1f} s ({rate:.0f} claims/s)"
                + ("" if no_terms else f"; term statistics over {terms} claims.")
            )

    def _progress(self, done, total, started):
        width = 30
        filled = int(width * done / total) if total else width
        elapsed = time.perf_counter() - started
        rate = done / elapsed if elapsed > 0 else 0.0
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} claims, {rate:.0f}/s ")
        sys.stderr.flush()
