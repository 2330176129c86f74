import pytest

from claims.models import Claim

from ..api import APIViewTestCases, assert_status, count_queries
from ..factories import (
    AppearanceFactory,
    ArticleFactory,
    ClaimFactory,
    SpeakerFactory,
    VerdictFactory,
    published_verdict,
)

pytestmark = pytest.mark.django_db


def make_full_claim():
    """A claim with two appearances and a published verdict: every nested part filled."""
    claim = ClaimFactory()
    AppearanceFactory(claim=claim)
    AppearanceFactory(claim=claim, quote="Critics disagreed.", is_direct_quote=False)
    published_verdict(claim=claim)
    claim.refresh_from_db()
    return claim


class TestClaimAPI(APIViewTestCases):
    basename = "claim"

    def make_object(self):
        return make_full_claim()

    def create_payload(self):
        return {
            "text": "Unemployment fell by half",
            "speaker_id": SpeakerFactory().pk,
            "claimed_at": "2018-09-07",
            "article_id": ArticleFactory().pk,
            "quote": "unemployment fell by half",
            "is_direct_quote": False,
        }

    def stored(self, row, name):
        # The first appearance's fields are stored on the appearance the create made.
        if name in ("article_id", "quote", "is_direct_quote"):
            return getattr(row.appearances.get(), name)
        return super().stored(row, name)

    def update_payload(self):
        return {"status": "in_review", "context": "Press conference"}

    def invalid_payload(self):
        return {"text": "", "speaker_id": "nope"}


def test_claim_representation_matches_the_contract(api_client):
    claim = make_full_claim()
    data = api_client.get(f"/api/claims/{claim.pk}/").json()
    assert set(data) >= {
        "id",
        "text",
        "status",
        "claimed_at",
        "context",
        "language",
        "created_at",
        "updated_at",
        "speaker",
        "appearances",
        "verdict",
    }
    assert data["speaker"] == {"id": claim.speaker.pk, "name": claim.speaker.name, "slug": claim.speaker.slug}
    appearance = data["appearances"][0]
    assert set(appearance["article"]) == {"id", "url", "title"}
    assert {"quote", "is_direct_quote"} <= set(appearance)
    verdict = claim.current_verdict
    assert data["verdict"] == {
        "id": verdict.pk,
        "rating": {"slug": "false", "label": "False", "value": 2},
        "summary": verdict.summary,
        "published_at": verdict.published_at.isoformat().replace("+00:00", "Z"),
    }
    assert data["status"] == "checked"


def test_claim_without_verdict_has_null_verdict(api_client):
    claim = ClaimFactory()
    assert api_client.get(f"/api/claims/{claim.pk}/").data["verdict"] is None


@pytest.mark.parametrize("rows", [1, 100])
def test_claim_list_costs_the_same_queries_for_1_and_100_claims(api_client, rows, django_assert_max_num_queries):
    for _ in range(rows):
        make_full_claim()
    # one for the page of claims (with speaker and current verdict's rating joined),
    # one for all their appearances with articles
    with django_assert_max_num_queries(2):
        response = api_client.get("/api/claims/", {"page_size": 100})
    assert_status(response, 200)
    assert len(response.data["results"]) == rows


def test_filtered_list_query_count_does_not_grow(api_client):
    speaker = SpeakerFactory()
    ClaimFactory(speaker=speaker)
    params = {"speaker": speaker.pk, "status": "new,in_review", "claimed_after": "2018-01-01"}
    one = count_queries(lambda: api_client.get("/api/claims/", params))
    for _ in range(30):
        AppearanceFactory(claim=ClaimFactory(speaker=speaker))
    assert count_queries(lambda: api_client.get("/api/claims/", params)) == one


def test_create_claim_with_its_first_appearance_in_one_request(editor_api, editor):
    article = ArticleFactory()
    speaker = SpeakerFactory()
    response = editor_api.post(
        "/api/claims/",
        {
            "text": "Unemployment fell by half last year",
            "speaker_id": speaker.pk,
            "article_id": article.pk,
            "quote": "unemployment fell by half last year",
            "is_direct_quote": True,
            "claimed_at": "2018-09-07",
            "context": "Press conference",
            "status": "in_review",
        },
        format="json",
    )
    assert_status(response, 201)
    claim = Claim.objects.get(pk=response.data["id"])
    assert claim.created_by == editor and claim.status == "in_review"
    [appearance] = response.data["appearances"]
    assert appearance["article"]["id"] == article.pk
    assert article.body[appearance["start"] : appearance["end"]] == appearance["quote"]


