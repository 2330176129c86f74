"""schema.org ``ClaimReview``, both ways (issue 5): the format the fact-checking ecosystem
(Google Fact Check Explorer, Data Commons feeds) publishes and reuses verdicts in.

Export: ``claimreview(verdict, ...)`` is one published verdict as a ClaimReview dict and
``data_feed(...)`` wraps a page of them in a ``DataFeed``; ``exportable_verdicts()`` loads
what they show in a fixed number of queries.

Import: ``parse(document)`` reads schema.org ClaimReview JSON-LD (one object, a list, a
``DataFeed`` or an ``@graph``) or a Google Fact Check Tools ``claims:search`` response into
``ReviewRecord``s, one per review, and ``RecordError``s for the records it cannot read;
``import_parsed``/``import_document`` write them through ``services.claimreview_import``.
Input is read as plain JSON with schema.org terms, as Google reads it: no remote
``@context`` is fetched.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Max, Min, Prefetch
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.extensions import OpenApiSerializerExtension

from . import services
from .models import Appearance, Rating, Speaker, Verdict

CONTEXT = "https://schema.org"
SCHEMA_ORG_PREFIXES = ("https://schema.org/", "http://schema.org/", "schema:")
SUMMARY_MAX_LENGTH = Verdict._meta.get_field("summary").max_length


# --- export ---------------------------------------------------------------------------------


def exportable_verdicts():
    """Published verdicts (never drafts, whoever asks) with everything their ClaimReview
    shows: one query for a page of verdicts, one for all their claims' appearances."""
    return (
        Verdict.objects.published()
        .select_related("claim__speaker", "rating", "publisher")
        .prefetch_related(
            Prefetch(
                "claim__appearances",
                queryset=Appearance.objects.select_related("article__publisher").order_by(
                    "article__published_at", "id"
                ),
            )
        )
    )


class RatingScale:
    """The best and worst value on the rating scale, read once per response and only when a
    rating on the scale needs them."""

    @cached_property
    def bounds(self) -> tuple[int | None, int | None]:
        values = Rating.objects.aggregate(best=Max("value"), worst=Min("value"))
        return values["best"], values["worst"]


def claimreview(verdict: Verdict, *, scale: RatingScale, claim_url: str) -> dict:
    """A published verdict as schema.org ClaimReview. ``claim_url`` (where the claim lives in
    this API) stands in for ``url`` when the verdict has no published fact-check page."""
    claim = verdict.claim
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": verdict.url or claim_url,
        "name": verdict.summary,
        "datePublished": _utc_date(verdict.published_at).isoformat(),
        "claimReviewed": claim.text,
        "author": _review_author(verdict),
        "reviewRating": _review_rating(verdict, scale),
        "itemReviewed": _claim(claim),
    }


def data_feed(elements: list[dict], *, next_url: str | None = None, previous_url: str | None = None) -> dict:
    """A page of ClaimReviews as a schema.org DataFeed, with the API's usual page links."""
    return {
        "@context": CONTEXT,
        "@type": "DataFeed",
        "name": f"{settings.FACTCHECK_ORGANIZATION['name']}: fact-checks",
        "dataFeedElement": elements,
        "next": next_url,
        "previous": previous_url,
    }


def _utc_date(moment: datetime.datetime) -> datetime.date:
    # UTC on both sides, whatever TIME_ZONE says: an imported "2020-03-05" is stored as
    # midnight UTC and must come back as 2020-03-05.
    return moment.astimezone(datetime.UTC).date()


def _review_author(verdict: Verdict) -> dict:
    # An imported fact-check is credited to whoever published it, not to this desk.
    if verdict.publisher_id is not None:
        publisher = verdict.publisher
        author = {"@type": "Organization", "name": publisher.name}
        if publisher.domain:
            author["url"] = f"https://{publisher.domain}/"
        return author
    organization = settings.FACTCHECK_ORGANIZATION
    return {"@type": "Organization", "name": organization["name"], "url": organization["url"]}


