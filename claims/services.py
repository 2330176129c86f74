"""Multi-step writes. The admin, the API and the management commands all call these,
so each rule lives here once: a claim becomes ``checked`` only through
``verdict_publish``, and ``Claim.current_verdict`` is only changed here."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from articles.models import Article, Publisher, normalize_domain, normalize_url

from .models import Appearance, Claim, Rating, RatingLabel, Speaker, Verdict

if TYPE_CHECKING:
    from .claimreview import AppearanceRecord, ReviewRecord, Source


class Conflict(ValidationError):
    """The write does not fit the object's current state; the API answers 409."""


class AlreadyPublished(Conflict):
    """Publishing a verdict twice would publish it twice."""


class NotPublished(Conflict):
    """Only a published verdict can be withdrawn."""


def _validated_save(instance: models.Model, **save_kwargs) -> None:
    """``full_clean()`` then ``save()``; a constraint lost to a concurrent writer is a ValidationError too."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save(**save_kwargs)
    except IntegrityError as error:
        raise ValidationError(
            "This conflicts with a record that was saved at the same time; reload and try again.",
            code="conflict",
        ) from error


@transaction.atomic
def appearance_create(
    *,
    claim: Claim,
    article: Article,
    quote: str,
    is_direct_quote: bool = True,
    start: int | None = None,
    end: int | None = None,
) -> Appearance:
    """Record that ``article`` quoted ``claim``; offsets are found in the body when not given."""
    appearance = Appearance(
        claim=claim,
        article=article,
        quote=quote,
        is_direct_quote=is_direct_quote,
        start=start,
        end=end,
    )
    _validated_save(appearance)
    return appearance


@transaction.atomic
def claim_create(
    *,
    text: str,
    speaker: Speaker,
    by=None,
    article: Article | None = None,
    quote: str = "",
    is_direct_quote: bool = True,
    start: int | None = None,
    end: int | None = None,
    claimed_at: date | None = None,
    context: str = "",
    status: str = Claim.Status.NEW,
    language: str = "en",
) -> Claim:
    """Log a claim, with its first appearance when ``article`` and ``quote`` are given."""
    if article is not None and not (quote or "").strip():
        raise ValidationError({"quote": "Give the words as printed in the article."})
    if article is None and (quote or "").strip():
        raise ValidationError({"article_id": "Name the article the quote appeared in."})
    claim = Claim(
        text=text,
        speaker=speaker,
        claimed_at=claimed_at,
        context=context,
        status=status,
        language=language,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    _validated_save(claim)
    if article is not None:
        appearance_create(
            claim=claim,
            article=article,
            quote=quote,
            is_direct_quote=is_direct_quote,
            start=start,
            end=end,
        )
    return claim


@transaction.atomic
def claim_set_status(*, claim: Claim, status: str) -> Claim:
    """Move a claim along the desk's workflow; ``checked`` is reached only by publishing."""
    if status == Claim.Status.CHECKED and claim.status != Claim.Status.CHECKED:
        raise ValidationError({"status": "A claim becomes checked only when a verdict on it is published."})
    claim.status = status
    _validated_save(claim)
    return claim


@transaction.atomic
def verdict_create(
    *,
    claim: Claim,
    rating: Rating,
    summary: str,
    analysis: str = "",
    reviewer: str = "",
    url: str = "",
    by=None,
    publisher: Publisher | None = None,
    textual_rating: str = "",
) -> Verdict:
    """Start a draft verdict; nobody outside the desk sees it until it is published.
    ``publisher`` and ``textual_rating`` are for another fact-checker's imported verdict."""
    verdict = Verdict(
        claim=claim,
        rating=rating,
        summary=summary,
        analysis=analysis,
        reviewer=reviewer,
        url=url,
        created_by=by if by is not None and by.is_authenticated else None,
        publisher=publisher,
        textual_rating=textual_rating,
    )
    _validated_save(verdict)
    return verdict


def _claim_refresh_current_verdict(claim_id: int, *, mark_checked: bool = False) -> Claim:
    """Point the claim at its most recently published verdict; a claim left with none is
    no longer ``checked``."""
    claim = Claim.objects.select_for_update().get(pk=claim_id)
    claim.current_verdict = (
        Verdict.objects.published().filter(claim_id=claim_id).order_by("-published_at", "-id").first()
    )
    claim.current_rating_id = claim.current_verdict.rating_id if claim.current_verdict else None
    if mark_checked:
        claim.status = Claim.Status.CHECKED
    elif claim.current_verdict is None and claim.status == Claim.Status.CHECKED:
        claim.status = Claim.Status.IN_REVIEW
    claim.save(update_fields=("current_verdict", "current_rating", "status", "updated_at"))
    return claim