def test_create_with_a_bad_quote_writes_nothing(editor_api):
    article = ArticleFactory()
    response = editor_api.post(
        "/api/claims/",
        {"text": "x", "speaker_id": SpeakerFactory().pk, "article_id": article.pk, "quote": ""},
        format="json",
    )
    assert_status(response, 400)
    assert "quote" in response.json()["fields"]
    assert not Claim.objects.exists()


def test_create_quote_without_article_is_400(editor_api):
    response = editor_api.post(
        "/api/claims/", {"text": "x", "speaker_id": SpeakerFactory().pk, "quote": "words"}, format="json"
    )
    assert_status(response, 400)
    assert "article_id" in response.json()["fields"]


@pytest.mark.parametrize("method", ["post", "patch"])
def test_clients_cannot_set_checked(editor_api, method):
    if method == "post":
        response = editor_api.post(
            "/api/claims/", {"text": "x", "speaker_id": SpeakerFactory().pk, "status": "checked"}, format="json"
        )
    else:
        response = editor_api.patch(f"/api/claims/{ClaimFactory().pk}/", {"status": "checked"}, format="json")
    assert_status(response, 400)
    assert "published" in response.json()["fields"]["status"][0]


def test_unknown_status_is_400(editor_api):
    response = editor_api.patch(f"/api/claims/{ClaimFactory().pk}/", {"status": "done"}, format="json")
    assert_status(response, 400)
    assert "status" in response.json()["fields"]


def test_mass_assignment_is_ignored(editor_api, editor):
    other_verdict = published_verdict()
    response = editor_api.post(
        "/api/claims/",
        {
            "text": "x",
            "speaker_id": SpeakerFactory().pk,
            "id": 424242,
            "created_at": "2000-01-01T00:00:00Z",
            "verdict": {"id": other_verdict.pk},
        },
        format="json",
    )
    assert_status(response, 201)
    claim = Claim.objects.get(pk=response.data["id"])
    assert claim.pk != 424242 and claim.current_verdict is None and claim.created_by == editor
    assert claim.created_at.year > 2000
    # Names outside the representation are not ignored but refused (issue 13).
    response = editor_api.post(
        "/api/claims/",
        {"text": "x", "speaker_id": claim.speaker_id, "created_by": 999, "current_verdict": other_verdict.pk},
        format="json",
    )
    assert_status(response, 400)
    assert set(response.json()["fields"]) == {"created_by", "current_verdict"}


def test_first_appearance_fields_are_create_only(editor_api):
    claim = ClaimFactory()
    response = editor_api.patch(
        f"/api/claims/{claim.pk}/", {"article_id": ArticleFactory().pk, "quote": "x"}, format="json"
    )
    assert_status(response, 400)
    assert {"article_id", "quote"} <= set(response.json()["fields"])


def test_deleting_a_checked_claim_deletes_its_verdicts(editor_api):
    claim = make_full_claim()
    VerdictFactory(claim=claim)
    assert_status(editor_api.delete(f"/api/claims/{claim.pk}/"), 204)
    assert not Claim.objects.filter(pk=claim.pk).exists()


def test_more_appearances_through_the_appearances_endpoint(editor_api, api_client):
    claim = ClaimFactory()
    article = ArticleFactory()
    response = editor_api.post(
        "/api/appearances/",
        {"claim_id": claim.pk, "article_id": article.pk, "quote": "Critics disagreed."},
        format="json",
    )
    assert_status(response, 201)
    assert article.body[response.data["start"] : response.data["end"]] == "Critics disagreed."
    # the same quote twice is refused with a clear message
    again = editor_api.post(
        "/api/appearances/",
        {"claim_id": claim.pk, "article_id": article.pk, "quote": "Critics disagreed."},
        format="json",
    )
    assert_status(again, 400)
    bad_offsets = editor_api.post(
        "/api/appearances/",
        {"claim_id": claim.pk, "article_id": article.pk, "quote": "The minister", "start": 5, "end": 2},
        format="json",
    )
    assert_status(bad_offsets, 400)
    listed = api_client.get("/api/appearances/", {"claim": claim.pk}).data["results"]
    assert [row["id"] for row in listed] == [response.data["id"]]


