"""Suggestions in the article's reading view (issue 15): pending ones highlighted in place with
the speaker proposal and confidence, Accept/Reject forms posting to the suggestion admin's own
views and coming back; decided and stale ones not shown; a fixed number of queries."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from claims.models import Appearance, Claim, Speaker
from claims.services import appearance_create
from intake import services
from intake.models import Suggestion, body_hash
from tests.api import count_queries

from ..factories import ArticleFactory, ClaimFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Bridge to reopen in May\n\n"
    'Mayor Ana Ruiz said the bridge would reopen in May. "We have fixed every cable," she told reporters.\n\n'
    "The transport ministry warned that tolls would double.\n"
)
REPORTED = "the bridge would reopen in May"
DIRECT = "We have fixed every cable,"
TOLLS = "tolls would double"


@pytest.fixture
def article():
    return ArticleFactory(body=BODY, title="Bridge")


@pytest.fixture
def suggestions(article):
    found = {s.quote: s for s in services.article_extract(article)}
    assert set(found) == {REPORTED, DIRECT, TOLLS}
    return found


def read_url(article):
    return reverse("admin:articles_article_read", args=(article.pk,))


def mark_html(suggestion):
    return f'class="hl suggestion" data-start="{suggestion.start}" data-suggestion="{suggestion.pk}"'


def test_pending_suggestions_are_highlighted_with_speaker_confidence_and_forms(editor_client, article, suggestions):
    mayor = SpeakerFactory(name="Ana Ruiz")
    Suggestion.objects.filter(pk=suggestions[REPORTED].pk).update(speaker=mayor, confidence=0.83)
    services.suggestion_reject(suggestion=suggestions[TOLLS])

    html = editor_client.get(read_url(article)).content.decode()
    reported, direct, tolls = suggestions[REPORTED], suggestions[DIRECT], suggestions[TOLLS]
    # In place: the highlight covers exactly the suggested words and says who and how sure.
    assert re.search(
        rf'<a {mark_html(reported)} title="Suggested: Ana Ruiz, reported, 83% sure\. '
        rf'Click to accept or reject\." draggable="false">{REPORTED}</a>',
        html,
    )
    assert f'<a {mark_html(direct)} title="Suggested: Ana Ruiz (new person), direct quote' in html
    # The card: proposal, confidence, and Accept / Reject posting to the suggestion admin.
    card = _card(html, reported)
    assert '<strong class="suggestion-speaker">Ana Ruiz</strong> · reported · said' in card
    assert '<span class="suggestion-confidence">83% sure</span>' in card
    assert f'action="{reverse("admin:intake_suggestion_accept", args=(reported.pk,))}"' in card
    assert f'formaction="{reverse("admin:intake_suggestion_reject", args=(reported.pk,))}"' in card
    assert 'name="csrfmiddlewaretoken"' in card
    assert f'name="next" value="{read_url(article)}"' in card
    assert ">Accept</button>" in card
    assert ">Reject</button>" in card
    assert f'href="{reverse("admin:intake_suggestion_change", args=(reported.pk,))}?next=' in card
    assert "(new person)" in _card(html, direct)
    # Rejected: neither highlighted nor listed.
    assert f'data-suggestion="{tolls.pk}"' not in html
    assert f'id="suggestion-{tolls.pk}"' not in html
    assert "<h2>Suggested claims (2)</h2>" in html


def _card(html, suggestion):
    match = re.search(rf'<li class="suggestion-item" id="suggestion-{suggestion.pk}".*?</li>', html, flags=re.S)
    assert match, f"no card for suggestion {suggestion.pk}"
    return match.group(0)


def test_stale_and_already_logged_suggestions_are_not_shown(editor_client, article, suggestions):
    # Logged by hand from a selection: the words are a claim now, not a suggestion.
    appearance_create(claim=ClaimFactory(), article=article, quote=DIRECT, is_direct_quote=True)
    html = editor_client.get(read_url(article)).content.decode()
    assert f'data-suggestion="{suggestions[DIRECT].pk}"' not in html
    assert f'data-suggestion="{suggestions[REPORTED].pk}"' in html
    # The body changes: the old version's suggestions become stale and disappear.
    article.body = BODY.replace("Bridge to reopen", "The bridge will reopen")
    article.save()
    services.article_extract(article)
    assert Suggestion.objects.get(pk=suggestions[REPORTED].pk).state == "stale"
    html = editor_client.get(read_url(article)).content.decode()
    for old in suggestions.values():
        assert f'data-suggestion="{old.pk}"' not in html
    fresh = Suggestion.objects.get(article=article, state="pending", quote=REPORTED)
    assert f"<a {mark_html(fresh)}" in html


def test_without_the_view_permission_there_are_no_suggestions(client, article, suggestions):
    reader = UserFactory(is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_article", content_type__app_label="articles"))
    client.force_login(reader)
    html = client.get(read_url(article)).content.decode()
    assert REPORTED in html
    assert "data-suggestion" not in html
    assert "Suggested claims" not in html


def test_view_only_sees_suggestions_without_accept_or_reject(client, article, suggestions):
    reader = UserFactory(is_staff=True)
    reader.user_permissions.add(
        Permission.objects.get(codename="view_article", content_type__app_label="articles"),
        Permission.objects.get(codename="view_suggestion", content_type__app_label="intake"),
    )
    client.force_login(reader)
    html = client.get(read_url(article)).content.decode()
    assert f"<a {mark_html(suggestions[REPORTED])}" in html
    assert "<h2>Suggested claims (3)</h2>" in html
    assert ">Accept</button>" not in html
    assert client.post(reverse("admin:intake_suggestion_accept", args=(suggestions[REPORTED].pk,))).status_code == 403
    assert not Claim.objects.exists()


def test_the_reading_view_costs_the_same_queries_for_0_1_or_40_suggestions(editor_client, article):
    url = read_url(article)
    editor_client.get(url)  # warm the session
    counts = [count_queries(lambda: editor_client.get(url))]
    speakers = [SpeakerFactory(), None]
    for n in range(40):
        start, end = 2 * n, 2 * n + 7  # overlapping spans: the body is cut at every edge
        Suggestion.objects.create(
            article=article,
            body_hash=body_hash(BODY),
            start=start,
            end=end,
            quote=BODY[start:end],
            text=BODY[start:end],
            is_direct_quote=bool(n % 2),
            speaker_mention=f"Someone {n}",
            speaker_kind="person",
            speaker=speakers[n % 2],
            cue="said",
            confidence=0.5,
        )
        if n in (0, 39):
            html = editor_client.get(url).content.decode()
            assert html.count('class="suggestion-item"') == n + 1
            counts.append(count_queries(lambda: editor_client.get(url)))
    assert counts[0] == counts[1] == counts[2], counts


def test_accept_from_the_reading_view_logs_the_claim_at_the_exact_words_and_comes_back(article, suggestions, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    page = client.get(read_url(article)).content.decode()
    direct = suggestions[DIRECT]
    card = _card(page, direct)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', card).group(1)
    accept = reverse("admin:intake_suggestion_accept", args=(direct.pk,))
    # The form's CSRF token is required: without it nothing is written.
    assert client.post(accept, {"next": read_url(article)}).status_code == 403
    assert not Claim.objects.exists()

    response = client.post(accept, {"csrfmiddlewaretoken": token, "next": read_url(article)})
    assert response.status_code == 302
    assert response["Location"] == read_url(article)
    claim = Claim.objects.select_related("speaker").get()
    appearance = Appearance.objects.get(claim=claim)
    assert (appearance.article, appearance.start, appearance.end) == (article, direct.start, direct.end)
    assert BODY[appearance.start : appearance.end] == appearance.quote == DIRECT
    assert appearance.is_direct_quote
    assert (claim.text, claim.speaker.name, claim.created_by) == (DIRECT, "Ana Ruiz", editor)
    direct.refresh_from_db()
    assert (direct.state, direct.claim) == ("accepted", claim)

    # Back in the reading view: the message, and the words drawn as the claim's appearance.
    html = client.get(read_url(article)).content.decode()
    assert f"Accepted: “{DIRECT}”" in html
    claim_url = reverse("admin:claims_claim_change", args=(claim.pk,))
    assert f'class="hl direct" data-start="{direct.start}" href="{claim_url}"' in html
    assert f'data-suggestion="{direct.pk}"' not in html
    assert "<h2>Suggested claims (2)</h2>" in html


def test_a_failed_accept_from_the_reading_view_writes_nothing(editor_client, article, suggestions):
    """Speaker, claim and appearance are one transaction: a claim that cannot be saved (no
    text) leaves no new speaker behind."""
    direct = suggestions[DIRECT]
    Suggestion.objects.filter(pk=direct.pk).update(text="   ")
    response = editor_client.post(
        reverse("admin:intake_suggestion_accept", args=(direct.pk,)), {"next": read_url(article)}, follow=True
    )
    assert response.redirect_chain == [(read_url(article), 302)]
    assert '<li class="error">This field cannot be blank.</li>' in response.content.decode()
    assert not Speaker.objects.filter(name="Ana Ruiz").exists()
    assert not Claim.objects.exists()
    assert not Appearance.objects.exists()
    assert Suggestion.objects.get(pk=direct.pk).state == "pending"


def test_reject_from_the_reading_view(editor_client, article, suggestions):
    tolls = suggestions[TOLLS]
    response = editor_client.post(
        reverse("admin:intake_suggestion_reject", args=(tolls.pk,)), {"next": read_url(article)}, follow=True
    )
    assert response.redirect_chain == [(read_url(article), 302)]
    html = response.content.decode()
    assert f"Rejected: “{TOLLS}”" in html
    assert f'data-suggestion="{tolls.pk}"' not in html
    assert Suggestion.objects.get(pk=tolls.pk).state == "rejected"
    assert not Claim.objects.exists()


def test_next_only_returns_to_this_site(editor_client, article, suggestions):
    response = editor_client.post(
        reverse("admin:intake_suggestion_reject", args=(suggestions[TOLLS].pk,)), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("admin:intake_suggestion_changelist")


def test_edit_then_accept_returns_to_the_reading_view(editor_client, article, suggestions):
    mayor = SpeakerFactory(name="Ana María Ruiz")
    direct = suggestions[DIRECT]
    html = editor_client.get(read_url(article)).content.decode()
    edit = re.search(r'class="suggestion-edit" href="([^"]+)"', _card(html, direct)).group(1).replace("&amp;", "&")
    assert editor_client.get(edit).status_code == 200
    response = editor_client.post(
        edit, {"text": "Every cable of the bridge is repaired.", "speaker": mayor.pk, "_accept": "Save and accept"}
    )
    assert response.status_code == 302
    assert response["Location"] == read_url(article)
    claim = Claim.objects.get()
    assert (claim.text, claim.speaker) == ("Every cable of the bridge is repaired.", mayor)
    assert Appearance.objects.get(claim=claim).start == direct.start
