"""embed_claims (back-fill, resumable) and eval_matching (a throwaway database, score.py's format)."""

import json

import pytest
from django.core.management import call_command

from matching.models import ClaimEmbedding, Term
from tests.factories import ClaimFactory

from .test_search import CHECKED, DECOYS, PARAPHRASE

pytestmark = pytest.mark.usefixtures("needs_pgvector")


def test_embed_claims_back_fills_resumably_and_reports_throughput(db, capsys):
    claims = ClaimFactory.create_batch(5)  # no on_commit here: nothing embedded yet
    assert ClaimEmbedding.objects.count() == 0
    call_command("embed_claims", batch_size=2)
    out = capsys.readouterr()
    assert "Embedded 5 claims" in out.out and "claims/s" in out.out
    assert "5/5 claims" in out.err  # the progress bar
    assert set(ClaimEmbedding.objects.values_list("pk", flat=True)) == {c.pk for c in claims}
    assert Term.objects.get(term=Term.DOCUMENTS).documents == 5
    ClaimFactory()
    call_command("embed_claims")
    assert "Embedded 1 claims" in capsys.readouterr().out  # picks up only what is missing


@pytest.mark.django_db(transaction=True)
def test_eval_matching_scores_an_archive_in_a_throwaway_database(tmp_path, capsys):
    archive = tmp_path / "vclaims.jsonl"
    rows = [{"vclaim_id": "target", "vclaim": CHECKED, "title": "Jobless rate at 50-year low", "subtitle": "",
             "author": "A", "date": "26 May 2015"}]  # fmt: skip
    rows += [
        {"vclaim_id": f"decoy-{i}", "vclaim": text, "title": text, "subtitle": "", "date": ""}
        for i, text in enumerate(DECOYS)
    ]
    archive.write_text("".join(json.dumps(r) + "\n" for r in rows))
    queries = tmp_path / "queries.jsonl"
    queries.write_text(json.dumps({"id": "q1", "text": PARAPHRASE, "relevant": ["target"]}) + "\n")
    out = tmp_path / "predictions.jsonl"
    call_command("eval_matching", archive=str(archive), queries=[str(queries)], out=str(out))
    assert "queries.jsonl: MAP@5=1.000" in capsys.readouterr().out
    (prediction,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert prediction["id"] == "q1"
    assert prediction["ranked"][0] == "target"
    assert set(prediction["ranked"]) == {"target", *(f"decoy-{i}" for i in range(len(DECOYS)))}
    assert ClaimEmbedding.objects.count() == 0  # the throwaway database took the archive