def test_fast_read_path_renders_exactly_what_the_serializer_would(api_client):
    """The list and detail read through CLAIM_READ (compiled from ClaimSerializer); it must
    stay byte-identical to ClaimSerializer on model instances."""
    from api.renderers import dumps
    from claims.serializers import ClaimSerializer

    full = make_full_claim()
    bare = ClaimFactory(claimed_at=None, context="TV", language="fr")
    withdrawn = published_verdict().claim
    from claims import services

    services.verdict_withdraw(verdict=withdrawn.current_verdict)
    claims = Claim.objects.with_api_relations().filter(pk__in=[full.pk, bare.pk, withdrawn.pk])
    expected = {claim.pk: dumps(ClaimSerializer(claim).data) for claim in claims}

    for pk, rendered in expected.items():
        assert api_client.get(f"/api/claims/{pk}/").content == rendered
    listed = api_client.get("/api/claims/", {"page_size": 10}).json()["results"]
    assert {row["id"]: dumps(row) for row in listed} == expected


def test_claim_bytes_are_pinned(api_client):
    """The exact bytes of a claim (issue 11: responses stay byte-for-byte what they were),
    written out here rather than derived from the code under test."""
    import datetime
    import json

    from claims import services

    moment = datetime.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=datetime.UTC)
    speaker = SpeakerFactory(name="Amira Haddad", slug="amira-haddad")
    article = ArticleFactory(url="https://news.example/a", title="Minister speaks", published_at=moment)
    claim = ClaimFactory(speaker=speaker, text="Exports doubled", claimed_at=datetime.date(2024, 5, 1), context="TV")
    appearance = AppearanceFactory(claim=claim, article=article, quote="Exports doubled", is_direct_quote=True)
    verdict = VerdictFactory(claim=claim, summary="They rose by a tenth.")
    services.verdict_publish(verdict=verdict, published_at=moment)
    Claim.objects.filter(pk=claim.pk).update(created_at=moment, updated_at=moment)
    expected = (
        f'{{"id":{claim.pk},"text":"Exports doubled","status":"checked","claimed_at":"2024-05-01",'
        f'"context":"TV","language":"en","created_at":"2024-05-06T07:08:09.123456Z",'
        f'"updated_at":"2024-05-06T07:08:09.123456Z",'
        f'"speaker":{{"id":{speaker.pk},"name":"Amira Haddad","slug":"amira-haddad"}},'
        f'"appearances":[{{"id":{appearance.pk},"article":{{"id":{article.pk},"url":"https://news.example/a",'
        f'"title":"Minister speaks"}},"quote":"Exports doubled","is_direct_quote":true,'
        f'"start":{json.dumps(appearance.start)},"end":{json.dumps(appearance.end)}}}],'
        f'"verdict":{{"id":{verdict.pk},"rating":{{"slug":"{verdict.rating.slug}","label":"{verdict.rating.label}",'
        f'"value":{json.dumps(verdict.rating.value)}}},"summary":"They rose by a tenth.",'
        f'"published_at":"2024-05-06T07:08:09.123456Z"}}}}'
    ).encode()
    assert api_client.get(f"/api/claims/{claim.pk}/").content == expected
    listed = api_client.get("/api/claims/").content
    assert listed == b'{"next":null,"previous":null,"results":[' + expected + b"]}"


