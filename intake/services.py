"""Article intake (issue 14): an article from its URL, from pasted HTML, or from pasted text.

The admin's "Add article by URL" page and ``POST /api/articles/intake/`` both call these.
Fetching happens before the transaction opens (no row lock held while a slow site answers);
the publisher and the article are then written in one transaction, so a failure at any step
leaves nothing behind."""

import datetime
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, Publisher, normalize_domain, normalize_url

from .fetching import FetchError, fetch
from .pages import ParsedArticle, parse_article


def _refuse_known_url(url: str, field: str) -> str:
    normalized = normalize_url(url)
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
    domain = normalize_domain(urlsplit(url).hostname or "")
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
    body = "\n\n".join(" ".join(line.split()) for line in (text or "").splitlines() if line.strip())
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
