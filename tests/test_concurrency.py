"""No lost updates: ETags on reads, If-Match on writes (412 with the current version),
and two writers racing on one claim: one wins, the other is told, nothing is lost."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from claims.models import Claim

from .api import assert_status
from .factories import ClaimFactory, EditorFactory, SpeakerFactory


@pytest.mark.django_db
def test_detail_responses_carry_an_etag_that_changes_with_the_object(editor_api):
    claim = ClaimFactory()
    first = editor_api.get(f"/api/claims/{claim.pk}/")
    assert first["ETag"].startswith('"')
    assert editor_api.get(f"/api/claims/{claim.pk}/")["ETag"] == first["ETag"]
    patched = editor_api.patch(f"/api/claims/{claim.pk}/", {"context": "new"}, format="json")
    assert patched["ETag"] != first["ETag"]
    assert editor_api.get(f"/api/claims/{claim.pk}/")["ETag"] == patched["ETag"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["claims", "verdicts", "speakers", "articles", "evidence"])
def test_every_detail_route_has_an_etag(api_client, path):
    from .factories import ArticleFactory, EvidenceFactory, published_verdict

    make = {
        "claims": ClaimFactory,
        "verdicts": published_verdict,
        "speakers": SpeakerFactory,
        "articles": ArticleFactory,
        "evidence": lambda: EvidenceFactory(verdict=published_verdict()),
    }[path]
    response = api_client.get(f"/api/{path}/{make().pk}/")
    assert_status(response, 200)
    assert response.has_header("ETag")


@pytest.mark.django_db
def test_stale_if_match_is_412_with_the_current_version(editor_api):
    claim = ClaimFactory(context="original")
    etag = editor_api.get(f"/api/claims/{claim.pk}/")["ETag"]
    assert_status(
        editor_api.patch(f"/api/claims/{claim.pk}/", {"context": "first"}, format="json", HTTP_IF_MATCH=etag), 200
    )
    stale = editor_api.patch(f"/api/claims/{claim.pk}/", {"context": "second"}, format="json", HTTP_IF_MATCH=etag)
    assert_status(stale, 412)
    body = stale.json()
    assert body["code"] == "precondition_failed" and body["current"]["context"] == "first"
    assert stale["ETag"] == editor_api.get(f"/api/claims/{claim.pk}/")["ETag"]
    assert Claim.objects.get(pk=claim.pk).context == "first"


@pytest.mark.django_db
def test_stale_if_match_on_delete_is_412_and_deletes_nothing(editor_api):
    speaker = SpeakerFactory()
    etag = editor_api.get(f"/api/speakers/{speaker.pk}/")["ETag"]
    editor_api.patch(f"/api/speakers/{speaker.pk}/", {"role": "Envoy"}, format="json")
    assert_status(editor_api.delete(f"/api/speakers/{speaker.pk}/", HTTP_IF_MATCH=etag), 412)
    fresh = editor_api.get(f"/api/speakers/{speaker.pk}/")["ETag"]
    assert_status(editor_api.delete(f"/api/speakers/{speaker.pk}/", HTTP_IF_MATCH=fresh), 204)


@pytest.mark.django_db
def test_matching_or_wildcard_if_match_and_no_if_match_succeed(editor_api):
    claim = ClaimFactory()
    etag = editor_api.get(f"/api/claims/{claim.pk}/")["ETag"]
    url = f"/api/claims/{claim.pk}/"
    assert_status(editor_api.patch(url, {"context": "a"}, format="json", HTTP_IF_MATCH=f'"other", {etag}'), 200)
    assert_status(editor_api.patch(url, {"context": "b"}, format="json", HTTP_IF_MATCH="*"), 200)
    assert_status(editor_api.patch(url, {"context": "c"}, format="json"), 200)


@pytest.mark.django_db
def test_if_match_does_not_bypass_permissions(api_client, plain_user):
    claim = ClaimFactory()
    api_client.force_authenticate(plain_user)
    assert_status(api_client.patch(f"/api/claims/{claim.pk}/", {"context": "x"}, format="json", HTTP_IF_MATCH="*"), 403)


@pytest.mark.django_db(transaction=True)
def test_two_editors_racing_on_one_claim_one_wins_one_gets_412():
    claim = ClaimFactory(context="original")
    clients = []
    for name in ("alice", "bob"):
        client = APIClient()
        client.force_authenticate(EditorFactory(username=name))
        clients.append(client)
    etag = clients[0].get(f"/api/claims/{claim.pk}/")["ETag"]
    start = threading.Barrier(2)
    results = {}

    def write(client, context):
        try:
            start.wait()
            response = client.patch(f"/api/claims/{claim.pk}/", {"context": context}, format="json", HTTP_IF_MATCH=etag)
            results[context] = response
        finally:
            connection.close()  # each thread has its own connection

    threads = [
        threading.Thread(target=write, args=(c, ctx)) for c, ctx in zip(clients, ("alice's", "bob's"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    statuses = sorted(response.status_code for response in results.values())
    assert statuses == [200, 412], statuses
    winner = next(ctx for ctx, response in results.items() if response.status_code == 200)
    loser = next(response for response in results.values() if response.status_code == 412)
    assert Claim.objects.get(pk=claim.pk).context == winner
    assert loser.json()["current"]["context"] == winner


@pytest.mark.django_db
def test_if_none_match_with_the_current_etag_is_304(api_client):
    claim = ClaimFactory()
    etag = api_client.get(f"/api/claims/{claim.pk}/")["ETag"]
    response = api_client.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert_status(response, 304)
    assert response["ETag"] == etag and not response.content
    assert_status(api_client.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH='"stale"'), 200)


# --- row versions (issue 12): unrelated edits never make an If-Match stale ------------------


@pytest.mark.django_db
def test_renaming_the_speaker_does_not_make_a_claim_if_match_stale(editor_api):
    claim = ClaimFactory()
    etag = editor_api.get(f"/api/claims/{claim.pk}/")["ETag"]
    assert_status(editor_api.patch(f"/api/speakers/{claim.speaker_id}/", {"name": "Renamed"}, format="json"), 200)

    reread = editor_api.get(f"/api/claims/{claim.pk}/")
    assert reread["ETag"] != etag  # what a cache holds changed: it revalidates
    patched = editor_api.patch(f"/api/claims/{claim.pk}/", {"context": "x"}, format="json", HTTP_IF_MATCH=etag)
    assert_status(patched, 200)


@pytest.mark.django_db
def test_logging_a_claim_does_not_make_its_speaker_if_match_stale(editor_api):
    speaker = SpeakerFactory()
    etag = editor_api.get(f"/api/speakers/{speaker.pk}/")["ETag"]
    ClaimFactory(speaker=speaker)  # claim_count in the speaker's representation changes

    patched = editor_api.patch(f"/api/speakers/{speaker.pk}/", {"role": "Envoy"}, format="json", HTTP_IF_MATCH=etag)
    assert_status(patched, 200)
    assert patched.json()["claim_count"] == 1


@pytest.mark.django_db
def test_publishing_bumps_the_claim_version(editor_api):
    from .factories import VerdictFactory

    draft = VerdictFactory()
    etag = editor_api.get(f"/api/claims/{draft.claim_id}/")["ETag"]
    assert_status(editor_api.post(f"/api/verdicts/{draft.pk}/publish/"), 200)

    stale = editor_api.patch(
        f"/api/claims/{draft.claim_id}/", {"status": "in_review"}, format="json", HTTP_IF_MATCH=etag
    )
    assert_status(stale, 412)
    assert stale.json()["current"]["status"] == "checked"


@pytest.mark.django_db
def test_a_weak_if_none_match_is_304_and_a_weak_if_match_never_matches(api_client, editor_api):
    claim = ClaimFactory()
    etag = api_client.get(f"/api/claims/{claim.pk}/")["ETag"]
    assert_status(api_client.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=f"W/{etag}"), 304)
    weak = editor_api.patch(f"/api/claims/{claim.pk}/", {"context": "x"}, format="json", HTTP_IF_MATCH=f"W/{etag}")
    assert_status(weak, 412)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["claims", "speakers", "verdicts"])
def test_a_conditional_write_costs_no_more_queries_than_an_unconditional_one(editor_api, path):
    from django.test.utils import CaptureQueriesContext

    from .factories import VerdictFactory

    obj = {"claims": ClaimFactory, "speakers": SpeakerFactory, "verdicts": VerdictFactory}[path]()
    url = f"/api/{path}/{obj.pk}/"
    field = {"claims": "context", "speakers": "role", "verdicts": "analysis"}[path]

    def patch(value, **headers):
        with CaptureQueriesContext(connection) as queries:
            assert_status(editor_api.patch(url, {field: value}, format="json", **headers), 200)
        return len(queries)

    patch("warm-up")  # the first request also fills per-process caches (content types)
    unconditional = patch("one")
    conditional = patch("two", HTTP_IF_MATCH=editor_api.get(url)["ETag"])
    assert conditional == unconditional
