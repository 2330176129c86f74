"""Import, second half: ``claimreview_import(parsed=parse(document), by=...)`` records other
fact-checkers' reviews as published verdicts. It is the one import entry point: the API and
the ``import_claimreview`` command both parse first (so a document in neither shape is refused
before anything is written) and hand the parsed records here. The writes themselves go
through ``claims.services``, which knows nothing of ClaimReview."""

import datetime
import enum
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from articles.models import Article, Publisher, normalize_domain, normalize_url
from articles.quotes import locate_quote

from .. import services
from ..models import Appearance, Claim, Rating, RatingLabel, Speaker, Verdict
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
    IMPORTED = "imported"  # unmapped ratings are reported by the caller, record by record


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


def claimreview_import(*, parsed: list[ReviewRecord | RecordError], by=None) -> ClaimReviewImportReport:
    """Record each readable review (the output of ``parse``) as a published verdict (``url`` =
    the review's, published on the review's date), creating or reusing its publisher, speaker,
    articles and claim. A record that fails validation leaves nothing behind and is reported,
    and the others are still imported. A review whose URL already has a verdict on a claim with
    the same text is skipped, so importing a file twice changes nothing. The report lists the
    unreadable records too, in document order.

    In bulk (issue 12, finding 7: 2,000 reviews took over 30 s one record at a time): the
    natural keys are locked, everything the records name is looked up with a few ``IN``
    queries, each record is then decided in document order in memory (``_Plan``: what it
    finds, what it would create, whether that validates), and what the accepted records
    create is written by ``claims.services.claims_bulk_record``. A fixed number of queries
    per 1,000 records, the same outcome as one record after another. A unique value created
    meanwhile by someone else (an article URL posted to the API) fails the insert: the import
    then looks everything up again and decides again, once."""
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return _import(parsed, by=by)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _import(parsed: list[ReviewRecord | RecordError], *, by) -> ClaimReviewImportReport:
    report = ClaimReviewImportReport()
    mapping = rating_labels()
    records = [record for record in parsed if isinstance(record, ReviewRecord)]
    _lock_natural_keys(records)
    plan = _Plan(records, mapping=mapping, by=by)
    unmapped = set()
    for record in parsed:
        if isinstance(record, RecordError):
            report.errors.append({"position": record.position, "reason": record.reason})
            continue
        # Every record with an unmapped rating puts it in the report (issue 13), whether it is
        # created, skipped or refused: the mapping is missing either way. Once per wording.
        label = normalize_rating_label(record.rating_label)
        if label not in mapping and label not in unmapped:
            unmapped.add(label)
            report.unmapped_ratings.append(record.rating_label)
        warnings: list[str] = []
        try:
            outcome = plan.add(record, warnings=warnings)
        except ValidationError as error:
            report.errors.append({"position": record.position, "reason": _reason(error)})
            continue
        if outcome is _Outcome.SKIPPED:
            report.skipped += 1
            continue
        report.created += 1
        report.warnings.extend({"position": record.position, "reason": reason} for reason in warnings)
    plan.write()
    return report


# Natural keys are locked in this many buckets (two-key advisory locks under their own first
# key): a 2,000-review document names ~10,000 keys, more than PostgreSQL's lock table holds
# for one transaction (64 x max_connections), and imports only wait for each other anyway.
LOCK_BUCKETS = 1024
LOCK_NAMESPACE = int.from_bytes(hashlib.blake2b(b"claimreview import", digest_size=4).digest(), "big", signed=True)


def _advisory_key(kind: str, value: str) -> int:
    digest = hashlib.blake2b(f"claimreview:{kind}:{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % LOCK_BUCKETS


def _lock_natural_keys(records) -> None:
    """Concurrent imports (issue 12: twelve at once made seven copies) find or create the same
    reviews, speakers, publishers and articles; each takes a transaction-scoped advisory lock
    on (the bucket of) every natural key it will look up, all in one sorted order (so two
    imports cannot deadlock), before reading anything. The second import waits for the first
    to commit and then finds its rows. One query however many records."""
    keys = set()
    for record in records:
        keys.add(_advisory_key("review", f"{record.url}\x1f{record.claim_text}"))
        keys.add(_advisory_key("speaker", record.claimant.name.strip().casefold()))
        for source in (record.publisher, *(appearance.publisher for appearance in record.appearances)):
            keys.add(_advisory_key("publisher", _publisher_key(source)))
        for appearance in record.appearances:
            keys.add(_advisory_key("article", _normalized_url(appearance.url)))
    if not keys:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(%s::int, k)) "
            "FROM (SELECT k FROM unnest(%s::int[]) k ORDER BY k) ordered",
            [LOCK_NAMESPACE, sorted(keys)],
        )


