"""Cross-cutting API behaviour: authentication, the one error shape, the schema and docs."""

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from .api import assert_status
from .factories import SpeakerFactory

pytestmark = pytest.mark.django_db


def test_token_authentication_and_drf_create_token(api_client, editor):
    call_command("drf_create_token", editor.username)
    token = Token.objects.get(user=editor)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api_client.post("/api/claims/", {"text": "x", "speaker_id": SpeakerFactory().pk}, format="json")
    assert_status(response, 201)


def test_bad_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token nope")
    assert_status(api_client.get("/api/claims/"), 401)


def test_session_authentication_needs_csrf(editor):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post("/api/speakers/", {"name": "X"}, format="json")
    assert_status(response, 403)
    assert "CSRF" in response.json()["detail"]


def test_session_authentication_writes(client, editor):
    client.force_login(editor)
    response = client.post("/api/speakers/", {"name": "Someone"}, content_type="application/json")
    assert_status(response, 201)


@pytest.mark.parametrize(
    "method, path, body, expected",
    [
        ("get", "/api/nowhere/", None, 404),
        ("get", "/api/claims/987654/", None, 404),
        ("put", "/api/claims/", {}, 405),
        ("post", "/api/claims/", "{not json", 400),
    ],
)
def test_every_error_has_the_same_json_shape(editor_api, method, path, body, expected):
    if isinstance(body, str):
        response = getattr(editor_api, method)(path, body, content_type="application/json")
    else:
        response = getattr(editor_api, method)(path, body, format="json")
    assert_status(response, expected)
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert set(data) == {"detail", "code", "fields"} and data["detail"]


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))


def test_schema_and_docs_are_served(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"})
    assert_status(schema, 200)
    paths = schema.json()["paths"]
    for collection in ("publishers", "articles", "speakers", "claims", "verdicts", "evidence", "ratings"):
        assert f"/api/{collection}/" in paths and f"/api/{collection}/{{id}}/" in paths
    assert "/api/verdicts/{id}/publish/" in paths and "/api/speakers/{id}/record/" in paths
    components = schema.json()["components"]["schemas"]
    assert "speaker_id" in components["ClaimRequest"]["properties"]
    assert "speaker" in components["Claim"]["properties"]
    docs = api_client.get("/api/docs/")
    assert_status(docs, 200)
    assert b"swagger-ui" in docs.content and b"cdn" not in docs.content.lower()


@pytest.mark.parametrize("debug", [False, True])
def test_api_errors_are_json_even_with_debug_on(api_client, settings, debug):
    settings.DEBUG = debug
    for response in (api_client.get("/api/nonexistent/"), api_client.get("/api/claims/987654/")):
        assert_status(response, 404)
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["code"] == "not_found"


def test_trailing_slash_is_optional(editor_api):
    response = editor_api.post("/api/speakers", {"name": "No Slash"}, format="json")
    assert_status(response, 201)
    assert_status(editor_api.get(f"/api/speakers/{response.data['id']}"), 200)


def test_every_operation_documents_the_error_shape(api_client):
    """The error responses are added to decorated operations too (api.schema keeps the
    private override for this) and under each of the view's media types."""
    paths = api_client.get("/api/schema/", {"format": "json"}).json()["paths"]
    error = {"$ref": "#/components/schemas/Error"}
    publish = paths["/api/verdicts/{id}/publish/"]["post"]["responses"]  # @extend_schema(responses=...)
    for code in ("400", "401", "403", "404", "409"):
        assert publish[code]["content"]["application/json"]["schema"] == error, code
    patch = paths["/api/claims/{id}/"]["patch"]["responses"]
    assert patch["412"]["content"]["application/json"]["schema"] == error
    claimreview = paths["/api/claims/{id}/claimreview/"]["get"]["responses"]
    assert claimreview["404"]["content"]["application/json"]["schema"] == error
    assert "403" not in paths["/api/claims/"]["get"]["responses"]  # reads: no write errors


# --- caches cannot leak drafts (issue 12) ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/verdicts/", "/api/claims/", "/api/evidence/"])
def test_authenticated_responses_are_private_and_anonymous_ones_cacheable(path):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from .factories import EditorFactory, VerdictFactory

    VerdictFactory(summary="A draft")
    anonymous = APIClient().get(path)
    editor = APIClient()
    editor.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=EditorFactory()).key}")
    authenticated = editor.get(path)
    session = APIClient()
    session.force_login(EditorFactory())
    by_session = session.get(path)

    for response in (anonymous, authenticated, by_session):
        assert response.status_code == 200
        vary = {part.strip().lower() for part in response["Vary"].split(",")}
        assert {"authorization", "cookie"} <= vary
    assert "private" not in anonymous.get("Cache-Control", "")
    assert "private" in authenticated["Cache-Control"]
    assert "private" in by_session["Cache-Control"]