@transaction.atomic
def verdict_publish(*, verdict: Verdict, by=None, published_at: datetime | None = None) -> Verdict:
    """Publish a draft: it gets a date, its claim becomes ``checked`` and, being the newest,
    its current verdict. ``published_at`` lets imports keep the original review date."""
    locked = Verdict.objects.select_for_update().get(pk=verdict.pk)
    if locked.published_at is not None:
        raise AlreadyPublished(
            f"This verdict was already published on {locked.published_at:%Y-%m-%d %H:%M} UTC.",
            code="already_published",
        )
    locked.published_at = published_at or timezone.now()
    locked.save(update_fields=("published_at", "updated_at"))
    _claim_refresh_current_verdict(locked.claim_id, mark_checked=True)
    verdict.published_at = locked.published_at
    return verdict


@transaction.atomic
def verdict_withdraw(*, verdict: Verdict, by=None) -> Verdict:
    """Turn a published verdict back into a draft; the claim falls back to its previous verdict."""
    locked = Verdict.objects.select_for_update().get(pk=verdict.pk)
    if locked.published_at is None:
        raise NotPublished("This verdict is a draft already.", code="not_published")
    locked.published_at = None
    locked.save(update_fields=("published_at", "updated_at"))
    _claim_refresh_current_verdict(locked.claim_id)
    verdict.published_at = None
    return verdict


@transaction.atomic
def verdict_delete(*, verdict: Verdict) -> None:
    """Delete a verdict and, if it was the claim's current one, fall back to the previous."""
    # Unpublish first so the claim's current verdict moves off it before the row goes;
    # save(), not update(), so the audit trail records both steps.
    locked = Verdict.objects.select_for_update().get(pk=verdict.pk)
    if locked.published_at is not None:
        locked.published_at = None
        locked.save(update_fields=("published_at", "updated_at"))
    _claim_refresh_current_verdict(locked.claim_id)
    locked.delete()


# --- ClaimReview import (issue 5) -------------------------------------------------------------

# Where a review whose textual rating has no mapping is filed; its words are kept verbatim
# in Verdict.textual_rating and reported, so an editor can add the mapping.
UNMAPPED_RATING_SLUG = "unproven"


@dataclass
class ClaimReviewImportReport:
    created: int = 0
    skipped: int = 0  # already imported: a verdict with this URL on this claim exists
    errors: list[dict] = field(default_factory=list)  # {"position", "reason"}
    unmapped_ratings: list[str] = field(default_factory=list)


def normalize_rating_label(label: str) -> str:
    """How textual ratings are compared: case and spacing do not count."""
    return " ".join(label.split()).lower()


def rating_labels() -> dict[str, Rating]:
    """Textual rating -> rating: the ratings' own labels and slugs, overridden by the
    editable ``RatingLabel`` mapping. Two queries, once per import."""
    mapping = {}
    for rating in Rating.objects.all():
        mapping[normalize_rating_label(rating.slug.replace("-", " "))] = rating
        mapping[normalize_rating_label(rating.label)] = rating
    for row in RatingLabel.objects.select_related("rating"):
        mapping[normalize_rating_label(row.label)] = row.rating
    return mapping


@transaction.atomic
def claimreview_import(*, records: Iterable["ReviewRecord"], by=None) -> ClaimReviewImportReport:
    """Record each review of another fact-checker as a published verdict (``url`` = the
    review's, published on the review's date), creating or reusing its publisher, speaker,
    articles and claim. Each record is written in a savepoint of its own: a record that fails
    validation leaves nothing behind and is reported, and the others are still imported.
    A review whose URL already has a verdict on the same claim is skipped, so importing a
    file twice changes nothing."""
    report = ClaimReviewImportReport()
    mapping = rating_labels()
    for record in records:
        try:
            with transaction.atomic():
                outcome = _claimreview_import_one(record, mapping=mapping, by=by)
        except ValidationError as error:
            report.errors.append({"position": record.position, "reason": _reason(error)})
            continue
        if outcome is None:
            report.skipped += 1
            continue
        report.created += 1
        if not outcome and record.rating_label not in report.unmapped_ratings:
            report.unmapped_ratings.append(record.rating_label)
    return report


