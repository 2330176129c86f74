"""The verdict desk in the admin (issue 14): from a claim to its verdict, Publish / Withdraw
with a confirmation of what readers will see, corrections, the claim's history in words,
capped inlines, and the desk's name."""

import pytest
from django.conf import settings
from django.urls import reverse

from claims import services
from claims.models import Claim, Verdict
from tests.api import count_queries

from ..factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    SpeakerFactory,
    VerdictFactory,
    published_verdict,
    rating,
)

pytestmark = pytest.mark.django_db


def verdict_form(claim, **overrides):
    data = {
        "claim": claim.pk,
        "rating": rating("mostly-false").pk,
        "summary": "About 10,000 is the UN's own estimate.",
        "analysis": "",
        "reviewer": "",
        "url": "",
        "evidence-TOTAL_FORMS": "2",
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
        "evidence-0-url": "https://un.example/briefing",
        "evidence-0-title": "UN briefing",
        "evidence-0-stance": "supports",
        "evidence-1-url": "https://monitor.example/report",
        "evidence-1-title": "Monitor report",
        "evidence-1-stance": "refutes",
    }
    data.update(overrides)
    return data


def test_the_claim_page_offers_add_verdict_and_lists_its_verdicts(editor_client):
    claim = ClaimFactory()
    draft = VerdictFactory(claim=claim, summary="A draft on it")
    response = editor_client.get(reverse("admin:claims_claim_change", args=(claim.pk,)))
    html = response.content.decode()
    add_url = reverse("admin:claims_verdict_add") + f"?claim={claim.pk}"
    assert f'href="{add_url}" class="addlink" id="add-verdict"' in html
    assert reverse("admin:claims_verdict_change", args=(draft.pk,)) in html
    assert "A draft on it" in html


def test_add_verdict_opens_with_the_claim_filled_in(editor_client):
    claim = ClaimFactory()
    response = editor_client.get(reverse("admin:claims_verdict_add"), {"claim": claim.pk})
    assert response.context["adminform"].form.initial["claim"] == str(claim.pk)