def _review_rating(verdict: Verdict, scale: RatingScale) -> dict:
    rating = verdict.rating
    label = verdict.textual_rating or rating.label
    if rating.value is None:  # off the scale ("Unproven"): a label, no number
        return {"@type": "Rating", "alternateName": label}
    best, worst = scale.bounds
    return {
        "@type": "Rating",
        "ratingValue": rating.value,
        "bestRating": best,
        "worstRating": worst,
        "alternateName": label,
    }


def _claim(claim) -> dict:
    speaker = claim.speaker
    if speaker.kind == Speaker.Kind.PERSON:
        author = {"@type": "Person", "name": speaker.name}
        if speaker.role:
            author["jobTitle"] = speaker.role
    else:  # organisations and groups ("Russian officials")
        author = {"@type": "Organization", "name": speaker.name}
    item = {"@type": "Claim", "author": author}
    if claim.claimed_at is not None:
        item["datePublished"] = claim.claimed_at.isoformat()
    if claim.language:
        item["inLanguage"] = claim.language
    appearances, seen = [], set()
    for appearance in claim.appearances.all():  # prefetched, earliest article first
        if appearance.article_id not in seen:
            seen.add(appearance.article_id)
            appearances.append(_creative_work(appearance.article))
    if appearances:
        item["appearance"] = appearances
        item["firstAppearance"] = appearances[0]
    return item


def _creative_work(article) -> dict:
    work = {"@type": "CreativeWork", "url": article.url, "headline": article.title}
    if article.published_at is not None:
        work["datePublished"] = _utc_date(article.published_at).isoformat()
    work["publisher"] = {"@type": "Organization", "name": article.publisher.name}
    return work


# --- import: normalised records ---------------------------------------------------------------


@dataclass(frozen=True)
class Claimant:
    name: str
    kind: str = Speaker.Kind.PERSON
    job_title: str = ""


@dataclass(frozen=True)
class Source:
    """Who published a review or an article: a name, a web domain, or both."""

    name: str = ""
    domain: str = ""


@dataclass(frozen=True)
class AppearanceRecord:
    url: str
    title: str = ""
    published_at: datetime.datetime | None = None
    publisher: Source = field(default_factory=Source)


@dataclass(frozen=True)
class ReviewRecord:
    """One review of one claim, whichever shape it came in."""

    position: str  # where in the document, e.g. "$.claims[2].claimReview[0]"
    url: str
    claim_text: str
    claimant: Claimant
    claimed_at: datetime.date | None
    reviewed_at: datetime.datetime
    rating_label: str
    summary: str
    publisher: Source
    reviewer: str = ""
    language: str = "en"
    appearances: tuple[AppearanceRecord, ...] = ()


@dataclass(frozen=True)
class RecordError:
    position: str
    reason: str


class NotClaimReview(ValueError):
    """The document as a whole is in neither shape, so nothing in it can be imported."""


class Malformed(ValueError):
    """One record cannot be read; the message says why."""


# --- import: reading the two shapes ----------------------------------------------------------


def parse(document) -> list[ReviewRecord | RecordError]:
    """Every review in ``document``, in document order, or why it cannot be read."""
    if document == {}:  # what claims:search answers when nothing matched
        return []
    if isinstance(document, dict) and isinstance(document.get("claims"), list) and not _types(document):
        return _parse_fact_check_tools(document["claims"])
    return [_read(position, _claimreview_record, node) for position, node in _claimreview_nodes(document)]


def import_parsed(parsed: list[ReviewRecord | RecordError], *, by=None) -> services.ClaimReviewImportReport:
    """Write the readable records; the report lists the unreadable ones too, in document order."""
    report = services.claimreview_import(records=[r for r in parsed if isinstance(r, ReviewRecord)], by=by)
    rank = {item.position: index for index, item in enumerate(parsed)}
    unreadable = [{"position": e.position, "reason": e.reason} for e in parsed if isinstance(e, RecordError)]
    report.errors = sorted([*unreadable, *report.errors], key=lambda error: rank[error["position"]])
    return report


def import_document(document, *, by=None) -> services.ClaimReviewImportReport:
    """Parse and import one document; raises ``NotClaimReview`` if it is in neither shape."""
    return import_parsed(parse(document), by=by)


