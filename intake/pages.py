"""An article's main text and metadata from its HTML, with trafilatura (issue 14).

trafilatura is maintained, well evaluated on news pages, and already reads the metadata
(title, byline, date, site name) a desk needs; it needs no network and no model."""

import datetime
import re
from dataclasses import dataclass

import trafilatura
from lxml import html as lxml_html

from articles.models import Article

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    byline: str
    published_at: datetime.datetime | None
    language: str
    body: str
    site_name: str


def _html_language(html: str) -> str:
    """The page's ``<html lang>`` (BCP 47), which news sites set; trafilatura does not detect it."""
    try:
        root = lxml_html.fromstring(html.encode("utf-8", errors="replace"))
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    tag = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
    tag = tag.replace("_", "-")
    return tag if LANGUAGE_TAG.match(tag) else ""


def readable(text: str) -> str:
    """Paragraphs separated by a blank line; no trailing spaces. Offsets point into this text."""
    paragraphs = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _limit(value: str, field: str) -> str:
    return (value or "").strip()[: Article._meta.get_field(field).max_length]


def parse_article(html: str, *, url: str) -> ParsedArticle:
    """Title, byline, date, language and main text of a news page ("" where a part is missing)."""
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if document is None:
        return ParsedArticle("", "", None, _html_language(html), "", "")
    body = readable(document.text or "")
    title = " ".join((document.title or "").split())
    # The headline usually opens the extracted text too; the reading view shows it apart.
    if title and body.startswith(title + "\n"):
        body = body[len(title) :].lstrip("\n")
    published_at = None
    if document.date:
        try:
            day = datetime.date.fromisoformat(document.date[:10])
            published_at = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
        except ValueError:
            published_at = None
    language = (document.language or "").strip() or _html_language(html)
    return ParsedArticle(
        title=_limit(title, "title"),
        byline=_limit(document.author or "", "byline"),
        published_at=published_at,
        language=_limit(language or "en", "language"),
        body=body,
        site_name=" ".join((document.sitename or "").split())[:200],
    )
