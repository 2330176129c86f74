from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from articles.models import Article, Publisher
from claims.demo import idlib
from claims.models import Appearance, Claim, Evidence, Rating, Speaker, Verdict

from ..factories import ArticleFactory, PublisherFactory, SpeakerFactory

DEMO_MODELS = (Publisher, Article, Speaker, Claim, Appearance, Rating, Verdict, Evidence)


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Every column of every row the demo touches, so any write shows up in a comparison."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in DEMO_MODELS}


def demo_article() -> Article:
    return Article.objects.get(url=idlib.ARTICLE["url"])


def test_shipped_quotes_are_in_the_shipped_body():
    body = idlib.ARTICLE["body"]
    quotes = [a.quote for claim in idlib.CLAIMS for a in claim.appearances]
    assert [quote for quote in quotes if quote not in body] == []
    assert body.startswith(idlib.ARTICLE["title"])


@pytest.mark.django_db
def test_load_demo_creates_the_article_its_speakers_and_claims():
    output = load_demo()

    assert output.startswith("Demo data: 1 publisher, 1 article, 4 speakers, 12 claims")
    article = demo_article()
    assert article.body == idlib.ARTICLE["body"]
    assert (article.title, article.byline, article.language) == (
        "Opposition In Syria's Idlib Shows Unwillingness To Separate From Nusra - De Mistura",
        "Sputnik",
        "en",
    )
    assert article.published_at.date().isoformat() == "2018-09-07"
    assert (article.publisher.name, article.publisher.domain) == (
        "Pakistan Point News",
        "pakistanpoint.com",
    )
    de_mistura = Speaker.objects.get(slug="staffan-de-mistura")
    assert (de_mistura.kind, de_mistura.role, de_mistura.affiliation) == (
        "person",
        "UN Special Envoy for Syria",
        "United Nations",
    )
    assert "de Mistura" in de_mistura.aliases
    assert Speaker.objects.get(slug="russian-officials").kind == "group"
    assert Speaker.objects.get(slug="syrian-government").kind == "organization"
    # Only speakers who make claims.
    assert not Speaker.objects.annotate(n=Count("claims")).filter(n=0).exists()

    assert Claim.objects.count() == len(idlib.CLAIMS) == 12
    assert Appearance.objects.count() == sum(len(c.appearances) for c in idlib.CLAIMS) == 13
    assert set(Claim.objects.values_list("claimed_at", flat=True)) == {idlib.CLAIMS[0].claimed_at}
    assert not Claim.objects.filter(Q(context="") | Q(created_by__isnull=False)).exists()
    assert Claim.objects.filter(speaker=de_mistura).count() == 7
    assert Claim.objects.get(speaker__slug="syrian-government").status == "dismissed"


@pytest.mark.django_db
def test_every_appearance_points_at_its_quote_in_the_body():
    load_demo()
    body = demo_article().body

    appearances = list(Appearance.objects.all())
    assert len(appearances) == 13
    for appearance in appearances:
        assert appearance.start is not None
        assert body[appearance.start : appearance.end] == appearance.quote


@pytest.mark.django_db
def test_direct_quotes_are_the_words_in_quotation_marks():
    load_demo()
    body = demo_article().body

    for appearance in Appearance.objects.all():
        # Every direct quote in this article sits inside one pair of quotation marks.
        inside_quotation_marks = body[: appearance.start].count('"') % 2 == 1
        assert appearance.is_direct_quote == inside_quotation_marks, appearance.quote


@pytest.mark.django_db
def test_running_twice_changes_nothing():
    load_demo()
    before = snapshot()

    output = load_demo()

    assert output.strip() == "Demo data already loaded; nothing changed."
    assert snapshot() == before


@pytest.mark.django_db
def test_the_published_demo_verdict_makes_its_claim_checked():
    load_demo()

    verdict = Verdict.objects.published().get()
    assert verdict.summary.startswith("[Demo]")
    claim = verdict.claim
    assert claim.text == "Hayat Tahrir al-Sham is essentially the Nusra Front."
    assert claim.status == Claim.Status.CHECKED
    assert claim.current_verdict == verdict
    assert verdict.rating.slug == "mostly-true"
    stances = list(verdict.evidence.values_list("stance", flat=True))
    assert len(stances) >= 2
    assert Evidence.Stance.SUPPORTS in stances


@pytest.mark.django_db
def test_the_draft_demo_verdict_stays_a_draft():
    load_demo()
    load_demo()

    draft = Verdict.objects.drafts().get()
    assert draft.summary.startswith("[Demo]")
    assert draft.claim.current_verdict is None
    assert draft.claim.status == Claim.Status.IN_REVIEW


@pytest.mark.django_db
def test_demo_claims_are_searchable_by_speaker_alias():
    load_demo()

    found = Claim.objects.search("de Mistura")
    assert found.count() == 7
    assert set(found.values_list("speaker__slug", flat=True)) == {"staffan-de-mistura"}


@pytest.mark.django_db
def test_existing_publisher_and_speaker_are_reused_not_duplicated():
    publisher = PublisherFactory(name="Pakistan Point", domain="pakistanpoint.com")
    speaker = SpeakerFactory(name="Staffan de Mistura", slug="staffan-de-mistura", role="Envoy")

    load_demo()

    assert Publisher.objects.get() == publisher
    assert demo_article().publisher == publisher
    speaker.refresh_from_db()
    assert speaker.role == "Envoy"  # found rows are left as they are
    assert Claim.objects.filter(speaker=speaker).count() == 7


@pytest.mark.django_db
def test_an_edit_made_after_loading_survives_a_second_run():
    load_demo()
    claim = Claim.objects.get(speaker__slug="sputnik", text__startswith="The Nusra Front")
    claim.context = "Edited by the desk"
    claim.save()
    Appearance.objects.filter(claim__speaker__slug="russian-officials").delete()

    output = load_demo()

    assert output.strip() == "Demo data: 1 appearance."
    claim.refresh_from_db()
    assert claim.context == "Edited by the desk"
    assert Appearance.objects.count() == 13


@pytest.mark.django_db
def test_a_quote_missing_from_the_body_fails_loudly_and_writes_nothing():
    # Someone's copy of the article whose body lacks the quoted paragraphs.
    ArticleFactory(url=idlib.ARTICLE["url"], body=idlib.ARTICLE["body"][:700])
    before = snapshot()

    with pytest.raises(CommandError, match="Demo quote not found"):
        load_demo()

    assert snapshot() == before