def _read(position: str, read, *args, **kwargs) -> ReviewRecord | RecordError:
    """``read(position, *args, **kwargs)``, or why it could not."""
    try:
        return read(position, *args, **kwargs)
    except Malformed as error:
        return RecordError(position, str(error))


def _claimreview_nodes(document) -> Iterable[tuple[str, object]]:
    """(position, node) for every would-be ClaimReview: a list's items, a DataFeed's elements
    (unwrapping DataFeedItem), an @graph's nodes, or the document itself."""
    if isinstance(document, list):
        for index, node in enumerate(document):
            yield from _unwrap(f"$[{index}]", node)
        return
    if not isinstance(document, dict):
        raise NotClaimReview(
            "Expected schema.org ClaimReview JSON-LD (an object, a list or a DataFeed) "
            "or a Google Fact Check Tools claims:search response (an object with `claims`)."
        )
    types = _types(document)
    if "@graph" in document and not types:
        nodes = document["@graph"] if isinstance(document["@graph"], list) else [document["@graph"]]
        for index, node in enumerate(nodes):
            yield from _unwrap(f"$['@graph'][{index}]", node)
    elif "DataFeed" in types:
        elements = document.get("dataFeedElement", [])
        for index, node in enumerate(elements if isinstance(elements, list) else [elements]):
            yield from _unwrap(f"$.dataFeedElement[{index}]", node)
    elif "ClaimReview" in types:
        yield "$", document
    else:
        raise NotClaimReview(
            f"Expected a ClaimReview, a list of them or a DataFeed, not @type {document.get('@type')!r}; "
            "or a Google Fact Check Tools claims:search response (an object with `claims`)."
        )


def _unwrap(position: str, node) -> Iterable[tuple[str, object]]:
    if isinstance(node, dict) and "DataFeedItem" in _types(node):
        items = node.get("item")
        if isinstance(items, list):
            for index, item in enumerate(items):
                yield f"{position}.item[{index}]", item
        else:
            yield f"{position}.item", items
    else:
        yield position, node


def _claimreview_record(position: str, node) -> ReviewRecord:
    if not isinstance(node, dict):
        raise Malformed(f"expected a ClaimReview object, found {_json_type(node)}")
    if "ClaimReview" not in _types(node):
        raise Malformed(f"not a ClaimReview (@type {node.get('@type')!r})")
    _refuse_nul(node)
    url = _url(node.get("url"), "url")
    claim_text = _required_text(node, "claimReviewed")
    rating = _one(node.get("reviewRating"))
    if not isinstance(rating, dict):
        raise Malformed("reviewRating is missing")
    label = _text(rating, "alternateName") or _text(rating, "name")
    if not label:
        raise Malformed("reviewRating has no alternateName (the rating in words)")
    item = _one(node.get("itemReviewed"))
    if not isinstance(item, dict):
        raise Malformed("itemReviewed is missing: it names who made the claim")
    claimant = _claimant(_one(item.get("author")), "itemReviewed.author")
    publisher, reviewer = _review_source(node, url)
    appearances = []
    for key in ("firstAppearance", "appearance"):
        values = item.get(key)
        for index, value in enumerate(values if isinstance(values, list) else [values] if values else []):
            where = f"itemReviewed.{key}" + (f"[{index}]" if isinstance(values, list) else "")
            appearance = _appearance(value, where)
            if appearance.url not in {a.url for a in appearances}:
                appearances.append(appearance)
    title = _text(node, "name") or _text(node, "headline")
    return ReviewRecord(
        position=position,
        url=url,
        claim_text=claim_text,
        claimant=claimant,
        claimed_at=_date(item.get("datePublished"), "itemReviewed.datePublished"),
        reviewed_at=_moment(_required(node, "datePublished"), "datePublished"),
        rating_label=label,
        summary=_summary(title, label, publisher),
        publisher=publisher,
        reviewer=reviewer,
        language=_language(item.get("inLanguage")) or _language(node.get("inLanguage")) or "en",
        appearances=tuple(appearances),
    )


