"""Article intake (issue 14): an article from its URL, from pasted HTML, or from pasted text.

The admin's "Add article by URL" page and ``POST /api/articles/intake/`` both call these.
Fetching happens before the transaction opens (no row lock held while a slow site answers);
the publisher and the article are then written in one transaction, so a failure at any step
leaves nothing behind."""

import datetime
import logging
from datetime import date
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Publisher, normalize_domain, normalize_url
from claims.models import Claim, Speaker
from claims.services import Conflict, acting_user, claim_create, validated_save

from .extraction import extract
from .fetching import FetchError, fetch
from .models import Suggestion, body_hash
from .pages import ParsedArticle, parse_article, readable


def _refuse_known_url(url: str, field: str) -> str:
    try:
        normalized = normalize_url(url)
    except ValidationError as error:  # unparseable (a port out of range): under the field
        raise ValidationError({field: error.messages}) from error
    if not normalized:
        raise ValidationError({field: "Give the article's address (http:// or https://)."})
    if urlsplit(normalized).scheme not in ("http", "https") or not urlsplit(normalized).hostname:
        raise ValidationError({field: "Give an http:// or https:// address."})
    existing = Article.objects.filter(url=normalized).values_list("pk", flat=True).first()
    if existing is not None:
        error = ValidationError(
            {field: ValidationError(f"This article is already on the desk (article {existing}).", code="unique")}
        )
        error.existing_pk = existing
        raise error
    return normalized


def publisher_for_url(url: str, *, site_name: str = "") -> Publisher:
    """The publisher whose ``domain`` is the URL's host (with or without ``www.``); a new one,
    named after the site (or the domain), when none is."""
    domain = normalize_domain(url)
    bare = domain.removeprefix("www.")
    found = Publisher.objects.filter(domain__in=(bare, f"www.{bare}")).order_by("pk").first()
    if found is not None:
        return found
    # trafilatura falls back to the host name when a page names no site.
    name = site_name.strip() if site_name.strip() and ":" not in site_name and site_name != bare else bare
    if Publisher.objects.filter(name__iexact=name).exists():
        name = f"{name} ({bare})"
    publisher = Publisher(name=name[:200], domain=bare)
    publisher.full_clean()
    try:
        with transaction.atomic():
            publisher.save()
    except IntegrityError:
        # Another intake created it a moment ago.
        found = Publisher.objects.filter(domain=bare).first()
        if found is None:
            raise
        return found
    return publisher


# Fewer words than this after extraction is a menu or a gallery caption, not an article.
MIN_ARTICLE_WORDS = 20


def _has_article_text(parsed: ParsedArticle) -> bool:
    return len(parsed.body.split()) >= MIN_ARTICLE_WORDS


@transaction.atomic
def _article_save(*, url: str, parsed: ParsedArticle, title: str = "", publisher: Publisher | None = None) -> Article:
    article = Article(
        url=url,
        title=(title or parsed.title or url)[: Article._meta.get_field("title").max_length],
        publisher=publisher or publisher_for_url(url, site_name=parsed.site_name),
        byline=parsed.byline,
        published_at=parsed.published_at,
        language=parsed.language or "en",
        body=parsed.body,
    )
    article.full_clean()
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError as error:
        raise ValidationError({"url": "This article was added by someone else a moment ago."}) from error
    return article


def article_create_from_url(*, url: str, by=None) -> Article:
    """Fetch the page at ``url`` (SSRF-safe, ``intake.fetching``) and save its article."""
    normalized = _refuse_known_url(url, "url")
    try:
        page = fetch(normalized)
    except FetchError as error:
        raise ValidationError({"url": str(error)}) from error
    parsed = parse_article(page.html, url=page.url)
    if not _has_article_text(parsed):
        raise ValidationError({"url": "No article text was found on this page; paste its text instead."})
    return _article_save(url=normalized, parsed=parsed)


def article_create_from_html(*, url: str, html: str, by=None) -> Article:
    """The article in pasted HTML (a page saved from the browser), at ``url``; nothing is fetched."""
    normalized = _refuse_known_url(url, "url")
    parsed = parse_article(html, url=normalized)
    if not _has_article_text(parsed):
        raise ValidationError({"html": "No article text was found in this HTML; paste its text instead."})
    return _article_save(url=normalized, parsed=parsed)


