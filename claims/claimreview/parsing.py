"""Import, first half: ``parse(document)`` reads schema.org ClaimReview JSON-LD (one object, a
list, a ``DataFeed`` or an ``@graph``) or a Google Fact Check Tools ``claims:search`` response
into ``ReviewRecord``s, one per review, and ``RecordError``s for the records it cannot read.
Nothing here touches the database; ``claims.claimreview.services.claimreview_import`` writes
the records. Input is read as plain JSON with schema.org terms, as Google reads it: no remote
``@context`` is fetched."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.dateparse import parse_date, parse_datetime

from articles.models import normalize_domain

from ..models import Speaker, Verdict

SCHEMA_ORG_PREFIXES = ("https://schema.org/", "http://schema.org/", "schema:")
SUMMARY_MAX_LENGTH = Verdict._meta.get_field("summary").max_length


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
    # None when the review carries no date (Google Fact Check Tools often sends no
    # reviewDate): the import dates it by the claim, else the import time, and says so.
    reviewed_at: datetime.datetime | None
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
        reviewed_at=_moment(node.get("datePublished"), "datePublished"),
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
        return Source(name=author.strip(), domain=normalize_domain(url)), reviewer
    if isinstance(author, dict):
        site = author.get("url")
        domain = normalize_domain(site) if isinstance(site, str) and site.strip() else normalize_domain(url)
        return Source(name=_text(author, "name"), domain=domain), reviewer
    return Source(domain=normalize_domain(url)), reviewer


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
    if isinstance(value, str):  # "appearance": ["https://…"]: the site is the publisher
        url = _url(value, where)
        return AppearanceRecord(url=url, publisher=Source(domain=normalize_domain(url)))
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
        publisher=Source(name=publisher.strip() if isinstance(publisher, str) else "", domain=normalize_domain(url)),
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
    source = Source(name=_text(publisher, "name"), domain=normalize_domain(site) if site else normalize_domain(url))
    return ReviewRecord(
        position=position,
        url=url,
        claim_text=text,
        claimant=claimant,
        claimed_at=claimed_at,
        reviewed_at=_moment(review.get("reviewDate"), "reviewDate"),
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
