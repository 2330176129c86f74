"""Verdicts, evidence and ratings: publishing, permissions and draft hiding in every
place a draft could leak."""

import pytest
from django.contrib.auth.models import Permission

from claims.models import Claim, Verdict

from ..api import APIViewTestCases, assert_status
from ..factories import ClaimFactory, EvidenceFactory, VerdictFactory, published_verdict

pytestmark = pytest.mark.django_db


class TestVerdictAPI(APIViewTestCases):
    basename = "verdict"

    def make_object(self):
        verdict = published_verdict()
        EvidenceFactory(verdict=verdict)
        return verdict

    def create_payload(self):
        return {"claim_id": ClaimFactory().pk, "rating": "mostly-false", "summary": "Not quite."}

    def update_payload(self):
        return {"summary": "Better summary", "analysis": "More."}

    def invalid_payload(self):
        return {"claim_id": 0, "rating": "sort-of", "summary": ""}

    def stored(self, row, name):
        return row.rating.slug if name == "rating" else super().stored(row, name)

    def check_created(self, data, payload):
        # The response shows the rating as an object; the row holds the slug sent.
        super().check_created({**data, "rating": data["rating"]["slug"]}, payload)
        assert data["rating"] == {"slug": "mostly-false", "label": "Mostly false", "value": 3}
        assert data["published_at"] is None and data["is_published"] is False


class TestEvidenceAPI(APIViewTestCases):
    basename = "evidence"

    def make_object(self):
        return EvidenceFactory(verdict=published_verdict())

    def create_payload(self):
        return {"verdict_id": published_verdict().pk, "url": "https://stats.example/report", "stance": "refutes"}

    def update_payload(self):
        return {"stance": "context"}

    def invalid_payload(self):
        return {"verdict_id": 0, "url": "nope", "stance": "maybe"}


class TestRatingAPI(APIViewTestCases):
    basename = "rating"

    def make_object(self):
        from claims.models import Rating

        return Rating.objects.create(slug=f"r{Rating.objects.count()}", label="R")

    def create_payload(self):
        return {"slug": "satire", "label": "Satire"}

    def update_payload(self):
        return {"label": "Pants on fire!"}

    def invalid_payload(self):
        return {"slug": "true", "value": 6}


def test_publish_makes_the_claim_checked(editor_api, api_client):
    verdict = VerdictFactory()
    response = editor_api.post(f"/api/verdicts/{verdict.pk}/publish/")
    assert_status(response, 200)
    assert response.data["is_published"] and response.data["published_at"]
    claim = api_client.get(f"/api/claims/{verdict.claim_id}/").data
    assert claim["status"] == "checked" and claim["verdict"]["id"] == verdict.pk


def test_publishing_twice_is_409_and_changes_nothing(editor_api):
    verdict = published_verdict()
    response = editor_api.post(f"/api/verdicts/{verdict.pk}/publish/")
    assert_status(response, 409)
    assert response.json()["code"] == "already_published"
    assert Verdict.objects.get(pk=verdict.pk).published_at == verdict.published_at


def test_withdraw_falls_back_to_the_previous_verdict(editor_api):
    first = published_verdict()
    second = published_verdict(claim=first.claim)
    assert_status(editor_api.post(f"/api/verdicts/{second.pk}/withdraw/"), 200)
    assert Claim.objects.get(pk=first.claim_id).current_verdict == first
    assert_status(editor_api.post(f"/api/verdicts/{second.pk}/withdraw/"), 409)
    assert_status(editor_api.post(f"/api/verdicts/{first.pk}/withdraw/"), 200)
    claim = Claim.objects.get(pk=first.claim_id)
    assert claim.current_verdict is None and claim.status == "in_review"


def test_deleting_the_current_verdict_keeps_the_claim_consistent(editor_api):
    verdict = published_verdict()
    assert_status(editor_api.delete(f"/api/verdicts/{verdict.pk}/"), 204)
    claim = Claim.objects.get(pk=verdict.claim_id)
    assert claim.current_verdict is None and claim.status == "in_review"


def test_publish_needs_change_permission(api_client, plain_user):
    verdict = VerdictFactory()
    assert_status(api_client.post(f"/api/verdicts/{verdict.pk}/publish/"), 401)
    plain_user.user_permissions.add(Permission.objects.get(codename="add_verdict"))
    api_client.force_authenticate(plain_user)
    # 403, from the permission check that runs before any lookup: the same answer for a
    # draft this user cannot see and for no verdict at all, so it reveals nothing.
    assert_status(api_client.post(f"/api/verdicts/{verdict.pk}/publish/"), 403)
    assert_status(api_client.post("/api/verdicts/987654321/publish/"), 403)
    assert Verdict.objects.get(pk=verdict.pk).published_at is None


def test_verdict_cannot_move_to_another_claim(editor_api):
    verdict = VerdictFactory()
    response = editor_api.patch(f"/api/verdicts/{verdict.pk}/", {"claim_id": ClaimFactory().pk}, format="json")
    assert_status(response, 400)
    assert "claim_id" in response.json()["fields"]


