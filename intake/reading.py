"""The article reading view's vocabulary (issue 14): marks over the body, the body cut into
segments at their edges, and the speaker a selected sentence names.

A *mark* is a highlighted span of the body: this module provides the appearances' marks
(direct and reported quotes, each linking to its claim). Another kind registers a provider
(issue 15's suggestions, ``intake.admin.suggestion_marks``)::

    from intake.reading import Mark, register_mark_provider

    @register_mark_provider
    def suggestion_marks(article, request):
        return [Mark(start=s.start, end=s.end, kind="suggestion", title=..., data={"suggestion": s.pk})]

A mark without ``href`` is drawn as a plain highlight (no link), so a drag across it selects
words as anywhere else; every covering mark's ``data`` is drawn on each piece. read.js counts a
selection's offsets from the pieces' ``data-start``, so marks may overlap and nest freely.

A provider also returns nothing cheaply when it has nothing to add; each should cost a fixed
number of queries (the reading view's query count is asserted). Side panels (the suggestions'
Accept/Reject list) register with ``register_reading_panel``; the template also has
``{% block reading_side %}`` for a template that extends it."""

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import BooleanField, F, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe

from articles.models import Article
from claims.models import Appearance, Claim, Speaker

# More than this many appearances are not all highlighted (a pathological article); the
# reading view says so and links to the filtered appearance list.
MAX_MARKS = 2000


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # a CSS class: "direct", "reported", or another app's ("suggestion")
    href: str = ""
    title: str = ""
    data: dict = field(default_factory=dict)  # rendered as data-* attributes


@dataclass
class Segment:
    text: str
    start: int
    marks: list[Mark]

    @property
    def kinds(self) -> str:
        return " ".join(dict.fromkeys(mark.kind for mark in self.marks))

    @property
    def link(self) -> Mark | None:
        return next((mark for mark in self.marks if mark.href), None)

    @property
    def data(self) -> dict[str, str]:
        """Every covering mark's data; a key two marks share lists both values (two
        suggestions overlapping: ``data-suggestion="12 13"``)."""
        merged: dict[str, list[str]] = {}
        for mark in self.marks:
            for key, value in mark.data.items():
                values = merged.setdefault(key, [])
                if str(value) not in values:
                    values.append(str(value))
        return {key: " ".join(values) for key, values in merged.items()}

    @property
    def titles(self) -> str:
        return "\n".join(mark.title for mark in self.marks if mark.title)


MarkProvider = Callable[[Article, object], Iterable[Mark]]
_providers: list[MarkProvider] = []


def register_mark_provider(provider: MarkProvider) -> MarkProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


PanelProvider = Callable[[Article, object], dict | None]
_panel_providers: list[PanelProvider] = []


def register_reading_panel(provider: PanelProvider) -> PanelProvider:
    """A side panel of the reading view: ``provider(article, request)`` returns the context
    for one panel, with ``template`` naming the template to include (``panel`` in it), or None.
    ``admin/intake/article/panel.html`` draws a plain one from ``title`` and ``html``."""
    if provider not in _panel_providers:
        _panel_providers.append(provider)
    return provider


def panels_for(article: Article, request) -> list[dict]:
    return [panel for provider in _panel_providers if (panel := provider(article, request))]


def article_appearances(article: Article, *, limit: int = MAX_MARKS):
    """The article's appearances with their claims and speakers: one query."""
    return (
        Appearance.objects.filter(article=article)
        .select_related("claim__speaker")
        .only(
            "id",
            "claim_id",
            "article_id",
            "quote",
            "is_direct_quote",
            "start",
            "end",
            "claim__text",
            "claim__status",
            "claim__speaker__name",
        )
        .order_by("start", "id")[:limit]
    )


def claim_change_url(claim_id: int, *, _template: list[str] = []) -> str:  # noqa: B006 -- a cache
    """The claim's admin page: one reverse() per process, not one per highlight."""
    if not _template:
        _template.append(reverse("admin:claims_claim_change", args=(987654321,)))
    return _template[0].replace("987654321", str(claim_id))


def appearance_marks(appearances: Iterable[Appearance]) -> list[Mark]:
    marks = []
    for appearance in appearances:
        if appearance.start is None or appearance.end is None:
            continue
        kind = "direct" if appearance.is_direct_quote else "reported"
        marks.append(
            Mark(
                start=appearance.start,
                end=appearance.end,
                kind=kind,
                href=claim_change_url(appearance.claim_id),
                title=f"{appearance.claim.speaker.name} ({'direct quote' if kind == 'direct' else 'reported'}): "
                f"{appearance.claim.text}",
                data={"claim": appearance.claim_id, "appearance": appearance.pk},
            )
        )
    return marks


def marks_for(article: Article, request, appearances: Iterable[Appearance]) -> list[Mark]:
    marks = appearance_marks(appearances)
    for provider in _providers:
        marks.extend(provider(article, request))
    return marks


