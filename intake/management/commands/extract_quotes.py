"""``manage.py extract_quotes FILE... [--jsonl]``: the extractor on text files, no database.

Prints, per file, ``{"path": FILE, "statements": [...]}`` — the prediction format of the
development set's scorer (``../shared/extraction/score.py``), so ``make eval-extraction``
can pipe one into the other.
"""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intake.extraction import extract

FIELDS = ("start", "end", "quote", "speaker", "direct", "cue", "confidence")


class Command(BaseCommand):
    help = "Extract quotes and reported claims with their speakers from text files (no database)."
    requires_system_checks = []  # reads files only; runs without a configured database

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--jsonl", action="store_true", help="one JSON object per line (default: indented)")
        parser.add_argument("--all-fields", action="store_true", help="also print kind, resolution and claim text")
        parser.add_argument(
            "--timing", action="store_true", help="report CPU time per 1,000 words on stderr (model loading excluded)"
        )

    def handle(self, *args, files, jsonl=False, all_fields=False, timing=False, **options):
        from intake.extraction.pipeline import nlp

        nlp()  # load once, before the clock starts
        words, cpu = 0, 0.0
        for name in files:
            path = Path(name)
            try:
                body = path.read_bytes().decode("utf-8")
            except OSError as err:
                raise CommandError(f"{name}: {err.strerror or err}") from err
            except UnicodeDecodeError as err:
                raise CommandError(f"{name}: not UTF-8 text ({err.reason} at byte {err.start})") from err
            statements = []
            started = time.process_time()
            found = extract(body)
            cpu += time.process_time() - started
            words += len(body.split())
            for s in found:
                d = s.as_dict()
                statements.append(d if all_fields else {k: d[k] for k in FIELDS})
            record = {"path": name, "statements": statements}
            self.stdout.write(json.dumps(record, ensure_ascii=False, indent=None if jsonl else 2))
        if timing and words:
            self.stderr.write(
                f"extraction: {len(files)} files, {words} words, {cpu * 1000:.0f} ms CPU, "
                f"{cpu * 1000 * 1000 / words:.0f} ms per 1,000 words"
            )