def _review_source(node: dict, url: str) -> tuple[Source, str]:
    """Who published the review (the fact-checking organisation), and the person who wrote
    it when ``author`` is a Person. Without either, the review URL's site."""
    author = _one(node.get("author"))
    reviewer = ""
    if isinstance(author, dict) and "Person" in _types(author):
        reviewer, author = _text(author, "name"), _one(node.get("publisher"))
    elif author is None:
        author = _one(node.get("publisher"))
    if isinstance(author, str):
        return Source(name=author.strip(), domain=_domain(url)), reviewer
    if isinstance(author, dict):
        site = author.get("url")
        domain = _domain(site) if isinstance(site, str) and site.strip() else _domain(url)
        return Source(name=_text(author, "name"), domain=domain), reviewer
    return Source(domain=_domain(url)), reviewer


def _claimant(author, where: str) -> Claimant:
    if isinstance(author, str) and author.strip():
        return Claimant(name=author.strip())
    if isinstance(author, dict):
        name = _text(author, "name")
        if name:
            types = _types(author)
            if "Person" in types or not types:
                return Claimant(name=name, job_title=_text(author, "jobTitle"))
            return Claimant(name=name, kind=Speaker.Kind.ORGANIZATION)
    raise Malformed(f"{where} has no name: every claim needs a speaker")


def _appearance(value, where: str) -> AppearanceRecord:
    if isinstance(value, str):
        return AppearanceRecord(url=_url(value, where))
    if not isinstance(value, dict):
        raise Malformed(f"{where} should be an object or a URL, not {_json_type(value)}")
    url = _url(value.get("url"), f"{where}.url")
    publisher = _one(value.get("publisher")) or _one(value.get("author"))
    if isinstance(publisher, dict):
        publisher = _text(publisher, "name")
    return AppearanceRecord(
        url=url,
        title=_text(value, "headline") or _text(value, "name"),
        published_at=_moment(value.get("datePublished"), f"{where}.datePublished"),
        publisher=Source(name=publisher.strip() if isinstance(publisher, str) else "", domain=_domain(url)),
    )


def _parse_fact_check_tools(claims: list) -> list[ReviewRecord | RecordError]:
    """Google Fact Check Tools ``claims:search``: ``claims[]`` with ``text``, ``claimant``,
    ``claimDate`` and ``claimReview[]`` (``publisher{name,site}``, ``url``, ``title``,
    ``reviewDate``, ``textualRating``, ``languageCode``); one record per review."""
    parsed = []
    for index, claim in enumerate(claims):
        position = f"$.claims[{index}]"
        try:
            if not isinstance(claim, dict):
                raise Malformed(f"expected a claim object, found {_json_type(claim)}")
            reviews = claim.get("claimReview")
            if not isinstance(reviews, list) or not reviews:
                raise Malformed("claimReview is missing or empty")
            _refuse_nul({key: value for key, value in claim.items() if key != "claimReview"})
            text = _required_text(claim, "text")
            claimant = _text(claim, "claimant")
            if not claimant:
                raise Malformed("claimant is missing: every claim needs a speaker")
            claimed_at = _date(claim.get("claimDate"), "claimDate")
        except Malformed as error:
            parsed.append(RecordError(position, str(error)))
            continue
        for number, review in enumerate(reviews):
            where = f"{position}.claimReview[{number}]"
            parsed.append(
                _read(
                    where,
                    _fact_check_tools_record,
                    review,
                    text=text,
                    claimant=Claimant(name=claimant),
                    claimed_at=claimed_at,
                )
            )
    return parsed


def _fact_check_tools_record(position, review, *, text, claimant, claimed_at) -> ReviewRecord:
    if not isinstance(review, dict):
        raise Malformed(f"expected a claimReview object, found {_json_type(review)}")
    _refuse_nul(review)
    url = _url(review.get("url"), "url")
    label = _required_text(review, "textualRating")
    publisher = review.get("publisher") or {}
    if not isinstance(publisher, dict):
        raise Malformed("publisher should be an object with name and site")
    site = _text(publisher, "site")
    source = Source(name=_text(publisher, "name"), domain=_domain(site) if site else _domain(url))
    return ReviewRecord(
        position=position,
        url=url,
        claim_text=text,
        claimant=claimant,
        claimed_at=claimed_at,
        reviewed_at=_moment(_required(review, "reviewDate"), "reviewDate"),
        rating_label=label,
        summary=_summary(_text(review, "title"), label, source),
        publisher=source,
        language=_language(review.get("languageCode")) or "en",
    )


