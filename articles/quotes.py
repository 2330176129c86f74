"""Where a quote is in an article body: the one rule the API, the admin, the ClaimReview
import, the demo loader, the editor's desk and claim extraction all use (issue 13).

A quote is "the exact words as printed", but people paste them from elsewhere: with
typographic quotation marks or apostrophes where the body has straight ones (or the
reverse), another dash, a line break or a non-breaking space where the body has a space,
or another Unicode normalisation form. ``locate_quote`` tolerates exactly those
differences and nothing else (not case, not other words), and answers with offsets into
the body's *own* characters, so ``body[span.start:span.end] == span.text`` and the stored
quote is the body's text. ``near_match`` finds what the user probably meant when the quote
is not there, to show it in the error."""

import difflib
import re
import unicodedata
from dataclasses import dataclass

# Characters that print the same idea differently, mapped to one spelling each.
_EQUIVALENTS = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    }
)
# Invisible characters a copy may gain or lose (soft hyphen, zero-width space/joiners, BOM).
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")


@dataclass(frozen=True)
class Span:
    """A stretch of the body: ``body[start:end] == text``."""

    start: int
    end: int
    text: str


def _folded(text: str, *, casefold: bool = False) -> tuple[str, list[int]]:
    """``text`` with every tolerated difference folded away, and for each folded character
    the index of the original character it came from. Whitespace runs become one space;
    each character is decomposed (NFKD) on its own, so composed and decomposed accents,
    ligatures and full-width forms compare equal while offsets stay exact."""
    out: list[str] = []
    origin: list[int] = []
    in_space = False
    for index, char in enumerate(text):
        if char in _INVISIBLE:
            continue
        if char.isspace():
            if not in_space:
                out.append(" ")
                origin.append(index)
            in_space = True
            continue
        in_space = False
        folded = unicodedata.normalize("NFKD", char).translate(_EQUIVALENTS)
        if casefold:
            folded = folded.casefold()
        for piece in folded:
            if piece.isspace():  # NFKD turns some characters into spaces
                piece = " "
            out.append(piece)
            origin.append(index)
    return "".join(out), origin


def _span(body: str, origin: list[int], start: int, end: int) -> Span:
    """The body's own characters behind folded positions ``start:end``."""
    begin = origin[start]
    finish = origin[end - 1] + 1
    # A folded character may come from the middle of a decomposed one (NFKD "ﬁ" -> "fi"):
    # the span covers the whole original character, so it is always whole characters.
    return Span(begin, finish, body[begin:finish])


def locate_quote(body: str, quote: str) -> Span | None:
    """The first place ``quote`` is printed in ``body``, tolerating typographic quotes and
    apostrophes, dashes, whitespace runs and line breaks, non-breaking spaces and Unicode
    normalisation; ``None`` if it is not there (or either is empty)."""
    quote = quote.strip()
    if not quote or not body:
        return None
    position = body.find(quote)
    if position >= 0:
        return Span(position, position + len(quote), quote)
    folded_body, origin = _folded(body)
    folded_quote = _folded(quote)[0].strip()
    if not folded_quote:
        return None
    position = folded_body.find(folded_quote)
    if position < 0:
        return None
    return _span(body, origin, position, position + len(folded_quote))


def quote_at(body: str, quote: str, start: int, end: int) -> Span | None:
    """Whether explicit offsets point at ``quote`` (tolerantly, as ``locate_quote``): the
    body's own text there, or ``None``."""
    if not (0 <= start < end <= len(body)):
        return None
    span = locate_quote(body[start:end], quote)
    if span is None or span.start != 0 or span.end != end - start:
        return None
    return Span(start, end, span.text)


def near_match(body: str, quote: str, *, cutoff: float = 0.75) -> Span | None:
    """The stretch of ``body`` most like ``quote`` (ignoring case as well), if at least
    ``cutoff`` alike: what the user probably meant, for an error message. Anchored on the
    longest common run, so it costs one pass over the body, not one comparison per word."""
    quote = quote.strip()
    if not quote or not body:
        return None
    folded_body, origin = _folded(body, casefold=True)
    folded_quote = _folded(quote, casefold=True)[0].strip()
    if not folded_quote:
        return None
    matcher = difflib.SequenceMatcher(None, folded_body, folded_quote, autojunk=False)
    anchor = matcher.find_longest_match(0, len(folded_body), 0, len(folded_quote))
    if anchor.size == 0:
        return None
    best: tuple[float, int, int] | None = None
    guess = anchor.a - anchor.b
    # Try windows around the anchor a little shorter and longer than the quote, snapped to
    # word boundaries, and keep the most alike.
    for slack_start in (-8, -4, 0, 4, 8):
        for slack_end in (-8, -4, 0, 4, 8):
            start = _word_start(folded_body, max(0, guess + slack_start))
            end = _word_end(folded_body, min(len(folded_body), guess + len(folded_quote) + slack_end))
            if end <= start:
                continue
            ratio = difflib.SequenceMatcher(None, folded_body[start:end], folded_quote, autojunk=False).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, start, end)
    if best is None or best[0] < cutoff:
        return None
    _, start, end = best
    span = _span(body, origin, start, end)
    text = span.text.strip()
    offset = span.text.find(text)
    return Span(span.start + offset, span.start + offset + len(text), text)


_WORD = re.compile(r"\w")


def _word_start(text: str, index: int) -> int:
    while 0 < index < len(text) and _WORD.match(text[index - 1]) and _WORD.match(text[index]):
        index -= 1
    return index


def _word_end(text: str, index: int) -> int:
    while 0 < index < len(text) and _WORD.match(text[index - 1]) and _WORD.match(text[index]):
        index += 1
    return index


def not_found_message(body: str, quote: str) -> str:
    """The error for a quote that is not in the body, with the near match when there is one."""
    near = near_match(body, quote)
    message = "This quote is not in the article body; give the words exactly as printed."
    if near is not None:
        message += f' The closest words in the body are: "{near.text}" (characters {near.start}-{near.end}).'
    return message
