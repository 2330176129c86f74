import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import Appearance, Claim, Evidence, Speaker

from ..factories import (
    AppearanceFactory,
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    SpeakerFactory,
    published_verdict,
)

pytestmark = pytest.mark.django_db

BODY = "The minister said that unemployment fell by half last year. Critics disagreed."
QUOTE = "unemployment fell by half last year"


def violates(constraint: str):
    """The database, not Django, refused the write, naming ``constraint``."""
    return pytest.raises(IntegrityError, match=constraint)


# --- Constraints the database enforces, whatever writes the row --------------------------


@pytest.mark.parametrize("status", ["new", "in_review", "dismissed"])
def test_claim_status_accepts_the_contract_values(status):
    claim = ClaimFactory()

    Claim.objects.filter(pk=claim.pk).update(status=status)

    assert Claim.objects.get(pk=claim.pk).status == status


@pytest.mark.parametrize("status", ["published", "", "Checked", "NEW"])
def test_claim_status_outside_the_four_values_is_rejected(status):
    claim = ClaimFactory()

    with transaction.atomic(), violates("claims_claim_status_valid"):
        Claim.objects.filter(pk=claim.pk).update(status=status)


def test_checked_without_a_current_verdict_is_rejected():
    claim = ClaimFactory()

    with transaction.atomic(), violates("claims_claim_checked_has_verdict"):
        Claim.objects.filter(pk=claim.pk).update(status="checked")


def test_checked_with_a_current_verdict_is_accepted_and_the_verdict_cannot_be_unset():
    claim = published_verdict().claim
    claim.refresh_from_db()
    assert claim.status == "checked"

    with transaction.atomic(), violates("claims_claim_checked_has_verdict"):
        Claim.objects.filter(pk=claim.pk).update(current_verdict=None)


def test_creating_a_checked_claim_directly_is_rejected():
    with transaction.atomic(), violates("claims_claim_checked_has_verdict"):
        Claim.objects.create(text="x", speaker=SpeakerFactory(), status="checked")


# The CHECK reads (start IS NULL AND end IS NULL) OR (start >= 0 AND end > start); with one
# offset NULL the second half is NULL, not false, and PostgreSQL lets NULL through.
@pytest.mark.parametrize(
    ("start", "end"),
    [
        (5, 5),
        (9, 3),
        pytest.param(None, 3),
        pytest.param(3, None),
    ],
)
def test_appearance_offsets_need_both_and_start_before_end(start, end):
    appearance = AppearanceFactory()

    with transaction.atomic(), violates("claims_appearance_start_before_end"):
        Appearance.objects.filter(pk=appearance.pk).update(start=start, end=end)


def test_appearance_offsets_cannot_be_negative():
    appearance = AppearanceFactory()

    with transaction.atomic(), pytest.raises(IntegrityError):
        Appearance.objects.filter(pk=appearance.pk).update(start=-1, end=4)


@pytest.mark.parametrize(("start", "end"), [(None, None), (0, 1), (23, 58)])
def test_appearance_offsets_both_or_neither_are_accepted(start, end):
    appearance = AppearanceFactory()

    Appearance.objects.filter(pk=appearance.pk).update(start=start, end=end)

    appearance.refresh_from_db()
    assert (appearance.start, appearance.end) == (start, end)


def test_one_appearance_per_claim_article_and_quote():
    first = AppearanceFactory()

    with transaction.atomic(), violates("claims_appearance_unique_quote"):
        Appearance.objects.create(claim=first.claim, article=first.article, quote=first.quote)


def test_the_same_quote_may_appear_for_another_claim_or_in_another_article():
    first = AppearanceFactory()

    Appearance.objects.create(claim=ClaimFactory(), article=first.article, quote=first.quote)
    Appearance.objects.create(claim=first.claim, article=ArticleFactory(), quote=first.quote)
    Appearance.objects.create(claim=first.claim, article=first.article, quote="Critics disagreed.")

    assert Appearance.objects.count() == 4