def _is_this_desk(source) -> bool:
    """Whether a review's author is the organisation this tracker exports as (settings)."""
    from urllib.parse import urlsplit

    from django.conf import settings

    ours = settings.FACTCHECK_ORGANIZATION
    our_domain = (urlsplit(ours["url"]).hostname or "").removeprefix("www.")
    return bool(source.name and source.name.casefold() == ours["name"].casefold()) or bool(
        source.domain and our_domain and source.domain.removeprefix("www.") == our_domain
    )


def _claimreview_import_one(record: "ReviewRecord", *, mapping: dict[str, Rating], by) -> bool | None:
    """None if already imported (or our own review); else whether the textual rating was mapped."""
    # One fact-check page may review several claims, so the claim is part of the key.
    if Verdict.objects.filter(url=record.url, claim__text=record.claim_text).exists():
        return None
    # Our own feed read back: its verdicts are here already (their exported url may be the
    # claim's API address, which no verdict row holds).
    if _is_this_desk(record.publisher):
        return None
    rating = mapping.get(normalize_rating_label(record.rating_label))
    mapped = rating is not None
    if not mapped:
        rating = Rating.objects.filter(slug=UNMAPPED_RATING_SLUG).first()
        if rating is None:
            raise ValidationError(
                f"The rating {record.rating_label!r} is not mapped, and there is no {UNMAPPED_RATING_SLUG!r} "
                "rating to file it under; map it in the admin (Rating labels)."
            )
    with _reporting_as("publisher"):
        publisher = _publisher_find_or_create(record.publisher)
    with _reporting_as("claimant"):
        claimant = record.claimant
        speaker = Speaker.objects.matching_name(claimant.name).order_by("pk").first()
        if speaker is None:
            speaker = Speaker(name=claimant.name, kind=claimant.kind, role=claimant.job_title)
            _validated_save(speaker)
    with _reporting_as("claim"):
        claim = Claim.objects.filter(speaker=speaker, text=record.claim_text).order_by("pk").first()
        if claim is None:
            claim = claim_create(
                text=record.claim_text,
                speaker=speaker,
                claimed_at=record.claimed_at,
                language=record.language,
                by=by,
            )
    for appearance in record.appearances:
        with _reporting_as(f"appearance {appearance.url}"):
            article = _article_find_or_create(appearance, language=record.language)
            if not claim.appearances.filter(article=article).exists():
                # The words as printed are not in a ClaimReview: the claim as checked stands in.
                appearance_create(claim=claim, article=article, quote=record.claim_text, is_direct_quote=False)
    with _reporting_as("verdict"):
        verdict = verdict_create(
            claim=claim,
            rating=rating,
            summary=record.summary,
            reviewer=record.reviewer,
            url=record.url,
            by=by,
            publisher=publisher,
            textual_rating=record.rating_label,
        )
        verdict_publish(verdict=verdict, by=by, published_at=record.reviewed_at)
    return mapped


def _publisher_find_or_create(source: "Source") -> Publisher:
    """By web domain (with or without www.), then by name; else a new publisher."""
    domain = normalize_domain(source.domain) if source.domain else ""
    if domain:
        bare = domain.removeprefix("www.")
        found = Publisher.objects.filter(domain__in=(bare, f"www.{bare}")).order_by("pk").first()
        if found is not None:
            return found
    if source.name:
        found = Publisher.objects.filter(name__iexact=source.name).order_by("pk").first()
        if found is not None:
            return found
    publisher = Publisher(name=source.name or domain, domain=domain)
    _validated_save(publisher)
    return publisher


def _article_find_or_create(appearance: "AppearanceRecord", *, language: str) -> Article:
    url = normalize_url(appearance.url)
    article = Article.objects.filter(url=url).first()
    if article is None:
        article = Article(
            url=url,
            title=(appearance.title or url)[: Article._meta.get_field("title").max_length],
            publisher=_publisher_find_or_create(appearance.publisher),
            published_at=appearance.published_at,
            language=language,
        )
        _validated_save(article)
    return article


@contextmanager
def _reporting_as(what: str) -> Iterator[None]:
    """Name the part of a record a validation error is about ("claimant: name: ...")."""
    try:
        yield
    except ValidationError as error:
        raise ValidationError(f"{what}: {_reason(error)}") from error


def _reason(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "; ".join(
        " ".join(messages) if name == NON_FIELD_ERRORS else f"{name}: {' '.join(messages)}"
        for name, messages in error.message_dict.items()
    )