def test_write_responses_are_the_read_shape(editor_api):
    """POST and PATCH answer with the claim exactly as a GET then shows it (one read shape),
    so the ETag of a write response is the ETag of the next GET."""
    created = editor_api.post(
        "/api/claims/",
        {
            "text": "Exports doubled",
            "speaker_id": SpeakerFactory().pk,
            "article_id": ArticleFactory(body="Officials said: Exports doubled.").pk,
            "quote": "Exports doubled",
        },
        format="json",
    )
    assert_status(created, 201)
    url = f"/api/claims/{created.data['id']}/"
    read = editor_api.get(url)
    assert created.content == read.content
    published_verdict(claim=Claim.objects.get(pk=created.data["id"]))
    read = editor_api.get(url)
    patched = editor_api.patch(url, {"context": "Press conference"}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert_status(patched, 200)
    again = editor_api.get(url)
    assert patched.content == again.content
    assert patched["ETag"] == again["ETag"]
    assert again.json()["context"] == "Press conference"


def test_unknown_query_parameter_on_a_claim_is_400(api_client):
    """Like every other detail route (issue 11: retrieve goes through get_object())."""
    claim = ClaimFactory()
    response = api_client.get(f"/api/claims/{claim.pk}/", {"speakr": 1})
    assert_status(response, 400)
    assert "speakr" in response.json()["fields"]
    assert_status(api_client.get(f"/api/speakers/{claim.speaker_id}/", {"speakr": 1}), 400)


def test_claim_request_schemas_document_only_what_each_write_accepts(api_client):
    components = api_client.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    create_only = {"article_id", "quote", "is_direct_quote"}
    assert create_only <= set(components["ClaimCreateRequest"]["properties"])
    assert not create_only & set(components["PatchedClaimRequest"]["properties"])
    assert not create_only & set(components["ClaimRequest"]["properties"])
    assert set(components["PatchedClaimRequest"]["properties"]) == {
        "text", "status", "claimed_at", "context", "language", "speaker_id",
    }  # fmt: skip


# --- the status rule (issue 12; claims.services.claim_check_status_move) -------------------------


@pytest.mark.parametrize("start", ["new", "in_review", "dismissed"])
def test_checked_is_refused_without_a_published_verdict(editor_api, start):
    claim = ClaimFactory(status=start)
    response = editor_api.patch(f"/api/claims/{claim.pk}/", {"status": "checked"}, format="json")
    assert_status(response, 400)
    assert "published" in response.json()["fields"]["status"][0]
    assert Claim.objects.get(pk=claim.pk).status == start


@pytest.mark.parametrize("target", ["new", "dismissed"])
def test_new_and_dismissed_are_refused_while_a_published_verdict_is_current(editor_api, target):
    verdict = published_verdict()
    response = editor_api.patch(f"/api/claims/{verdict.claim_id}/", {"status": target}, format="json")
    assert_status(response, 400)
    assert "withdraw" in response.json()["fields"]["status"][0]
    assert Claim.objects.get(pk=verdict.claim_id).status == "checked"


def test_reopening_keeps_the_published_verdict_visible_and_closing_returns_to_checked(editor_api, api_client):
    verdict = published_verdict()
    url = f"/api/claims/{verdict.claim_id}/"
    reopened = editor_api.patch(url, {"status": "in_review"}, format="json")
    assert_status(reopened, 200)
    assert reopened.json()["status"] == "in_review"
    assert api_client.get(url).json()["verdict"]["id"] == verdict.pk  # still public
    closed = editor_api.patch(url, {"status": "checked"}, format="json")
    assert_status(closed, 200)
    assert closed.json()["status"] == "checked"


def test_withdrawing_the_last_published_verdict_of_a_reopened_claim_leaves_it_in_review(editor_api):
    verdict = published_verdict()
    assert_status(editor_api.patch(f"/api/claims/{verdict.claim_id}/", {"status": "in_review"}, format="json"), 200)
    assert_status(editor_api.post(f"/api/verdicts/{verdict.pk}/withdraw/"), 200)
    claim = Claim.objects.get(pk=verdict.claim_id)
    assert (claim.status, claim.current_verdict_id) == ("in_review", None)
    # and now, with no published verdict, it may be dismissed
    assert_status(editor_api.patch(f"/api/claims/{claim.pk}/", {"status": "dismissed"}, format="json"), 200)


def test_a_patch_writes_only_the_fields_it_changes(editor_api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claim = ClaimFactory()
    with CaptureQueriesContext(connection) as queries:
        assert_status(editor_api.patch(f"/api/claims/{claim.pk}/", {"context": "new"}, format="json"), 200)
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "claims_claim"')]
    assert len(updates) == 1
    assert '"context"' in updates[0] and '"current_verdict_id"' not in updates[0] and '"status"' not in updates[0]
