"""The suggestions admin: one-click accept and reject per row, "Save and accept" with the
editor's edits, bulk accept; all through intake.services."""

import pytest

from claims.models import Claim
from intake import services
from intake.models import Suggestion

from ..factories import ArticleFactory, SpeakerFactory

BODY = (
    "Bridge to reopen in May\n\n"
    'Mayor Ana Ruiz said the bridge would reopen in May. "We have fixed every cable," she told reporters.\n'
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestions():
    return services.article_extract(ArticleFactory(body=BODY))


def test_changelist_shows_buttons_and_row_accept_creates_the_claim(editor_client, suggestions):
    page = editor_client.get("/admin/intake/suggestion/")
    assert page.status_code == 200
    assert page.content.decode().count(">Accept</button>") == 2
    first = suggestions[0]
    response = editor_client.post(f"/admin/intake/suggestion/{first.pk}/accept/", {"_decide": first.pk})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.state == "accepted"
    assert Claim.objects.get(pk=first.claim_id).speaker.name == "Ana Ruiz"
    assert editor_client.get(f"/admin/intake/suggestion/{first.pk}/accept/").status_code == 405


def test_row_reject(editor_client, suggestions):
    response = editor_client.post(f"/admin/intake/suggestion/{suggestions[1].pk}/reject/")
    assert response.status_code == 302
    assert Suggestion.objects.get(pk=suggestions[1].pk).state == "rejected"


def test_save_and_accept_uses_the_edited_text_and_speaker(editor_client, suggestions):
    mayor = SpeakerFactory(name="Ana María Ruiz")
    quote = next(s for s in suggestions if s.is_direct_quote)
    assert 'name="_accept"' in editor_client.get(f"/admin/intake/suggestion/{quote.pk}/change/").content.decode()
    response = editor_client.post(
        f"/admin/intake/suggestion/{quote.pk}/change/",
        {"text": "Every cable of the bridge is repaired.", "speaker": mayor.pk, "_accept": "Save and accept"},
    )
    assert response.status_code == 302, response.content[:2000]
    quote.refresh_from_db()
    claim = Claim.objects.get(pk=quote.claim_id)
    assert (claim.text, claim.speaker) == ("Every cable of the bridge is repaired.", mayor)


def test_bulk_accept_action(editor_client, suggestions):
    response = editor_client.post(
        "/admin/intake/suggestion/",
        {"action": "accept_selected", "_selected_action": [s.pk for s in suggestions]},
    )
    assert response.status_code == 302
    assert Suggestion.objects.filter(state="accepted").count() == 2
    assert Claim.objects.count() == 2


def test_plain_staff_cannot_decide(client, staff_user, suggestions):
    client.force_login(staff_user)
    response = client.post(f"/admin/intake/suggestion/{suggestions[0].pk}/accept/")
    assert response.status_code == 403
    assert not Claim.objects.exists()