def _normalized_url(url: str) -> str:
    try:
        return normalize_url(url)
    except ValidationError:
        return url  # refused when its record is decided


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


def _validated(instance, *, exclude: tuple[str, ...] = ()) -> None:
    """``full_clean`` without its database round trips: relations (known to exist, or created
    in this import) and uniqueness (the plan's lookups, under the import's locks) are left
    to ``_Plan``; the constraints are the database's."""
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


class _Plan:
    """The import's view of the database: what the records name, looked up in bulk once,
    plus what the accepted records create. ``add`` decides one record as the import did
    against the database one record at a time (before issue 12's finding 7), in document
    order, so later records find what earlier ones create; a record that fails leaves nothing
    in the plan (as its savepoint's rollback did)."""

    def __init__(self, records: list[ReviewRecord], *, mapping: dict[str, Rating], by):
        self.mapping = mapping
        self.by = services.acting_user(by)
        # Where unmapped ratings go; read even if none turns up, so the count of queries does not
        # depend on the document.
        self.unproven = Rating.objects.filter(slug=UNMAPPED_RATING_SLUG).first()
        # New rows, in creation order.
        self.speakers: list[Speaker] = []
        self.publishers: list[Publisher] = []
        self.articles: list[Article] = []
        self.claims: list[Claim] = []
        self.appearances: list[Appearance] = []
        self.verdicts: list[Verdict] = []
        self._lookup(records)

    # --- the bulk lookups ---------------------------------------------------------------------

    def _lookup(self, records: list[ReviewRecord]) -> None:
        urls = sorted({record.url for record in records})
        self.reviews = set(Verdict.objects.filter(url__in=urls).values_list("url", "claim__text")) if urls else set()

        sources = [s for record in records for s in (record.publisher, *(a.publisher for a in record.appearances))]
        domains = set()
        for source in sources:
            if source.domain:
                bare = normalize_domain(source.domain).removeprefix("www.")
                domains |= {bare, f"www.{bare}"}
        names = {source.name or normalize_domain(source.domain) for source in sources}
        names.discard("")
        found = {}  # pk -> Publisher
        self.publisher_by_domain: dict[str, Publisher] = {}
        if domains:
            for publisher in Publisher.objects.filter(domain__in=sorted(domains)).order_by("-pk"):
                found[publisher.pk] = publisher
                self.publisher_by_domain[publisher.domain] = publisher  # the lowest pk wins
        # By name as ``name__iexact`` compares (UPPER on both sides), for every name at once.
        self.publisher_by_name: dict[str, Publisher] = {}  # UPPER(name) as given -> lowest pk
        self.publisher_names: set[str] = set()  # exact names taken (the unique constraint)
        for row in Publisher.objects.raw(
            "SELECT p.*, n AS given FROM unnest(%s::text[]) n JOIN articles_publisher p "
            "ON UPPER(p.name) = UPPER(n) ORDER BY p.id DESC",
            [sorted(names)],
        ):
            publisher = found.setdefault(row.pk, row)
            self.publisher_by_name[row.given.upper()] = publisher  # the lowest pk last, so it wins
            self.publisher_names.add(row.name)
        claimants = sorted({record.claimant.name.strip() for record in records})
        # ``Speaker.objects.matching_name`` for every name at once: the name, or an alias,
        # case-insensitively; name as given -> lowest matching speaker id.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT n, min(id) FROM ("
                " SELECT n, s.id FROM unnest(%s::text[]) n JOIN claims_speaker s ON UPPER(s.name) = UPPER(n)"
                " UNION ALL"
                " SELECT n, s.id FROM claims_speaker s CROSS JOIN LATERAL unnest(s.aliases) a"
                " JOIN unnest(%s::text[]) n ON UPPER(a) = UPPER(n)"
                ") matched GROUP BY n",
                [claimants, claimants],
            )
            self.speaker_by_name = dict(cursor.fetchall())
        self.new_speaker_by_name: dict[str, Speaker] = {}  # name.upper() -> planned speaker

        pairs = sorted(
            {
                (self.speaker_by_name[name], record.claim_text)
                for record in records
                if (name := record.claimant.name.strip()) in self.speaker_by_name
            }
        )
        self.claim_by_key: dict[tuple, Claim] = {}  # (speaker id or planned speaker, text) -> claim
        # Every lookup runs whether or not there is anything to find (empty arrays), so an
        # import costs the same queries whatever the document holds.
        for claim in Claim.objects.raw(
            "SELECT DISTINCT ON (v.s, v.t) c.id, c.speaker_id, c.text, c.status "
            "FROM unnest(%s::bigint[], %s::text[]) v(s, t) "
            "JOIN claims_claim c ON c.speaker_id = v.s AND c.text = v.t ORDER BY v.s, v.t, c.id",
            [[p[0] for p in pairs], [p[1] for p in pairs]],
        ):
            self.claim_by_key[(claim.speaker_id, claim.text)] = claim

        urls = set()
        for record in records:
            for appearance in record.appearances:
                with suppress(ValidationError):  # refused when its record is decided
                    urls.add(normalize_url(appearance.url))
        self.article_by_url: dict[str, Article] = {
            article.url: article
            for article in Article.objects.raw(
                "SELECT id, url, body FROM articles_article WHERE url = ANY(%s)", [sorted(urls)]
            )
        }
        by_pk_claim = {claim.pk: claim for claim in self.claim_by_key.values()}
        by_pk_article = {article.pk: article for article in self.article_by_url.values()}
        self.appeared: set[tuple] = set()  # (claim object id, article object id) with an appearance
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT claim_id, article_id FROM claims_appearance WHERE claim_id = ANY(%s) AND article_id = ANY(%s)",
                [sorted(by_pk_claim), sorted(by_pk_article)],
            )
            for claim_id, article_id in cursor.fetchall():
                self.appeared.add((id(by_pk_claim[claim_id]), id(by_pk_article[article_id])))

    # --- one record -------------------------------------------------------------------------------

    def add(self, record: ReviewRecord, *, warnings: list[str]) -> _Outcome:
        """Decide one record; raises ValidationError (nothing of it kept) if it cannot be imported."""
        # One fact-check page may review several claims, so the claim is part of the key.
        if (record.url, record.claim_text) in self.reviews:
            return _Outcome.SKIPPED
        # Our own feed read back: its verdicts are here already (their exported url may be the
        # claim's API address, which no verdict row holds).
        if _is_this_desk(record.publisher):
            return _Outcome.SKIPPED
        rating = self.mapping.get(normalize_rating_label(record.rating_label))
        if rating is None:
            rating = self.unproven
            if rating is None:
                raise ValidationError(
                    f"The rating {record.rating_label!r} is not mapped, and there is no {UNMAPPED_RATING_SLUG!r} "
                    "rating to file it under; map it in the admin (Rating labels)."
                )
        new = _Pending()
        with _reporting_as("publisher"):
            publisher = self._publisher(record.publisher, new)
        with _reporting_as("claimant"):
            speaker = self._speaker(record, new)
        with _reporting_as("claim"):
            claim = self._claim(record, speaker, new)
        for appearance in record.appearances:
            with _reporting_as(f"appearance {appearance.url}"):
                article = self._article(appearance, record.language, new)
                if (id(claim), id(article)) in self.appeared or (id(claim), id(article)) in new.appeared:
                    continue
                # The words as printed are not in a ClaimReview: the claim as checked stands in,
                # located in the body like any quote (issue 13). A body that does not print it
                # gets no appearance (a quote must be the words as printed); the review still counts.
                span = locate_quote(article.body, record.claim_text) if article.body else None
                if article.body and span is None:
                    warnings.append(
                        f"appearance {appearance.url}: the article's body does not print the claim as "
                        "reviewed, so no appearance was recorded; add it in the admin with the words as printed."
                    )
                    continue
                # Located once: with the span's offsets, clean() only checks them (quote_at).
                located = {"quote": span.text, "start": span.start, "end": span.end} if span else {}
                quoted = Appearance(
                    claim=claim,
                    article=article,
                    is_direct_quote=False,
                    **({"quote": record.claim_text} | located),
                )
                _validated(quoted, exclude=("claim", "article"))
                new.appearances.append(quoted)
                new.appeared.add((id(claim), id(article)))
        verdict = Verdict(
            claim=claim,
            rating=rating,
            summary=record.summary,
            reviewer=record.reviewer,
            url=record.url,
            publisher=publisher,
            textual_rating=record.rating_label,
        )
        try:
            _validated(verdict, exclude=("claim", "rating", "publisher", "created_by"))
        except ValidationError as error:
            raise ValidationError(f"verdict: {_reason(error)}") from error
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
        verdict.published_at = published_at
        new.verdicts.append(verdict)
        self._accept(new, review=(record.url, record.claim_text))
        return _Outcome.IMPORTED

    def _accept(self, new: "_Pending", *, review: tuple[str, str]) -> None:
        self.reviews.add(review)
        for publisher in new.publishers:
            self.publishers.append(publisher)
            if publisher.domain:
                self.publisher_by_domain.setdefault(publisher.domain, publisher)
            self.publisher_by_name.setdefault(publisher.name.upper(), publisher)
            self.publisher_names.add(publisher.name)
        for speaker in new.speakers:
            self.speakers.append(speaker)
            self.new_speaker_by_name.setdefault(speaker.name.upper(), speaker)
        self.articles += new.articles
        self.article_by_url.update((article.url, article) for article in new.articles)
        for key, claim in new.claims:
            self.claims.append(claim)
            self.claim_by_key[key] = claim
        self.appearances += new.appearances
        self.appeared |= new.appeared
        self.verdicts += new.verdicts

    def _publisher(self, source: Source, new: "_Pending") -> Publisher:
        """By web domain (with or without www.), then by name; else a new publisher."""
        domain = normalize_domain(source.domain) if source.domain else ""
        candidates = [*new.publishers]
        if domain:
            bare = domain.removeprefix("www.")
            for key in (bare, f"www.{bare}"):
                if key in self.publisher_by_domain:
                    candidates.append(self.publisher_by_domain[key])
            matches = [p for p in candidates if p.domain in (bare, f"www.{bare}")]
            if matches:
                return _first(matches)
        if source.name:
            key = source.name.upper()
            matches = [p for p in new.publishers if p.name.upper() == key]
            if key in self.publisher_by_name:
                matches.append(self.publisher_by_name[key])
            if matches:
                return _first(matches)
        publisher = Publisher(name=source.name or domain, domain=domain)
        errors = {}
        try:
            _validated(publisher)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "name" not in errors and (
            publisher.name in self.publisher_names or publisher.name in {p.name for p in new.publishers}
        ):
            errors["name"] = [publisher.unique_error_message(Publisher, ("name",))]
        if errors:
            raise ValidationError(errors)
        new.publishers.append(publisher)
        return publisher

    def _speaker(self, record: ReviewRecord, new: "_Pending"):
        """A speaker id (found) or a Speaker (planned), as ``matching_name(...).first()``."""
        claimant = record.claimant
        name = claimant.name.strip()
        if name in self.speaker_by_name:
            return self.speaker_by_name[name]
        for speaker in new.speakers:
            if speaker.name.upper() == name.upper():
                return speaker
        if name.upper() in self.new_speaker_by_name:
            return self.new_speaker_by_name[name.upper()]
        speaker = Speaker(name=claimant.name, kind=claimant.kind, role=claimant.job_title)
        _validated(speaker)
        new.speakers.append(speaker)
        return speaker

    def _claim(self, record: ReviewRecord, speaker, new: "_Pending") -> Claim:
        key = (speaker if isinstance(speaker, int) else id(speaker), record.claim_text)
        if key in self.claim_by_key:
            return self.claim_by_key[key]
        for planned_key, claim in new.claims:
            if planned_key == key:
                return claim
        claim = Claim(
            text=record.claim_text,
            claimed_at=record.claimed_at,
            language=record.language,
            status=Claim.Status.NEW,
            created_by=self.by,
        )
        if isinstance(speaker, int):
            claim.speaker_id = speaker
        else:
            claim.speaker = speaker
        _validated(claim, exclude=("speaker", "created_by", "current_verdict", "current_rating"))
        new.claims.append((key, claim))
        return claim

    def _article(self, appearance: AppearanceRecord, language: str, new: "_Pending") -> Article:
        url = normalize_url(appearance.url)
        if url in self.article_by_url:
            return self.article_by_url[url]
        for article in new.articles:
            if article.url == url:
                return article
        article = Article(
            url=url,
            title=(appearance.title or url)[: Article._meta.get_field("title").max_length],
            publisher=self._publisher(appearance.publisher, new),
            published_at=appearance.published_at,
            language=language,
        )
        _validated(article, exclude=("publisher",))
        new.articles.append(article)
        return article

    # --- the writes -----------------------------------------------------------------------------

    def write(self) -> None:
        services.claims_bulk_record(
            speakers=self.speakers,
            publishers=self.publishers,
            articles=self.articles,
            claims=self.claims,
            appearances=self.appearances,
            verdicts=self.verdicts,
            by=self.by,
        )


@dataclass
class _Pending:
    """What one record would create, kept only if the whole record validates."""

    publishers: list[Publisher] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    claims: list[tuple[tuple, Claim]] = field(default_factory=list)
    appearances: list[Appearance] = field(default_factory=list)
    appeared: set[tuple] = field(default_factory=set)
    verdicts: list[Verdict] = field(default_factory=list)


def _first(publishers: list[Publisher]) -> Publisher:
    """The oldest: the lowest pk, then planned ones in creation order (as ``order_by("pk")``)."""
    stored = [p for p in publishers if p.pk is not None]
    return min(stored, key=lambda p: p.pk) if stored else publishers[0]


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
