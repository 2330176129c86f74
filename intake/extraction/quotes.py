"""Quotation-mark pairing over an article body.

Double marks (straight ``"`` and curly U+201C/U+201D) are paired within a paragraph;
curly single marks (U+2018/U+2019), the British house style, are paired only where no
double mark is open and the closing mark is not an apostrophe (a letter follows it). A quote left open at the end of a
paragraph whose next paragraph opens with a mark is a multi-paragraph quote: each
paragraph's stretch is its own quote, chained to the next (``continues``). A mark left open
with no reopening is a stray and pairs with nothing.
"""

from dataclasses import dataclass

OPENERS = {"\u201c": "\u201d", '"': '"', "\u2018": "\u2019"}
DOUBLE_OPEN = {'"', "\u201c"}


@dataclass
class Quote:
    start: int  # first character inside the marks
    end: int  # index of the closing mark (or the paragraph end for an open paragraph)
    closed: bool  # False for a paragraph of a multi-paragraph quote left open
    chain: int  # quotes of one multi-paragraph quotation share a chain number

    @property
    def open_mark(self):
        return self.start - 1

    @property
    def outer_end(self):
        """End of the quote with its closing mark."""
        return self.end + 1 if self.closed else self.end


def paragraphs(body: str):
    """(start, end) of every non-empty line: a single line break is a paragraph break."""
    spans, pos = [], 0
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            spans.append((start, start + len(stripped)))
        pos += len(line) + 1
    return spans


def _is_apostrophe(text, i):
    """A right single mark followed by a letter is an apostrophe (don't, Erdogan's)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return after.isalnum() or (before.isalnum() and after.isalnum())


def _pair_paragraph(text):
    """Pairs in one paragraph: list of (open_index, close_index or None, mark)."""
    pairs, open_at, mark = [], None, None
    for i, ch in enumerate(text):
        if open_at is None:
            if ch in DOUBLE_OPEN or (ch == "\u2018" and (i == 0 or not text[i - 1].isalnum())):
                open_at, mark = i, ch
        else:
            closes = (mark in DOUBLE_OPEN and ch in {'"', "\u201d"}) or (
                mark == "\u2018" and ch == "\u2019" and not _is_apostrophe(text, i)
            )
            if closes:
                pairs.append((open_at, i, mark))
                open_at = None
            elif mark == "\u201c" and ch == "\u201c":
                # A reopened curly mark without a close: the first was a stray.
                open_at = i
    if open_at is not None:
        pairs.append((open_at, None, mark))
    return pairs


def find_quotes(body: str, paras=None):
    """Every quoted stretch in ``body`` (headline included; callers skip it)."""
    paras = paras if paras is not None else paragraphs(body)
    quotes, chain = [], 0
    pending_open = None  # a quote left open at the end of the previous paragraph
    for pstart, pend in paras:
        text = body[pstart:pend]
        pairs = _pair_paragraph(text)
        if pending_open is not None and not (pairs and pairs[0][0] == 0):
            pending_open = None  # the open quote was not reopened: drop the chain
        for k, (o, c, _mark) in enumerate(pairs):
            if c is None:
                is_last = k == len(pairs) - 1
                if not is_last:
                    continue
                # Open at paragraph end: keep it only if the next paragraph reopens a mark.
                nxt = next((p for p in paras if p[0] > pstart), None)
                if nxt is None or body[nxt[0]] not in OPENERS:
                    continue
                if pending_open is None or o != 0:
                    chain += 1
                pending_open = chain
                end = pend
                while end > pstart + o + 1 and body[end - 1].isspace():
                    end -= 1
                quotes.append(Quote(pstart + o + 1, end, False, chain))
                continue
            if o == 0 and pending_open is not None:
                this_chain = pending_open
                pending_open = None
            else:
                chain += 1
                this_chain = chain
            if c > o + 1:
                quotes.append(Quote(pstart + o + 1, pstart + c, True, this_chain))
    return quotes