def article_create_from_text(
    *,
    url: str,
    text: str,
    title: str,
    byline: str = "",
    published_at: datetime.datetime | None = None,
    language: str = "en",
    by=None,
) -> Article:
    """The article as pasted plain text, with the title the editor gives."""
    normalized = _refuse_known_url(url, "url")
    if not (title or "").strip():
        raise ValidationError({"title": "Give the article's title."})
    body = readable(text or "")
    if not body:
        raise ValidationError({"text": "Paste the article's text."})
    parsed = ParsedArticle(
        title=title.strip(),
        byline=(byline or "").strip(),
        published_at=published_at,
        language=language or "en",
        body=body,
        site_name="",
    )
    return _article_save(url=normalized, parsed=parsed, title=title.strip())


# Suggestions' writes: extraction into suggestions, accept, reject, bulk accept. The API,
# the admin and the article hook all call these, so each rule lives here once.

logger = logging.getLogger(__name__)

# Span lengths the model can hold; longer statements (a rare run-on quote) are cut out.
MAX_QUOTE = 10000
MAX_TEXT = 2000


def speaker_match(mention: str) -> Speaker | None:
    """The tracker's speaker the article's name for them points to, by name or alias
    (``SpeakerQuerySet.matching_name``: "de Mistura" finds "Staffan de Mistura" through
    its alias). Ambiguous names (two speakers share it) match nobody."""
    if not mention.strip():
        return None
    candidates = list(Speaker.objects.matching_name(mention)[:2])
    return candidates[0] if len(candidates) == 1 else None


def article_extract(article: Article) -> list[Suggestion]:
    """Suggestions for the article's current body, creating those not there yet.

    Idempotent: a span already suggested for this body version (in any state) is not
    suggested again — the unique constraint makes that hold under concurrent runs too.
    Pending and rejected suggestions of earlier versions become ``stale``; accepted ones
    keep their state and claim. Spans already logged as an appearance are left out."""
    body = article.body or ""
    digest = body_hash(body)
    statements = extract(body) if body.strip() else []
    with transaction.atomic():
        Suggestion.objects.filter(
            article=article, state__in=[Suggestion.State.PENDING, Suggestion.State.REJECTED]
        ).exclude(body_hash=digest).update(state=Suggestion.State.STALE, updated_at=timezone.now())
        # A body changed back to an earlier version: its stale pending suggestions return.
        Suggestion.objects.filter(
            article=article, body_hash=digest, state=Suggestion.State.STALE, decided_at__isnull=True
        ).update(state=Suggestion.State.PENDING, updated_at=timezone.now())
        logged = list(article.appearances.exclude(start=None).values_list("start", "end"))
        # One lookup per speaker named, not per statement: an article quotes few people often.
        speakers = {mention: speaker_match(mention) for mention in {s.speaker or "" for s in statements}}
        rows = []
        for s in statements:
            if s.end - s.start > MAX_QUOTE:
                continue
            if any(min(s.end, e) - max(s.start, b) >= (s.end - s.start) / 2 for b, e in logged):
                continue
            rows.append(
                Suggestion(
                    article=article,
                    body_hash=digest,
                    start=s.start,
                    end=s.end,
                    quote=s.quote,
                    text=s.claim_text[:MAX_TEXT],
                    is_direct_quote=s.direct,
                    speaker_mention=(s.speaker or "")[:300],
                    speaker_kind=s.speaker_kind or Speaker.Kind.PERSON,
                    speaker=speakers[s.speaker or ""],
                    cue=(s.cue or "")[:100],
                    confidence=max(0.0, min(1.0, s.confidence)),
                )
            )
        Suggestion.objects.bulk_create(rows, ignore_conflicts=True)
    suggestions_match(article=article, body_hash=digest)
    return list(Suggestion.objects.filter(article=article, body_hash=digest).with_api_relations())