# --- import: reading values ---------------------------------------------------------------------


def _refuse_nul(value) -> None:
    """PostgreSQL text cannot hold NUL characters; say so instead of failing the import."""

    pending = [value]  # a stack, not recursion: nesting depth is the sender's to choose
    while pending:
        value = pending.pop()
        if isinstance(value, str) and "\x00" in value:
            raise Malformed("contains a NUL character, which cannot be stored")
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)


def _types(node: dict) -> set[str]:
    """``@type`` as local schema.org names: "ClaimReview", "schema:ClaimReview" and
    "https://schema.org/ClaimReview" are all "ClaimReview"."""
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    names = set()
    for name in values:
        if isinstance(name, str):
            for prefix in SCHEMA_ORG_PREFIXES:
                name = name.removeprefix(prefix)
            names.add(name)
    return names


def _one(value):
    """JSON-LD allows a list where one value is meant, and ``{"@value": ...}`` for a literal."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict) and "@value" in value:
        value = value["@value"]
    return value


def _text(node: dict, key: str) -> str:
    value = _one(node.get(key))
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Malformed(f"{key} should be text, not {_json_type(value)}")
    return value.strip()


def _required(node: dict, key: str):
    value = _one(node.get(key))
    if value in (None, ""):
        raise Malformed(f"{key} is missing")
    return value


def _required_text(node: dict, key: str) -> str:
    text = _text(node, key)
    if not text:
        raise Malformed(f"{key} is missing")
    return text


_http_url = URLValidator(schemes=("http", "https"))


def _url(value, where: str) -> str:
    value = _one(value)
    if isinstance(value, dict):  # {"@id": "https://..."}
        value = value.get("@id")
    if value in (None, ""):
        raise Malformed(f"{where} is missing")
    if not isinstance(value, str):
        raise Malformed(f"{where} should be a URL, not {_json_type(value)}")
    try:
        _http_url(value.strip())
    except ValidationError:
        raise Malformed(f"{where} {value!r} is not an http(s) URL") from None
    return value.strip()


def _domain(url: str) -> str:
    """``https://www.Example.com/x`` and ``example.com`` alike."""
    url = url.strip()
    return (urlsplit(url if "://" in url else f"//{url}").hostname or "").rstrip(".")


def _parsed_date_or_moment(value, where: str) -> datetime.date | datetime.datetime | None:
    value = _one(value)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise Malformed(f"{where} should be an ISO 8601 date, not {_json_type(value)}")
    try:
        parsed = parse_date(value.strip()) or parse_datetime(value.strip())
    except ValueError:  # well-formed but impossible, e.g. month 13
        parsed = None
    if parsed is None:
        raise Malformed(f"{where} {value!r} is not an ISO 8601 date")
    return parsed


def _date(value, where: str) -> datetime.date | None:
    parsed = _parsed_date_or_moment(value, where)
    if isinstance(parsed, datetime.datetime):
        return _in_utc(parsed, value, where).date()
    return parsed


def _moment(value, where: str) -> datetime.datetime | None:
    """Dates without a time are midnight UTC, so they export back as the same date."""
    parsed = _parsed_date_or_moment(value, where)
    if parsed is None:
        return None
    if not isinstance(parsed, datetime.datetime):
        return datetime.datetime.combine(parsed, datetime.time(), tzinfo=datetime.UTC)
    return _in_utc(parsed, value, where)


def _in_utc(moment: datetime.datetime, value, where: str) -> datetime.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:  # "0001-01-01T00:00:00+05:00" is before year 1 in UTC
        raise Malformed(f"{where} {_one(value)!r} is out of range") from None


def _language(value) -> str:
    value = _one(value)
    if isinstance(value, dict):  # {"@type": "Language", "alternateName": "en"}
        value = value.get("alternateName")
    return value.strip() if isinstance(value, str) else ""