def test_published_at_cannot_be_written(editor_api):
    verdict = VerdictFactory()
    response = editor_api.patch(f"/api/verdicts/{verdict.pk}/", {"published_at": "2020-01-01T00:00:00Z"}, format="json")
    assert_status(response, 200)
    assert Verdict.objects.get(pk=verdict.pk).published_at is None


@pytest.fixture
def draft():
    verdict = VerdictFactory(summary="SECRET DRAFT")
    EvidenceFactory(verdict=verdict, title="SECRET SOURCE")
    return verdict


@pytest.mark.parametrize("who", ["anonymous", "plain_user", "may_add_but_not_change_verdicts"])
def test_drafts_and_their_evidence_are_hidden_from_users_who_may_not_change_verdicts(
    api_client, draft, who, plain_user
):
    if who == "plain_user":
        api_client.force_authenticate(plain_user)
    elif who == "may_add_but_not_change_verdicts":
        from django.contrib.auth.models import Permission

        plain_user.user_permissions.add(
            *Permission.objects.filter(codename__in=("add_verdict", "add_evidence", "change_claim"))
        )
        api_client.force_authenticate(plain_user)
    evidence = draft.evidence.get()
    responses = [
        api_client.get("/api/verdicts/"),
        api_client.get("/api/verdicts/", {"claim": draft.claim_id}),
        api_client.get("/api/verdicts/", {"published": "false"}),
        api_client.get("/api/evidence/"),
        api_client.get("/api/claims/"),
        api_client.get(f"/api/claims/{draft.claim_id}/"),
        api_client.get("/api/schema/"),
    ]
    for response in responses:
        assert response.status_code == 200
        assert b"SECRET" not in response.content
    assert_status(api_client.get(f"/api/verdicts/{draft.pk}/"), 404)
    assert_status(api_client.get(f"/api/evidence/{evidence.pk}/"), 404)
    # evidence cannot be filtered by, or attached to, an invisible draft
    assert_status(api_client.get("/api/evidence/", {"verdict": draft.pk}), 400)


def test_the_secret_check_above_can_fail(api_client, staff_user, draft):
    """The lists checked above do show the draft's words to staff, so their absence for
    everyone else is the visibility rule at work, not a check that could never fail."""
    api_client.force_authenticate(staff_user)
    assert b"SECRET DRAFT" in api_client.get("/api/verdicts/").content
    assert b"SECRET DRAFT" in api_client.get("/api/verdicts/", {"claim": draft.claim_id}).content
    assert b"SECRET SOURCE" in api_client.get("/api/evidence/").content


def test_staff_see_drafts(api_client, staff_user, draft):
    api_client.force_authenticate(staff_user)
    assert_status(api_client.get(f"/api/verdicts/{draft.pk}/"), 200)
    assert [v["id"] for v in api_client.get("/api/verdicts/", {"published": "false"}).data["results"]] == [draft.pk]
    assert_status(api_client.get(f"/api/evidence/{draft.evidence.get().pk}/"), 200)


def test_staff_without_model_permission_cannot_write(api_client, staff_user, draft):
    api_client.force_authenticate(staff_user)
    assert_status(api_client.patch(f"/api/verdicts/{draft.pk}/", {"summary": "x"}, format="json"), 403)
    assert_status(api_client.post(f"/api/verdicts/{draft.pk}/publish/"), 403)


def test_verdict_filters(api_client):
    false = published_verdict()
    true = published_verdict(rating=__import__("tests.factories", fromlist=["rating"]).rating("true"))

    def verdict_ids(**params):
        response = api_client.get("/api/verdicts/", params)
        assert_status(response, 200)
        return [row["id"] for row in response.data["results"]]

    assert verdict_ids(claim=false.claim_id) == [false.pk]
    assert verdict_ids(rating="true") == [true.pk]
    assert set(verdict_ids(published="true")) == {false.pk, true.pk}
    assert_status(api_client.get("/api/verdicts/", {"published": "maybe"}), 400)
    assert_status(api_client.get("/api/verdicts/", {"rating": "nope"}), 400)


def test_an_editor_who_is_not_staff_publishes_and_withdraws_its_own_draft(api_client, plain_user):
    # The Editors group holds claims.change_verdict: its members see drafts (issue 12).
    from django.contrib.auth.models import Group

    plain_user.groups.add(Group.objects.get(name="Editors"))
    api_client.force_authenticate(plain_user)
    claim = ClaimFactory()

    created = api_client.post("/api/verdicts/", {"claim_id": claim.pk, "rating": "false", "summary": "Draft"})
    assert_status(created, 201)
    pk = created.json()["id"]
    assert pk in [row["id"] for row in api_client.get("/api/verdicts/").json()["results"]]
    assert_status(api_client.get(f"/api/verdicts/{pk}/"), 200)
    published = api_client.post(f"/api/verdicts/{pk}/publish/")
    assert_status(published, 200)
    assert published.json()["is_published"] is True
    withdrawn = api_client.post(f"/api/verdicts/{pk}/withdraw/")
    assert_status(withdrawn, 200)
    assert withdrawn.json()["is_published"] is False
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW
