"""Import, second half: ``claimreview_import(parsed=parse(document), by=...)`` records other
fact-checkers' reviews as published verdicts. It is the one import entry point: the API and
the ``import_claimreview`` command both parse first (so a document in neither shape is refused
before anything is written) and hand the parsed records here. The writes themselves go
through ``claims.services``, which knows nothing of ClaimReview."""

import datetime
import enum
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, Publisher, normalize_domain, normalize_url
from articles.quotes import locate_quote

from .. import services
from ..models import Claim, Rating, RatingLabel, Speaker, Verdict
from .parsing import AppearanceRecord, RecordError, ReviewRecord, Source

# Where a review whose textual rating has no mapping is filed; its words are kept verbatim
# in Verdict.textual_rating and reported, so an editor can add the mapping.
UNMAPPED_RATING_SLUG = "unproven"


@dataclass
class ClaimReviewImportReport:
    created: int = 0
    skipped: int = 0  # already imported: a verdict with this URL on this claim exists
    errors: list[dict] = field(default_factory=list)  # {"position", "reason"}, in document order
    # Imported, but not all of it: e.g. an article whose body does not print the claim.
    warnings: list[dict] = field(default_factory=list)  # {"position", "reason"}
    unmapped_ratings: list[str] = field(default_factory=list)


class _Outcome(enum.Enum):
    SKIPPED = "skipped"  # imported before, or this desk's own review read back
    IMPORTED = "imported"
    IMPORTED_UNMAPPED = "imported with an unmapped rating"


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
def claimreview_import(*, parsed: list[ReviewRecord | RecordError], by=None) -> ClaimReviewImportReport:
    """Record each readable review (the output of ``parse``) as a published verdict (``url`` =
    the review's, published on the review's date), creating or reusing its publisher, speaker,
    articles and claim. Each record is written in a savepoint of its own: a record that fails
    validation leaves nothing behind and is reported, and the others are still imported.
    A review whose URL already has a verdict on the same claim is skipped, so importing a
    file twice changes nothing. The report lists the unreadable records too, in document order."""
    report = ClaimReviewImportReport()
    mapping = rating_labels()
    _lock_natural_keys(record for record in parsed if isinstance(record, ReviewRecord))
    for record in parsed:
        if isinstance(record, RecordError):
            report.errors.append({"position": record.position, "reason": record.reason})
            continue
        # Every record with an unmapped rating puts it in the report (issue 13), whether it is
        # created, skipped or refused: the mapping is missing either way. Once per wording.
        label = normalize_rating_label(record.rating_label)
        if label not in mapping and label not in {normalize_rating_label(u) for u in report.unmapped_ratings}:
            report.unmapped_ratings.append(record.rating_label)
        warnings: list[str] = []
        try:
            with transaction.atomic():
                outcome = _import_one(record, mapping=mapping, by=by, warnings=warnings)
        except _AlreadyImported:
            report.skipped += 1
            continue
        except ValidationError as error:
            report.errors.append({"position": record.position, "reason": _reason(error)})
            continue
        if outcome is _Outcome.SKIPPED:
            report.skipped += 1
            continue
        report.created += 1
        report.warnings.extend({"position": record.position, "reason": reason} for reason in warnings)
    return report


class _AlreadyImported(Exception):
    """The review is on its claim already (the database constraint said so)."""


def _advisory_key(kind: str, value: str) -> int:
    digest = hashlib.blake2b(f"claimreview:{kind}:{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _lock_natural_keys(records) -> None:
    """Concurrent imports (issue 12: twelve at once made seven copies) find or create the same
    reviews, speakers, publishers and articles; each takes a transaction-scoped advisory lock
    on every natural key it will look up, all in one sorted order (so two imports cannot
    deadlock), before reading anything. The second import waits for the first to commit and
    then finds its rows. One query however many records."""
    keys = set()
    for record in records:
        keys.add(_advisory_key("review", f"{record.url}\x1f{record.claim_text}"))
        keys.add(_advisory_key("speaker", record.claimant.name.strip().casefold()))
        for source in (record.publisher, *(appearance.publisher for appearance in record.appearances)):
            keys.add(_advisory_key("publisher", _publisher_key(source)))
        for appearance in record.appearances:
            keys.add(_advisory_key("article", normalize_url(appearance.url)))
    if not keys:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT k FROM unnest(%s::bigint[]) k ORDER BY k) ordered",
            [sorted(keys)],
        )


