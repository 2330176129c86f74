"""The audit trail: every create, change and delete of claims, appearances, verdicts and
evidence, with who, when and what changed; in the admin and at .../history/ for staff."""

import pytest

from ..api import assert_status
from ..factories import ArticleFactory, ClaimFactory, SpeakerFactory, VerdictFactory, rating

pytestmark = pytest.mark.django_db


def history(client, path):
    response = client.get(path)
    assert_status(response, 200)
    return response.data["results"]


def test_claim_history_records_create_change_and_appearances(editor_api, editor):
    article = ArticleFactory()
    created = editor_api.post(
        "/api/claims/",
        {
            "text": "Unemployment fell",
            "speaker_id": SpeakerFactory().pk,
            "article_id": article.pk,
            "quote": "unemployment fell by half last year",
        },
        format="json",
    )
    claim_id = created.data["id"]
    editor_api.patch(f"/api/claims/{claim_id}/", {"status": "in_review", "context": "TV"}, format="json")
    entries = history(editor_api, f"/api/claims/{claim_id}/history/")
    newest = entries[0]
    assert newest["object_type"] == "claim" and newest["action"] == "changed"
    assert newest["by"] == {"id": editor.pk, "username": editor.username}
    changed = {change["field"]: (change["old"], change["new"]) for change in newest["changes"]}
    assert changed == {"status": ("new", "in_review"), "context": ("", "TV")}
    kinds = {(entry["object_type"], entry["action"]) for entry in entries}
    assert {("claim", "created"), ("appearance", "created"), ("claim", "changed")} <= kinds
    created_entry = next(e for e in entries if e["object_type"] == "claim" and e["action"] == "created")
    assert {"field": "text", "old": None, "new": "Unemployment fell"} in created_entry["changes"]


def test_appearance_delete_is_in_the_claims_history(editor_api):
    claim = ClaimFactory()
    appearance = editor_api.post(
        "/api/appearances/",
        {"claim_id": claim.pk, "article_id": ArticleFactory().pk, "quote": "Critics disagreed."},
        format="json",
    ).data
    assert_status(editor_api.delete(f"/api/appearances/{appearance['id']}/"), 204)
    entries = history(editor_api, f"/api/claims/{claim.pk}/history/")
    assert entries[0]["object_type"] == "appearance" and entries[0]["action"] == "deleted"


def test_a_published_verdicts_rating_and_summary_changes_are_in_its_history(editor_api, editor):
    verdict = VerdictFactory(summary="Draft summary")
    assert_status(editor_api.post(f"/api/verdicts/{verdict.pk}/publish/"), 200)
    editor_api.patch(f"/api/verdicts/{verdict.pk}/", {"rating": "mostly-false", "summary": "Revised"}, format="json")
    evidence = editor_api.post(
        "/api/evidence/",
        {"verdict_id": verdict.pk, "url": "https://stats.example/x", "stance": "refutes"},
        format="json",
    ).data
    editor_api.patch(f"/api/evidence/{evidence['id']}/", {"stance": "context"}, format="json")
    entries = history(editor_api, f"/api/verdicts/{verdict.pk}/history/")
    verdict_changes = [
        {c["field"]: (c["old"], c["new"]) for c in e["changes"]}
        for e in entries
        if e["object_type"] == "verdict" and e["action"] == "changed"
    ]
    mostly_false = rating("mostly-false").pk
    assert {"summary": ("Draft summary", "Revised"), "rating_id": (verdict.rating_id, mostly_false)} in [
        {k: v for k, v in changes.items() if k in ("summary", "rating_id")} for changes in verdict_changes
    ]
    assert any("published_at" in changes for changes in verdict_changes)
    assert all(
        e["by"]["id"] == editor.pk for e in entries if e["action"] != "created" or e["object_type"] == "evidence"
    )
    evidence_entries = [e for e in entries if e["object_type"] == "evidence"]
    assert [e["action"] for e in evidence_entries] == ["changed", "created"]


def test_verdict_delete_through_the_service_is_recorded(editor_api):
    verdict = VerdictFactory()
    editor_api.post(f"/api/verdicts/{verdict.pk}/publish/")
    assert_status(editor_api.delete(f"/api/verdicts/{verdict.pk}/"), 204)
    from claims.models import Verdict

    actions = list(
        Verdict.history.filter(id=verdict.pk).order_by("history_date").values_list("history_type", flat=True)
    )
    assert actions[0] == "+" and actions[-1] == "-" and "~" in actions


@pytest.mark.parametrize("who, expected", [("anonymous", 401), ("plain_user", 403)])
def test_history_is_for_staff_only(api_client, plain_user, who, expected):
    claim = ClaimFactory()
    if who == "plain_user":
        api_client.force_authenticate(plain_user)
    assert_status(api_client.get(f"/api/claims/{claim.pk}/history/"), expected)


def test_history_is_readable_by_staff_without_model_permissions(api_client, staff_user):
    verdict = VerdictFactory()
    api_client.force_authenticate(staff_user)
    assert_status(api_client.get(f"/api/verdicts/{verdict.pk}/history/"), 200)
    assert_status(api_client.get(f"/api/claims/{verdict.claim_id}/history/"), 200)