def test_quotes_longer_than_a_btree_entry_are_unique_too():
    long_quote = "word " * 2000
    article = ArticleFactory(body=long_quote)
    first = Appearance.objects.create(claim=ClaimFactory(), article=article, quote=long_quote)

    with transaction.atomic(), violates("claims_appearance_unique_quote"):
        Appearance.objects.create(claim=first.claim, article=article, quote=long_quote)


@pytest.mark.parametrize("stance", ["agrees", "", "Supports"])
def test_evidence_stance_is_limited(stance):
    evidence = EvidenceFactory()

    with transaction.atomic(), violates("claims_evidence_stance_valid"):
        Evidence.objects.filter(pk=evidence.pk).update(stance=stance)


@pytest.mark.parametrize("kind", ["people", "", "Person"])
def test_speaker_kind_is_limited(kind):
    with transaction.atomic(), violates("claims_speaker_kind_valid"):
        Speaker.objects.create(name="Someone", kind=kind)


def test_speaker_slug_is_unique_in_the_database():
    SpeakerFactory(slug="de-mistura")
    other = SpeakerFactory(slug="someone-else")

    with transaction.atomic(), pytest.raises(IntegrityError):
        Speaker.objects.filter(pk=other.pk).update(slug="de-mistura")


def test_speaker_slug_is_generated_from_the_name_and_made_unique():
    first = Speaker.objects.create(name="Staffan de Mistura")
    second = Speaker.objects.create(name="Staffan De Mistura")
    third = Speaker.objects.create(name="  staffan de mistura ")

    assert (first.slug, second.slug, third.slug) == (
        "staffan-de-mistura",
        "staffan-de-mistura-2",
        "staffan-de-mistura-3",
    )


def test_speaker_slug_is_kept_on_rename():
    speaker = Speaker.objects.create(name="Russian officials", kind="group")
    speaker.name = "Russian government officials"
    speaker.save()

    speaker.refresh_from_db()
    assert speaker.slug == "russian-officials"


# --- Validation in Python: the messages the admin and the API show -----------------------


def test_appearance_clean_finds_the_offsets_of_the_quote():
    appearance = Appearance(claim=ClaimFactory(), article=ArticleFactory(body=BODY), quote=f"  {QUOTE} ")

    appearance.full_clean()

    assert appearance.quote == QUOTE
    assert (appearance.start, appearance.end) == (BODY.index(QUOTE), BODY.index(QUOTE) + len(QUOTE))
    assert BODY[appearance.start : appearance.end] == QUOTE


def test_appearance_clean_accepts_offsets_that_point_at_the_quote():
    start = BODY.index(QUOTE)
    appearance = Appearance(
        claim=ClaimFactory(), article=ArticleFactory(body=BODY), quote=QUOTE, start=start, end=start + len(QUOTE)
    )

    appearance.full_clean()  # no ValidationError


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (0, len(QUOTE), "start", "The offsets do not point at the quote in the article body."),
        (BODY.index(QUOTE) + 1, BODY.index(QUOTE) + len(QUOTE) + 1, "start", "do not point"),
        (10, None, "end", "Give both start and end, or neither."),
        (None, 10, "start", "Give both start and end, or neither."),
        (10, 10, "end", "End must be greater than start."),
        (10, len(BODY) + 5, "end", f"only {len(BODY)} characters long"),
    ],
)
def test_appearance_clean_rejects_offsets_that_do_not_point_at_the_quote(start, end, field, message):
    appearance = Appearance(claim=ClaimFactory(), article=ArticleFactory(body=BODY), quote=QUOTE, start=start, end=end)

    with pytest.raises(ValidationError) as excinfo:
        appearance.full_clean()

    assert message in " ".join(excinfo.value.message_dict[field])


def test_appearance_full_clean_reports_a_duplicate_quote():
    first = AppearanceFactory()
    duplicate = Appearance(claim=first.claim, article=first.article, quote=first.quote)

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert "This claim already has this quote from this article." in excinfo.value.messages


def test_claim_full_clean_rejects_an_unknown_status():
    claim = Claim(text="x", speaker=SpeakerFactory(), status="published")

    with pytest.raises(ValidationError) as excinfo:
        claim.full_clean()

    assert list(excinfo.value.message_dict) == ["status"]


