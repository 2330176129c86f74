"""Suggestions in the tracker: extraction on save, idempotency, stale marking, speaker
matching, and the accept/reject services (one transaction; a race gives one claim)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from claims.models import Appearance, Claim, Speaker
from claims.services import Conflict
from intake import services
from intake.models import Suggestion

from ..factories import ArticleFactory, EditorFactory, SpeakerFactory

BODY = (
    "Bridge to reopen in May\n\n"
    'Mayor Ana Ruiz said the bridge would reopen in May. "We have fixed every cable," she told reporters.\n\n'
    "The transport board warned that tolls would rise next year.\n"
)


def spans(article):
    return {(s.quote, s.state) for s in Suggestion.objects.filter(article=article)}


@pytest.mark.django_db
def test_creating_an_article_extracts_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article = ArticleFactory(body=BODY)
    assert len(callbacks) == 1
    found = {s.quote: s for s in Suggestion.objects.filter(article=article)}
    assert set(found) == {"the bridge would reopen in May", "We have fixed every cable,", "tolls would rise next year"}
    cable = found["We have fixed every cable,"]
    assert (cable.speaker_mention, cable.is_direct_quote, cable.cue, cable.state) == (
        "Ana Ruiz",
        True,
        "told",
        "pending",
    )
    assert BODY[cable.start : cable.end] == cable.quote
    assert found["tolls would rise next year"].speaker_kind == "organization"


@pytest.mark.django_db
def test_saving_without_a_body_change_does_not_extract(django_capture_on_commit_callbacks):
    article = ArticleFactory(body=BODY)
    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.title = "A new title"
        article.save()
    assert callbacks == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.body = BODY + "\nAnother paragraph.\n"
        article.save()
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_extracting_twice_creates_nothing_twice():
    article = ArticleFactory(body=BODY)
    first = services.article_extract(article)
    second = services.article_extract(article)
    assert len(first) == 3
    assert sorted(s.pk for s in second) == sorted(s.pk for s in first)
    assert Suggestion.objects.filter(article=article).count() == 3


@pytest.mark.django_db
def test_the_database_refuses_a_second_row_for_one_span():
    article = ArticleFactory(body=BODY)
    (one, *_) = services.article_extract(article)
    duplicate = Suggestion(
        article=article,
        body_hash=one.body_hash,
        start=one.start,
        end=one.end,
        quote=one.quote,
        text=one.text,
        is_direct_quote=True,
        speaker_mention="x",
        speaker_kind="person",
        confidence=0.5,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
def test_body_change_marks_old_suggestions_stale_and_accepted_keep_their_claim():
    article = ArticleFactory(body=BODY)
    suggestions = {s.quote: s for s in services.article_extract(article)}
    claim = services.suggestion_accept(suggestion=suggestions["the bridge would reopen in May"])
    services.suggestion_reject(suggestion=suggestions["tolls would rise next year"])
    article.body = BODY.replace("next year", "in 2027")
    article.save()
    services.article_extract(article)
    assert spans(article) == {
        ("the bridge would reopen in May", "accepted"),
        ("We have fixed every cable,", "stale"),
        ("tolls would rise next year", "stale"),
        ("We have fixed every cable,", "pending"),
        ("tolls would rise in 2027", "pending"),
    }
    assert Suggestion.objects.get(claim=claim).state == "accepted"
    assert Claim.objects.filter(pk=claim.pk).exists()


@pytest.mark.django_db
def test_spans_already_logged_as_appearances_are_not_suggested():
    article = ArticleFactory(body=BODY)
    (first, *_) = services.article_extract(article)
    services.suggestion_accept(suggestion=first)
    Suggestion.objects.filter(article=article).delete()
    again = services.article_extract(article)
    assert first.quote not in [s.quote for s in again]


@pytest.mark.django_db
def test_speaker_matched_by_name_or_alias():
    envoy = SpeakerFactory(name="Staffan de Mistura", aliases=["de Mistura"])
    assert services.speaker_match("de Mistura") == envoy
    assert services.speaker_match("DE MISTURA") == envoy
    assert services.speaker_match("Staffan de Mistura") == envoy
    assert services.speaker_match("Mistura") is None
    article = ArticleFactory(body="Talks\n\nDe Mistura said the talks would resume in Geneva.\n")
    (suggestion,) = services.article_extract(article)
    assert suggestion.speaker == envoy


@pytest.mark.django_db
def test_accept_creates_claim_appearance_and_new_speaker_in_one_go():
    editor = EditorFactory()
    article = ArticleFactory(body=BODY)
    suggestion = next(s for s in services.article_extract(article) if s.is_direct_quote)
    assert suggestion.speaker is None
    claim = services.suggestion_accept(suggestion=suggestion, by=editor)
    assert claim.text == "We have fixed every cable,"
    assert (claim.speaker.name, claim.speaker.kind) == ("Ana Ruiz", "person")
    assert claim.claimed_at == article.published_at.date()
    assert claim.created_by == editor
    appearance = Appearance.objects.get(claim=claim)
    assert (appearance.start, appearance.end, appearance.is_direct_quote) == (suggestion.start, suggestion.end, True)
    assert BODY[appearance.start : appearance.end] == appearance.quote
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.claim, suggestion.decided_by) == ("accepted", claim, editor)


@pytest.mark.django_db
def test_an_accepted_claim_is_in_the_articles_language():
    article = ArticleFactory(body=BODY, language="en-GB")
    suggestion = next(s for s in services.article_extract(article) if s.is_direct_quote)
    claim = services.suggestion_accept(suggestion=suggestion, by=EditorFactory())
    assert claim.language == "en-GB"


@pytest.mark.django_db
def test_accept_with_overrides_uses_the_given_speaker_and_text():
    article = ArticleFactory(body=BODY)
    suggestion = next(s for s in services.article_extract(article) if s.is_direct_quote)
    mayor = SpeakerFactory(name="Ana María Ruiz")
    claim = services.suggestion_accept(
        suggestion=suggestion, text="The bridge's cables are all repaired.", speaker=mayor, context="Press briefing"
    )
    assert (claim.text, claim.speaker, claim.context) == (
        "The bridge's cables are all repaired.",
        mayor,
        "Press briefing",
    )
    assert not Speaker.objects.filter(name="Ana Ruiz").exists()


@pytest.mark.django_db
def test_a_failed_accept_leaves_nothing_half_written():
    article = ArticleFactory(body=BODY)
    suggestion = next(s for s in services.article_extract(article) if s.is_direct_quote)
    speakers, claims = Speaker.objects.count(), Claim.objects.count()
    with pytest.raises(ValidationError):
        services.suggestion_accept(suggestion=suggestion, text="")  # a claim needs text
    assert (Speaker.objects.count(), Claim.objects.count()) == (speakers, claims)
    suggestion.refresh_from_db()
    assert suggestion.state == "pending"


@pytest.mark.django_db
def test_decided_suggestions_cannot_be_decided_again():
    article = ArticleFactory(body=BODY)
    first, second, *_ = services.article_extract(article)
    services.suggestion_accept(suggestion=first)
    services.suggestion_reject(suggestion=second)
    with pytest.raises(Conflict):
        services.suggestion_accept(suggestion=first)
    with pytest.raises(Conflict):
        services.suggestion_accept(suggestion=second)
    with pytest.raises(Conflict):
        services.suggestion_reject(suggestion=first)


@pytest.mark.django_db
def test_bulk_accept_skips_what_cannot_be_accepted():
    article = ArticleFactory(body=BODY)
    suggestions = services.article_extract(article)
    services.suggestion_reject(suggestion=suggestions[0])
    claims = services.suggestions_accept(suggestions=suggestions)
    assert len(claims) == 2
    assert Suggestion.objects.filter(article=article, state="accepted").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_accepts_racing_give_one_claim():
    article = ArticleFactory(body=BODY)
    suggestion = services.article_extract(article)[0]
    start = threading.Barrier(2)
    outcomes = []

    def accept():
        try:
            start.wait()
            services.suggestion_accept(suggestion=Suggestion.objects.get(pk=suggestion.pk))
            outcomes.append("accepted")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["accepted", "conflict"]
    assert Claim.objects.filter(appearances__article=article).count() == 1
    assert Speaker.objects.filter(name="Ana Ruiz").count() == 1