def suggestions_match(*, article: Article, body_hash: str) -> int:
    """ "Checked before?" for the pending suggestions of this body version: each gets its best
    match among checked claims (at or above the suggest threshold) or none, refreshed on
    every extraction. All texts go through the model in one call, then one search each
    (``matching.search.best_matches``); outside the extraction's transaction, since the
    model takes a while. A failure is logged and leaves the suggestions as they were."""
    from matching.search import best_matches

    pending = list(
        Suggestion.objects.filter(article=article, body_hash=body_hash, state=Suggestion.State.PENDING).only(
            "id", "text", "similar_claim", "similarity"
        )
    )
    if not pending:
        return 0
    try:
        matches = best_matches([s.text for s in pending])
    except Exception:
        logger.exception("Could not match the suggestions of article %s", article.pk)
        return 0
    changed = []
    for suggestion, match in zip(pending, matches, strict=True):
        claim_id, score = (match.claim_id, match.score) if match else (None, None)
        if (suggestion.similar_claim_id, suggestion.similarity) != (claim_id, score):
            suggestion.similar_claim_id, suggestion.similarity = claim_id, score
            changed.append(suggestion)
    Suggestion.objects.bulk_update(changed, ["similar_claim", "similarity"], batch_size=500)
    return len(changed)


def article_extract_quietly(article_id: int) -> None:
    """The hook's entry point after an article is saved: an extraction failure is logged,
    never turned into an error for the save that already committed."""
    try:
        article = Article.objects.filter(pk=article_id).first()
        if article is not None:
            article_extract(article)
    except Exception:
        logger.exception("Claim extraction failed for article %s", article_id)


def _decidable(suggestion_id: int) -> Suggestion:
    """The suggestion, locked, if it is still pending (two editors deciding at once: the
    second one waits, then finds it decided)."""
    suggestion = Suggestion.objects.select_for_update().select_related("article").get(pk=suggestion_id)
    if suggestion.state != Suggestion.State.PENDING:
        raise Conflict(f"This suggestion is {suggestion.get_state_display().lower()}, not pending.", code="conflict")
    if suggestion.article.body[suggestion.start : suggestion.end] != suggestion.quote:
        raise Conflict("The article's body changed since this was suggested; extract again.", code="conflict")
    return suggestion


@transaction.atomic
def suggestion_accept(
    *,
    suggestion: Suggestion,
    by=None,
    text: str | None = None,
    speaker: Speaker | None = None,
    claimed_at: date | None = None,
    context: str = "",
) -> Claim:
    """The claim, its appearance at the suggestion's exact offsets and, when no speaker is
    matched or given, a new speaker named as in the article — all or nothing.

    ``claimed_at`` defaults to the article's publication date (the date it was reported)."""
    suggestion = _decidable(suggestion.pk)
    article = suggestion.article
    if speaker is None:
        speaker = suggestion.speaker or speaker_match(suggestion.speaker_mention)
    if speaker is None:
        if not suggestion.speaker_mention.strip():
            raise ValidationError({"speaker_id": "The extractor found no speaker; choose one."})
        speaker = Speaker(name=suggestion.speaker_mention[:200], kind=suggestion.speaker_kind)
        validated_save(speaker)
    if claimed_at is None and article.published_at is not None:
        claimed_at = article.published_at.date()
    claim = claim_create(
        text=(text if text is not None else suggestion.text).strip(),
        speaker=speaker,
        by=by,
        article=article,
        quote=suggestion.quote,
        is_direct_quote=suggestion.is_direct_quote,
        start=suggestion.start,
        end=suggestion.end,
        claimed_at=claimed_at,
        context=context,
        language=article.language,  # the claim in the words the article printed, as "Log claim" does
    )
    suggestion.state = Suggestion.State.ACCEPTED
    suggestion.claim = claim
    suggestion.speaker = speaker
    _decided(suggestion, by)
    return claim


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, by=None) -> Suggestion:
    """Set aside; re-running the extraction on the same body will not propose it again."""
    suggestion = _decidable(suggestion.pk)
    suggestion.state = Suggestion.State.REJECTED
    _decided(suggestion, by)
    return suggestion


def suggestions_accept(*, suggestions, by=None) -> list[Claim]:
    """Accept each pending suggestion as proposed, each in its own transaction: one that
    cannot be accepted (decided meanwhile, no speaker) does not undo the others."""
    claims = []
    for suggestion in suggestions:
        try:
            claims.append(suggestion_accept(suggestion=suggestion, by=by))
        except ValidationError:
            continue
    return claims


def _decided(suggestion: Suggestion, by) -> None:
    suggestion.decided_by = acting_user(by)
    suggestion.decided_at = timezone.now()
    validated_save(suggestion)