def test_claim_full_clean_rejects_checked_without_a_verdict():
    # The status rule is the claim service's (claim_check_status_move); this is the
    # database constraint behind it, which full_clean() also runs.
    claim = Claim(text="x", speaker=SpeakerFactory(), status="checked")

    with pytest.raises(ValidationError) as excinfo:
        claim.full_clean()

    assert excinfo.value.messages == ["A claim becomes checked only when a verdict on it is published."]


def test_speaker_full_clean_rejects_an_unknown_kind_and_a_taken_slug():
    SpeakerFactory(slug="de-mistura")
    speaker = Speaker(name="de Mistura", slug="de-mistura", kind="people")

    with pytest.raises(ValidationError) as excinfo:
        speaker.full_clean()

    assert set(excinfo.value.message_dict) == {"kind", "slug"}


def test_speaker_full_clean_tidies_aliases():
    speaker = Speaker(name=" Staffan de Mistura ", aliases=["de Mistura", " de Mistura ", "UN envoy "])

    speaker.full_clean()

    assert (speaker.name, speaker.aliases) == ("Staffan de Mistura", ["de Mistura", "UN envoy"])


def test_evidence_full_clean_rejects_an_unknown_stance():
    evidence = EvidenceFactory.build(verdict=EvidenceFactory().verdict, stance="agrees")

    with pytest.raises(ValidationError) as excinfo:
        evidence.full_clean()

    assert list(excinfo.value.message_dict) == ["stance"]


# --- Full-text search, kept up to date by database triggers ------------------------------


def search(text: str) -> set[int]:
    return set(Claim.objects.search(text).values_list("pk", flat=True))


def test_search_matches_claim_text():
    claim = ClaimFactory(text="Armed groups are digging tunnels near Idlib")
    ClaimFactory(text="Something else entirely")

    assert search("tunnels") == {claim.pk}
    assert search("tunnel") == {claim.pk}  # stemmed


def test_search_matches_quotes():
    claim = ClaimFactory(text="A claim")
    AppearanceFactory(claim=claim)  # quote: "unemployment fell by half last year"

    assert search("unemployment") == {claim.pk}


def test_search_matches_speaker_name_and_aliases():
    speaker = SpeakerFactory(name="Staffan de Mistura", aliases=["Envoy Zebedee"])
    claim = ClaimFactory(text="A claim", speaker=speaker)
    ClaimFactory(text="Another claim")

    assert search("Mistura") == {claim.pk}
    assert search("Zebedee") == {claim.pk}


def test_renaming_a_speaker_updates_search_results():
    speaker = SpeakerFactory(name="Xanthippe Quill")
    claim = ClaimFactory(text="A claim", speaker=speaker)
    assert search("Xanthippe") == {claim.pk}

    speaker.name = "Ottoline Brisk"
    speaker.save()

    assert search("Xanthippe") == set()
    assert search("Ottoline") == {claim.pk}


def test_changing_speaker_aliases_updates_search_results():
    speaker = SpeakerFactory(name="Someone")
    claim = ClaimFactory(text="A claim", speaker=speaker)
    assert search("Quokka") == set()

    Speaker.objects.filter(pk=speaker.pk).update(aliases=["Quokka"])

    assert search("Quokka") == {claim.pk}


def test_adding_and_removing_an_appearance_updates_search_results():
    claim = ClaimFactory(text="A claim")
    assert search("unemployment") == set()

    appearance = AppearanceFactory(claim=claim)
    assert search("unemployment") == {claim.pk}

    appearance.delete()
    assert search("unemployment") == set()


def test_moving_an_appearance_to_another_claim_updates_both():
    first, second = ClaimFactory(text="A claim"), ClaimFactory(text="Another claim")
    appearance = AppearanceFactory(claim=first)

    Appearance.objects.filter(pk=appearance.pk).update(claim=second)

    assert search("unemployment") == {second.pk}


def test_editing_claim_text_updates_search_results():
    claim = ClaimFactory(text="Bridges were detonated")

    Claim.objects.filter(pk=claim.pk).update(text="Drones were photographed")

    assert search("bridges") == set()
    assert search("drones") == {claim.pk}