def test_save_and_publish_without_confirming_saves_a_draft_and_asks(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(reverse("admin:claims_verdict_add"), verdict_form(claim, _publish="1"))
    verdict = Verdict.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:claims_verdict_publish", args=(verdict.pk,))
    assert verdict.published_at is None
    confirm = editor_client.get(response["Location"])
    html = confirm.content.decode()
    assert "Readers will see this on the claim" in html
    assert "Mostly false" in html and "UN briefing" in html and "stance-refutes" in html

    response = editor_client.post(response["Location"])
    verdict.refresh_from_db()
    claim.refresh_from_db()
    assert verdict.published_at is not None
    assert claim.status == Claim.Status.CHECKED
    assert claim.current_verdict == verdict


def test_save_and_publish_confirmed_in_the_form_publishes_in_one_submission(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        reverse("admin:claims_verdict_add"), verdict_form(claim, _publish="1", _publish_confirmed="1")
    )
    verdict = Verdict.objects.get()
    assert response["Location"] == reverse("admin:claims_verdict_change", args=(verdict.pk,))
    assert verdict.evidence.count() == 2
    claim.refresh_from_db()
    assert (claim.status, claim.current_verdict_id) == (Claim.Status.CHECKED, verdict.pk)


def test_withdraw_confirms_then_falls_back(editor_client):
    verdict = published_verdict()
    page = editor_client.get(reverse("admin:claims_verdict_change", args=(verdict.pk,))).content.decode()
    withdraw = reverse("admin:claims_verdict_withdraw", args=(verdict.pk,))
    assert f'href="{withdraw}"' in page
    assert "Readers will <strong>stop</strong> seeing" in editor_client.get(withdraw).content.decode()
    editor_client.post(withdraw)
    verdict.refresh_from_db()
    verdict.claim.refresh_from_db()
    assert verdict.published_at is None
    assert verdict.claim.status == Claim.Status.IN_REVIEW


def test_publishing_twice_from_the_confirmation_page_warns_and_changes_nothing(editor_client):
    verdict = published_verdict()
    before = verdict.published_at
    response = editor_client.post(reverse("admin:claims_verdict_publish", args=(verdict.pk,)), follow=True)
    assert "already published" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.published_at == before


def test_confirmation_needs_the_change_permission(client, staff_user):
    verdict = VerdictFactory()
    client.force_login(staff_user)
    assert client.post(reverse("admin:claims_verdict_publish", args=(verdict.pk,))).status_code == 403
    verdict.refresh_from_db()
    assert verdict.published_at is None


def test_drafting_a_verdict_moves_a_new_claim_to_in_review_only(db):
    new, dismissed = ClaimFactory(status=Claim.Status.NEW), ClaimFactory(status=Claim.Status.DISMISSED)
    for claim in (new, dismissed):
        services.verdict_create(claim=claim, rating=rating("false"), summary="s")
    new.refresh_from_db()
    dismissed.refresh_from_db()
    assert new.status == Claim.Status.IN_REVIEW
    assert dismissed.status == Claim.Status.DISMISSED


def test_a_published_verdicts_rating_change_is_shown_as_a_correction(editor_client):
    verdict = published_verdict(rating=rating("false"))
    EvidenceFactory(verdict=verdict)
    page = editor_client.get(reverse("admin:claims_verdict_change", args=(verdict.pk,)))
    form = page.context["adminform"].form
    data = {
        "rating": rating("mostly-false").pk,
        "summary": verdict.summary,
        "analysis": verdict.analysis,
        "reviewer": verdict.reviewer,
        "url": "",
        "loaded_version": form.initial["loaded_version"]
        if "loaded_version" in form.initial
        else form["loaded_version"].value(),
        "evidence-TOTAL_FORMS": "1",
        "evidence-INITIAL_FORMS": "1",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
        "evidence-0-id": verdict.evidence.get().pk,
        "evidence-0-verdict": verdict.pk,
        "evidence-0-url": verdict.evidence.get().url,
        "evidence-0-title": "t",
        "evidence-0-stance": "refutes",
        "_save": "Save",
    }
    response = editor_client.post(reverse("admin:claims_verdict_change", args=(verdict.pk,)), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    html = editor_client.get(reverse("admin:claims_verdict_change", args=(verdict.pk,))).content.decode()
    assert "the rating was changed from False to Mostly false" in html
    # A draft's rating changes are no correction.
    draft = VerdictFactory(rating=rating("false"))
    draft.rating = rating("true")
    draft.save()
    assert (
        "Correction"
        not in editor_client.get(reverse("admin:claims_verdict_publish", args=(draft.pk,))).content.decode()
    )


def test_claim_history_merges_appearances_verdicts_and_evidence_in_words(editor_client, editor):
    article = ArticleFactory(title="Envoy warns")
    claim = services.claim_create(
        text="Claim", speaker=SpeakerFactory(), article=article, quote="unemployment fell by half", by=editor
    )
    verdict = services.verdict_create(claim=claim, rating=rating("false"), summary="It did not.", by=editor)
    EvidenceFactory(verdict=verdict, title="Survey")
    services.verdict_publish(verdict=verdict, by=editor)
    response = editor_client.get(reverse("admin:claims_claim_history", args=(claim.pk,)))
    html = response.content.decode()
    assert "created the appearance in “Envoy warns”" in html
    assert "published the verdict “It did not.”" in html
    assert "created the evidence “Survey”" in html
    assert "status: New → In review" in html
    assert "rating: “False”" in html
    assert "Revert" not in html and "revert" not in html


def test_history_offers_no_revert(editor_client):
    claim = ClaimFactory()
    record = claim.history.first()
    url = reverse("admin:claims_claim_simple_history", args=(claim.pk, record.history_id))
    page = editor_client.get(url).content.decode()
    assert 'value="Revert' not in page
    editor_client.post(url, {"text": "reverted", "speaker": claim.speaker_id, "status": "new", "_save": "Revert"})
    claim.refresh_from_db()
    assert claim.text != "reverted"


def test_a_claim_with_many_appearances_caps_the_inline_and_links_to_the_list(editor_client):
    claim = ClaimFactory()
    article = ArticleFactory(body=" ".join(f"word{n}" for n in range(400)))
    for n in range(25):
        services.appearance_create(claim=claim, article=article, quote=f"word{n}")
    url = reverse("admin:claims_claim_change", args=(claim.pk,))
    editor_client.get(url)
    queries = count_queries(lambda: editor_client.get(url))
    response = editor_client.get(url)
    html = response.content.decode()
    assert "Showing the first 20 of 25 appearances" in html
    assert reverse("admin:claims_appearance_changelist") + f"?claim__id__exact={claim.pk}" in html
    for n in range(25, 200):
        services.appearance_create(claim=claim, article=article, quote=f"word{n}")
    assert count_queries(lambda: editor_client.get(url)) == queries
    assert "Showing the first 20 of 200 appearances" in editor_client.get(url).content.decode()


def test_verdict_page_costs_the_same_queries_for_few_or_many_evidence(editor_client):
    verdict = published_verdict()
    EvidenceFactory.create_batch(31, verdict=verdict)
    url = reverse("admin:claims_verdict_change", args=(verdict.pk,))
    editor_client.get(url)
    queries = count_queries(lambda: editor_client.get(url))
    EvidenceFactory.create_batch(40, verdict=verdict)
    assert count_queries(lambda: editor_client.get(url)) == queries


def test_speaker_page_links_to_their_claims(editor_client):
    speaker = SpeakerFactory()
    ClaimFactory.create_batch(3, speaker=speaker)
    html = editor_client.get(reverse("admin:claims_speaker_change", args=(speaker.pk,))).content.decode()
    url = reverse("admin:claims_claim_changelist") + f"?speaker__id__exact={speaker.pk}"
    assert f'href="{url}" id="speaker-claims">3 claims' in html


def test_the_admin_carries_the_desks_name(editor_client):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert settings.FACTCHECK_ORGANIZATION["name"] in html
    assert "Django administration" not in html