def segments(body: str, marks: Iterable[Mark]) -> list[Segment]:
    """The body cut at every mark's edges; each piece knows the marks covering it. Joined, the
    pieces' texts are the body exactly, so offsets computed in the browser are body offsets."""
    marks = [mark for mark in marks if 0 <= mark.start < mark.end <= len(body)]
    edges = sorted({0, len(body), *(mark.start for mark in marks), *(mark.end for mark in marks)})
    by_start = sorted(marks, key=lambda mark: (mark.start, -mark.end))
    pieces, active, next_mark = [], [], 0
    for left, right in itertools.pairwise(edges):
        active = [mark for mark in active if mark.end > left]
        while next_mark < len(by_start) and by_start[next_mark].start <= left:
            active.append(by_start[next_mark])
            next_mark += 1
        pieces.append(Segment(text=body[left:right], start=left, marks=list(active)))
    return pieces


def render_body(pieces: list[Segment]) -> str:
    """The body as HTML: plain text, and a link (or span) per marked piece. Built here rather
    than in a template loop: a long article is hundreds of pieces, and the loop was most of the
    reading view's CPU (bench: admin reading view)."""
    out = []
    for piece in pieces:
        # A pasted body keeps the browser's CRLF line breaks; an HTML parser turns a literal CR
        # LF into LF, a character reference it keeps -- so the page's text is the body exactly.
        text = escape(piece.text).replace("\r", "&#13;")
        if not piece.marks:
            out.append(text)
            continue
        link = piece.link
        attrs = [f'class="hl {escape(piece.kinds)}"', f'data-start="{piece.start}"']
        if link is not None:
            attrs.append(f'href="{escape(link.href)}"')
        attrs.extend(f'data-{escape(key)}="{escape(value)}"' for key, value in piece.data.items())
        if piece.titles:
            attrs.append(f'title="{escape(piece.titles)}"')
        attrs.append('draggable="false"')
        out.append(f"<a {' '.join(attrs)}>{text}</a>")
    return mark_safe("".join(out))  # every part above is escaped


def shortened(text: str, length: int) -> str:
    # Truncator is an HTML-aware truncation, several times slower; claim text is plain.
    return text if len(text) <= length else text[: length - 1] + "…"


def render_quoted_list(appearances: Iterable[Appearance]) -> str:
    """The side list of the claims the article quotes, as HTML (see ``render_body`` for why)."""
    statuses = dict(Claim.Status.choices)
    return format_html_join(
        "",
        '<li id="claim-{}"><a href="{}">{}</a><br><span class="kind">{} · {} · {}{}</span></li>',
        (
            (
                appearance.claim_id,
                claim_change_url(appearance.claim_id),
                shortened(appearance.claim.text, 140),
                appearance.claim.speaker.name,
                "direct quote" if appearance.is_direct_quote else "reported",
                statuses.get(appearance.claim.status, appearance.claim.status),
                " · not located in the text" if appearance.start is None else "",
            )
            for appearance in appearances
        ),
    )


# --- Logging a selected passage ---------------------------------------------------------------

CLOSING = '"”\u2019»)'
SENTENCE_END = re.compile(rf"(?<=[.!?…])[{re.escape(CLOSING)}]*\s+|\n+")
QUOTE_MARKS = '"“”„«»'


def sentence_around(body: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or sentences) holding ``body[start:end]``."""
    left = 0
    for match in SENTENCE_END.finditer(body, 0, start):
        left = match.end()
    match = SENTENCE_END.search(body, end)
    right = match.start() if match else len(body)
    # The closing quotation mark belongs to the sentence it closes.
    while right < len(body) and body[right] in QUOTE_MARKS + CLOSING:
        right += 1
    return left, max(right, end)


def trim_selection(body: str, start: int, end: int) -> tuple[int, int]:
    """The selection without surrounding spaces and quotation marks (a quote is the words)."""
    start, end = max(0, start), min(len(body), end)
    while start < end and (body[start].isspace() or body[start] in QUOTE_MARKS):
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] in QUOTE_MARKS):
        end -= 1
    return start, end


def looks_direct(body: str, start: int, end: int) -> bool:
    """Whether the words stand between quotation marks in the article."""
    left, right = sentence_around(body, start, end)
    before, after = body[left:start], body[end:right]
    opened = sum(before.count(mark) for mark in '"“„«') - sum(before.count(mark) for mark in "”»")
    return (opened % 2 == 1 or before.rstrip().endswith(tuple(QUOTE_MARKS))) and any(
        mark in after[:3] for mark in QUOTE_MARKS
    )


def speaker_named_in(sentence: str, *, near: int = 0) -> Speaker | None:
    """The known speaker whose name or alias the sentence contains (whole words), the mention
    nearest ``near`` (an offset in the sentence) winning, then the longest name. One query."""
    if not sentence.strip():
        return None
    text = Value(sentence, output_field=TextField())
    alias_in_sentence = RawSQL(
        'EXISTS (SELECT 1 FROM unnest("claims_speaker"."aliases") AS alias '
        "WHERE length(alias) > 2 AND strpos(lower(%s), lower(alias)) > 0)",
        (sentence,),
        output_field=BooleanField(),
    )
    candidates = (
        Speaker.objects.alias(sentence=text)
        .filter(Q(sentence__icontains=F("name")) | Q(alias_in_sentence))
        .only("id", "name", "aliases")[:20]
    )
    best, best_key = None, None
    for speaker in candidates:
        for name in (speaker.name, *speaker.aliases):
            if len(name) < 3:
                continue
            for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", sentence, flags=re.IGNORECASE):
                key = (abs(match.start() - near), -len(name))
                if best_key is None or key < best_key:
                    best, best_key = speaker, key
    return best