def _summary(title: str, label: str, publisher: Source) -> str:
    summary = title or f"Rated “{label}” by {publisher.name or publisher.domain}"
    if len(summary) > SUMMARY_MAX_LENGTH:
        summary = summary[: SUMMARY_MAX_LENGTH - 1].rstrip() + "…"
    return summary


def _json_type(value) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


# --- OpenAPI ------------------------------------------------------------------------------------

_ORGANIZATION_SCHEMA = {
    "type": "object",
    "required": ["@type", "name"],
    "properties": {
        "@type": {"type": "string", "enum": ["Organization"]},
        "name": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
    },
}
_CREATIVE_WORK_SCHEMA = {
    "type": "object",
    "description": "An article that quoted the claim.",
    "required": ["@type", "url"],
    "properties": {
        "@type": {"type": "string", "enum": ["CreativeWork"]},
        "url": {"type": "string", "format": "uri"},
        "headline": {"type": "string"},
        "datePublished": {"type": "string", "format": "date"},
        "publisher": _ORGANIZATION_SCHEMA,
    },
}
CLAIMREVIEW_SCHEMA = {
    "type": "object",
    "description": "A published verdict as schema.org ClaimReview (https://schema.org/ClaimReview).",
    "required": [
        "@context",
        "@type",
        "url",
        "name",
        "datePublished",
        "claimReviewed",
        "author",
        "reviewRating",
        "itemReviewed",
    ],
    "properties": {
        "@context": {"type": "string", "enum": [CONTEXT]},
        "@type": {"type": "string", "enum": ["ClaimReview"]},
        "url": {
            "type": "string",
            "format": "uri",
            "description": "The published fact-check; the claim's API URL when the verdict has none.",
        },
        "name": {"type": "string", "description": "The verdict's one-line summary."},
        "datePublished": {"type": "string", "format": "date", "description": "When the verdict was published."},
        "claimReviewed": {"type": "string", "description": "The claim's text."},
        "author": {
            **_ORGANIZATION_SCHEMA,
            "description": "This desk (FACTCHECK_ORGANIZATION), or the fact-checker an imported verdict came from.",
        },
        "reviewRating": {
            "type": "object",
            "description": "The rating; off-scale ratings (unproven, misleading) carry only alternateName.",
            "required": ["@type", "alternateName"],
            "properties": {
                "@type": {"type": "string", "enum": ["Rating"]},
                "ratingValue": {"type": "integer", "description": "The rating's value; best is highest."},
                "bestRating": {"type": "integer"},
                "worstRating": {"type": "integer"},
                "alternateName": {"type": "string", "description": "The rating in words."},
            },
        },
        "itemReviewed": {
            "type": "object",
            "required": ["@type", "author"],
            "properties": {
                "@type": {"type": "string", "enum": ["Claim"]},
                "author": {
                    "type": "object",
                    "description": "The speaker; jobTitle (their role) for people, when known.",
                    "required": ["@type", "name"],
                    "properties": {
                        "@type": {"type": "string", "enum": ["Person", "Organization"]},
                        "name": {"type": "string"},
                        "jobTitle": {"type": "string"},
                    },
                },
                "datePublished": {"type": "string", "format": "date", "description": "When the claim was made."},
                "inLanguage": {"type": "string"},
                "appearance": {"type": "array", "items": _CREATIVE_WORK_SCHEMA},
                "firstAppearance": _CREATIVE_WORK_SCHEMA,
            },
        },
    },
}
IMPORT_SCHEMA = {
    "description": "schema.org ClaimReview JSON-LD (one object, a list, or a DataFeed) or a Google Fact "
    "Check Tools claims:search response (an object with `claims`).",
    "oneOf": [{"type": "object", "additionalProperties": {}}, {"type": "array", "items": {"type": "object"}}],
}


class ClaimReviewSerializerExtension(OpenApiSerializerExtension):
    """The ClaimReview serializer builds its dict here; its schema is written out above."""

    target_class = "claims.serializers.ClaimReviewSerializer"

    def map_serializer(self, auto_schema, direction):
        return CLAIMREVIEW_SCHEMA
