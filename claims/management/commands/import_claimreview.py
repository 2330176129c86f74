"""Import other fact-checkers' verdicts from schema.org ClaimReview JSON-LD or Google Fact
Check Tools ``claims:search`` responses (issue 5); the API's POST /api/claimreview/import/
does the same for one document."""

import json
from dataclasses import asdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.claimreview.parsing import NotClaimReview, parse
from claims.claimreview.services import claimreview_import


class Command(BaseCommand):
    help = (
        "Import ClaimReview: schema.org JSON-LD (one object, a list or a DataFeed) or Google Fact Check "
        "Tools claims:search responses. Each review becomes a published verdict. Safe to run again: "
        "reviews already imported are skipped. Rejected records are reported and the rest imported; "
        "a file that cannot be read at all stops the command before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="JSON files to import.")
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Print each file's report as JSON, exactly as the API returns it (one line per file).",
        )

    def handle(self, *args, files, as_json=False, **options):
        # Every file is read first, so a broken one stops the command before anything is written.
        parsed = [(name, self.read(name)) for name in files]
        for name, records in parsed:
            report = claimreview_import(parsed=records)
            if as_json:
                self.stdout.write(json.dumps({"file": name, **asdict(report)}, ensure_ascii=False))
            else:
                self.write_report(name, report)

    def read(self, name: str):
        try:
            document = json.loads(Path(name).read_text(encoding="utf-8-sig"))
            return parse(document)
        except OSError as error:
            raise CommandError(f"{name}: cannot read it: {error.strerror or error}") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{name}: not JSON: {error}") from error
        except RecursionError as error:
            raise CommandError(f"{name}: nested too deeply to read") from error
        except NotClaimReview as error:
            raise CommandError(f"{name}: {error}") from error

    def write_report(self, name: str, report) -> None:
        rejected = len(report.errors)
        self.stdout.write(
            f"{name}: {report.created} imported, {report.skipped} skipped (already imported), {rejected} rejected."
        )
        for error in report.errors:
            self.stdout.write(f"  rejected {error['position']}: {error['reason']}")
        for warning in report.warnings:
            self.stdout.write(f"  note {warning['position']}: {warning['reason']}")
        for label in report.unmapped_ratings:
            self.stdout.write(
                f"  unmapped rating {label!r}: kept verbatim, rated unproven; map it in the admin (Rating labels)."
            )