def _publisher_key(source: Source) -> str:
    # Publishers are found by domain, then name: one lock for either (the bare domain if any).
    if source.domain:
        return normalize_domain(source.domain).removeprefix("www.")
    return (source.name or "").strip().casefold()


def _is_this_desk(source: Source) -> bool:
    """Whether a review's author is the organisation this tracker exports as (settings)."""
    ours = settings.FACTCHECK_ORGANIZATION
    our_domain = (urlsplit(ours["url"]).hostname or "").removeprefix("www.")
    return bool(source.name and source.name.casefold() == ours["name"].casefold()) or bool(
        source.domain and our_domain and source.domain.removeprefix("www.") == our_domain
    )


def _import_one(record: ReviewRecord, *, mapping: dict[str, Rating], by, warnings: list[str]) -> _Outcome:
    # One fact-check page may review several claims, so the claim is part of the key.
    if Verdict.objects.filter(url=record.url, claim__text=record.claim_text).exists():
        return _Outcome.SKIPPED
    # Our own feed read back: its verdicts are here already (their exported url may be the
    # claim's API address, which no verdict row holds).
    if _is_this_desk(record.publisher):
        return _Outcome.SKIPPED
    rating = mapping.get(normalize_rating_label(record.rating_label))
    outcome = _Outcome.IMPORTED
    if rating is None:
        outcome = _Outcome.IMPORTED_UNMAPPED
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
            services.validated_save(speaker)
    with _reporting_as("claim"):
        claim = Claim.objects.filter(speaker=speaker, text=record.claim_text).order_by("pk").first()
        if claim is None:
            claim = services.claim_create(
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
                # The words as printed are not in a ClaimReview: the claim as checked stands in,
                # located in the body like any quote (issue 13). A body that does not print it
                # gets no appearance (a quote must be the words as printed); the review still counts.
                if article.body and locate_quote(article.body, record.claim_text) is None:
                    warnings.append(
                        f"appearance {appearance.url}: the article's body does not print the claim as "
                        "reviewed, so no appearance was recorded; add it in the admin with the words as printed."
                    )
                    continue
                services.appearance_create(claim=claim, article=article, quote=record.claim_text, is_direct_quote=False)
    try:
        with transaction.atomic():
            verdict = services.verdict_create(
                claim=claim,
                rating=rating,
                summary=record.summary,
                reviewer=record.reviewer,
                url=record.url,
                by=by,
                publisher=publisher,
                textual_rating=record.rating_label,
            )
    except ValidationError as error:
        if "already_imported" in _codes(error):
            raise _AlreadyImported from error
        raise ValidationError(f"verdict: {_reason(error)}") from error
    with _reporting_as("verdict"):
        published_at = record.reviewed_at
        if published_at is None:
            # No review date: the claim's date (a review is never older than its claim),
            # else now; the report says which, since neither is the review's own.
            if record.claimed_at is not None:
                published_at = datetime.datetime.combine(record.claimed_at, datetime.time(), tzinfo=datetime.UTC)
                warnings.append("no review date: dated by the claim's date")
            else:
                published_at = timezone.now()
                warnings.append("no review date: dated by the import time")
        services.verdict_publish(verdict=verdict, by=by, published_at=published_at)
    return outcome


def _codes(error: ValidationError) -> set:
    return (
        {item.code for item in error.error_list}
        if hasattr(error, "error_list")
        else {item.code for items in error.error_dict.values() for item in items}
    )


def _publisher_find_or_create(source: Source) -> Publisher:
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
    services.validated_save(publisher)
    return publisher


def _article_find_or_create(appearance: AppearanceRecord, *, language: str) -> Article:
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
        services.validated_save(article)
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
