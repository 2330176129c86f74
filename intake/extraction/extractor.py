"""The rules, in the order the article is read.

1. Quotation marks are paired (``quotes.py``); tokens inside marks are the quoted
   speaker's words and never supply a cue for the article's own attribution.
2. Every speech verb outside marks (``lexicon.SPEECH``; beliefs and pledges at low
   confidence; "according to") is a cue. Its speaker is its subject (or its head's, for
   "went on to say", "further saying", "and added"); its content is its clausal complement
   ("said that A"), the clause it interrupts or follows ("A, police revealed"), or the
   clause "according to X" is attached to. Separate *that* clauses are separate statements;
   a cue inside the content splits it.
3. A reported clause that is at least half quoted gives direct ``partial`` statements for
   its quoted stretches, otherwise one indirect statement with the marks (Rule 3).
4. Quotes not inside a reported clause take the cue of their own sentence: preposed
   ("X said, "…"", "X: "…""), postposed (""…," said X") or between the halves of a split
   quote; a quote with no cue that follows a quote continues its speaker (``context``).
5. Speakers are resolved in document order (``speakers.Registry``). Only the outermost
   speaker is kept, except that an outlet passing on someone else's words is a channel.
"""

from dataclasses import asdict, dataclass, field

from .lexicon import BORDERLINE, CHARACTERISE, NAMING, PLEDGES, SPEECH
from .pipeline import nlp
from .quotes import find_quotes, paragraphs
from .speakers import Registry, is_outlet, mention

TERMINAL = {".", "!", "?"}
# What a span drops at its end ("3%" keeps its sign, a closing mark its mark).
SENTENCE_PUNCT = {".", ",", ";", ":", "!", "?", "-", "\u2013", "\u2014", "..."}
ENDINGS = set(".!?:;)]\"\u201d\u2019'\u2026")
GLOSS_STARTS = {"which", "who", "when", "meaning", "where", "whereby"}


@dataclass
class Statement:
    start: int
    end: int
    quote: str
    direct: bool
    speaker: str | None
    speaker_kind: str | None
    cue: str | None
    confidence: float
    claim_text: str
    resolved_via: str | None = None
    partial: bool = False
    mixed: bool = False
    borderline: bool = False
    # internal: where the cue token sits (for the outermost-speaker rule)
    cue_pos: int | None = field(default=None, repr=False)
    outlet: bool = field(default=False, repr=False)

    def as_dict(self):
        d = asdict(self)
        d.pop("cue_pos")
        d.pop("outlet")
        return d


@dataclass
class _Cue:
    """A cue found in the parse, before its speaker is resolved."""

    token: object  # the cue verb, or "according"
    subject: object  # the token naming the speaker
    word: str  # the cue as written
    pos: int  # body offset of the subject (resolution happens at this point)
    borderline: bool = False
    resolved: tuple = (None, None)  # (Entity, resolved_via) once resolved


def _headline_end(body, paras):
    """The first line is the headline when a blank line follows it (the stored format)."""
    if len(paras) > 1 and body[paras[0][1] : paras[1][0]].count("\n") >= 2:
        return paras[0][1]
    return 0


def _cue_word(tok):
    """ "said", "pointed out", "went on to say", "according to"."""
    if tok.lemma_ == "accord":
        return "according to"
    words = [tok.text]
    for c in tok.children:
        if c.dep_ == "prt":
            words.append(c.text)
    if tok.dep_ == "xcomp" and tok.head.lemma_ == "go":
        return f"{tok.head.text} on to {tok.text}" if any(c.text == "on" for c in tok.head.children) else tok.text
    return " ".join(words)


def _best_subject(subjects):
    """Among several subjects the parser gave one verb ("Niger's president Mahamadou
    Issoufou said"), the one holding a name."""
    for c in subjects:
        if any(a.dep_ == "appos" and a.pos_ == "PROPN" for a in c.children):
            return c
    proper = [c for c in subjects if c.pos_ == "PROPN"]
    if proper:
        return proper[-1]
    return subjects[-1]


def _subject(tok):
    """The token naming who speaks through ``tok``, walking up participles, infinitives and
    coordinated verbs ("went on to say", "further saying", "said … and added")."""
    cur = tok
    for _ in range(4):
        subjects = [c for c in cur.children if c.dep_ in {"nsubj", "csubj"}]
        if subjects:
            return _best_subject(subjects)
        for c in cur.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        if any(c.dep_ == "nsubjpass" for c in cur.children):
            return None  # "it was announced": agentless
        if (
            cur.tag_ == "VBG"
            and cur.dep_ == "advcl"
            and cur.head.dep_ == "ccomp"
            and cur.head.head.lemma_.lower() in SPEECH | BORDERLINE
        ):
            # "warned that A, calling B": the parser hangs the participle inside A.
            cur = cur.head.head
            continue
        if (
            cur.dep_ in {"xcomp", "advcl", "conj", "pcomp", "ccomp", "dep", "parataxis"}
            and cur.head.i != cur.i
            and cur.head.pos_ in {"VERB", "AUX"}
        ):
            cur = cur.head
            continue
        if cur.dep_ == "relcl" or (cur.dep_ == "acl" and cur.tag_ == "VBG"):
            return cur.head  # "who told the press", "German officials saying"
        break
    return None


def _is_cue(tok, in_quote):
    if in_quote(tok.idx):
        return False
    if tok.lemma_ == "accord" and tok.text.lower() == "according":
        return any(c.text.lower() == "to" for c in tok.children)
    if tok.pos_ not in {"VERB", "AUX"} and tok.tag_ not in {"VBD", "VBZ", "VBP", "VB", "VBG", "VBN"}:
        return False
    lemma = tok.lemma_.lower()
    if lemma in NAMING:
        return False
    if lemma == "point" and not any(c.dep_ == "prt" and c.text.lower() == "out" for c in tok.children):
        return False
    if lemma == "go":
        return False
    return lemma in SPEECH or lemma in BORDERLINE or lemma in CHARACTERISE


def _trim(tokens, body_offset):
    """Span (start, end) of a run of tokens without a leading "that"/conjunction/punctuation,
    the final full stop and a trailing narrator's gloss."""
    toks = list(tokens)
    while toks and (
        (toks[0].is_punct and toks[0].text not in {'"', "\u201c", "\u2018"})
        or (
            toks[0].dep_ in {"mark", "cc"}
            and toks[0].text.lower() in {"that", "and", "but", "whether", "if"}
            and len(toks) > 1
        )
        or (toks[0].text.lower() in {"and", "but", "that"} and len(toks) > 1)
        or (toks[0].text.lower() == "to" and toks[0].dep_ == "aux" and len(toks) > 1)
    ):
        toks = toks[1:]
    # A trailing gloss: ", which …", ", meaning …", ", when …" running to the end.
    for k in range(1, len(toks) - 1):
        if toks[k].text == "," and toks[k + 1].text.lower() in GLOSS_STARTS and k >= 3:
            gloss = toks[k + 1]
            if (
                gloss.dep_ in {"nsubj", "dobj", "advmod", "pobj", "advcl", "acl", "relcl", "nsubjpass"}
                or gloss.text.lower() == "meaning"
            ):
                toks = toks[:k]
                break
    while toks and (toks[-1].text in SENTENCE_PUNCT or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    if not toks:
        return None
    return body_offset + toks[0].idx, body_offset + toks[-1].idx + len(toks[-1].text)


def _runs(tokens):
    """Split tokens (sorted) into runs of consecutive indices."""
    runs, cur = [], []
    for t in tokens:
        if cur and t.i != cur[-1].i + 1:
            runs.append(cur)
            cur = []
        cur.append(t)
    if cur:
        runs.append(cur)
    return runs


def _has_verb(tokens):
    return any(t.pos_ in {"VERB", "AUX"} for t in tokens)


def _content_runs(cue):
    """Token runs holding what ``cue`` reports (Rule 2), each a candidate statement."""
    tok = cue.token
    doc = tok.doc
    if tok.lemma_ == "accord":
        head = tok.head
        while head.dep_ not in {"ROOT"} and head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
            head = head.head
        own = {t.i for t in tok.subtree}
        toks = [t for t in head.subtree if t.i not in own]
        # The clause "according to" hangs on: the run holding its verb.
        return [r for r in _runs(toks) if head in r and len(r) >= 3 and _has_verb(r)]
    own = {tok.i}
    subj = cue.subject
    for c in tok.children:
        if c.dep_ in {
            "nsubj",
            "aux",
            "auxpass",
            "neg",
            "advmod",
            "prt",
            "dobj",
            "dative",
            "prep",
            "npadvmod",
            "punct",
            "cc",
            "agent",
            "csubj",
        }:
            if c.dep_ in {"nsubj", "csubj"} and subj is not None and c.i != subj.i:
                continue
            own |= {t.i for t in c.subtree}
    runs = []
    heads = [c for c in tok.children if c.dep_ == "ccomp"]
    if not heads and tok.lemma_.lower() in PLEDGES:
        # "has pledged to drive the terrorists out": what was promised (borderline, Rule 7).
        heads = [c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i]
    if not heads:
        # "warned the council that patience was running out": the parser hangs the
        # complement on the addressee as a relative clause, but a relative clause has no
        # complementizer — a "that" marking it says it is the content.
        for c in tok.children:
            if c.dep_ in {"dobj", "dative"}:
                for g in c.children:
                    if g.dep_ in {"relcl", "acl", "ccomp"} and any(
                        m.dep_ == "mark" and m.text.lower() == "that" for m in g.children
                    ):
                        heads.append(g)
                        own -= {t.i for t in g.subtree}
    # Postposed or parenthetical cue: "A, police revealed", "A, Maróth said, and B".
    finite = tok.tag_ in {"VBD", "VBZ", "VBP"} and any(c.dep_ in {"nsubj", "csubj"} for c in tok.children)
    if not heads and finite and tok.dep_ in {"ccomp", "parataxis", "advcl"} and tok.head.i != tok.i:
        head = tok.head
        if head.pos_ in {"VERB", "AUX"} and (head.i < tok.i or any(t.text == "," for t in doc[tok.i : head.i])):
            mine = {t.i for t in tok.subtree}
            toks = [t for t in head.subtree if t.i not in mine]
            for r in _runs(toks):
                if len(r) >= 3 and _has_verb(r):
                    runs.append(r)
            return runs
    for h in heads:
        # Conjoined content clauses each with its own "that" are separate statements.
        split = [
            c
            for c in h.children
            if c.dep_ == "conj"
            and c.pos_ in {"VERB", "AUX"}
            and any(m.dep_ == "mark" and m.text.lower() == "that" for m in c.children)
        ]
        excluded = set()
        for s in split:
            excluded |= {t.i for t in s.subtree}
            runs.append([t for t in s.subtree])
        # A coordinated speech verb of the same speaker ("noted that A, and mentioned B")
        # ends the content: it is the speaker's next act, not part of what was said.
        for c in h.children:
            if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > h.i and (c.lemma_.lower() in SPEECH | CHARACTERISE):
                # "warned that A, calling the defences "outdated"": the speaker's next act.
                excluded |= {t.i for t in c.subtree}
            if (
                c.dep_ == "conj"
                and c.i > h.i
                and (c.lemma_.lower() in SPEECH or c.lemma_.lower() in BORDERLINE)
                and not any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children)
            ):
                excluded |= {t.i for t in c.subtree}
                excluded |= {t.i for t in h.subtree if t.i > c.i}
                excluded |= {g.i for g in c.lefts}
                excluded |= {t.i for t in doc[max(h.i, c.i - 2) : c.i] if t.dep_ == "cc" or t.is_punct}
        toks = [t for t in h.subtree if t.i not in excluded and t.i not in own]
        runs.extend(r for r in _runs(toks) if h in r)
        runs.extend(_that_list(h, toks))
    if heads and any(h.i < tok.i for h in heads):
        # "A, X said, and B": a coordinated clause with its own subject after the cue.
        for c in tok.children:
            if (
                c.dep_ == "conj"
                and c.i > tok.i
                and c.pos_ in {"VERB", "AUX"}
                and c.lemma_.lower() not in SPEECH
                and any(g.dep_ in {"nsubj", "csubj", "nsubjpass"} for g in c.children)
            ):
                runs.append([t for t in c.subtree if t.dep_ != "cc" or t.i != c.i])
    return [r for r in runs if r]


def _that_list(head, content):
    """ "reported that A; that B; and that C": the parser often hangs B and C elsewhere in
    the sentence, so read the list from the text — each ``; that``/``, and that`` after
    the first clause starts a statement of its own, running to the next one."""
    if not content:
        return []
    doc = head.doc
    sent_end = head.sent.end
    i = max(t.i for t in content) + 1
    runs = []
    while i < sent_end:
        j = i
        if j < sent_end and doc[j].text in {";", ","}:
            j += 1
            if j < sent_end and doc[j].text.lower() in {"and", "or", "but"}:
                j += 1
            if j < sent_end and doc[j].text.lower() == "that":
                k = j + 1
                while (
                    k < sent_end
                    and doc[k].text != ";"
                    and not (
                        doc[k].text == ","
                        and k + 2 < sent_end
                        and doc[k + 1].text.lower() == "and"
                        and doc[k + 2].text.lower() == "that"
                    )
                ):
                    k += 1
                run = list(doc[j + 1 : k])
                if len(run) >= 3 and _has_verb(run):
                    runs.append(run)
                i = k
                continue
        break
    return runs


class _Article:
    def __init__(self, body):
        self.body = body
        self.paras = paragraphs(body)
        self.head_end = _headline_end(body, self.paras)
        self.quotes = [q for q in find_quotes(body, self.paras) if q.start >= self.head_end]
        self._quote_at = {}
        for k, q in enumerate(self.quotes):
            for p in range(q.start, q.end):
                self._quote_at[p] = k

    def quote_at(self, pos):
        return self._quote_at.get(pos)


def extract(body: str):
    """Statements of ``body`` in document order (see the module docstring for the rules)."""
    art = _Article(body)
    # Headings (a line without a sentence's closing punctuation) are skipped: they name
    # people without attributing anything and would mislead the resolution.
    paras = [(s, e) for s, e in art.paras if s >= art.head_end and body[e - 1] in ENDINGS]
    docs = list(nlp().pipe(body[s:e] for s, e in paras))
    registry = Registry()
    statements: list[Statement] = []
    consumed: set[int] = set()  # quotes taken by a reported clause
    events = []  # (pos, order, kind, payload): mentions and cues, resolved in order

    for (pstart, _pend), doc in zip(paras, docs, strict=True):

        def in_quote(idx, pstart=pstart):
            return art.quote_at(pstart + idx) is not None

        cues = []
        for tok in doc:
            if not in_quote(tok.idx) and tok.pos_ in {"PROPN", "NOUN"}:
                if tok.dep_ in {"nsubj", "nsubjpass"}:
                    events.append((pstart + tok.idx, 0, "mention", (tok, True)))
                elif tok.pos_ == "PROPN" and tok.dep_ in {"pobj", "dobj", "conj"}:
                    events.append((pstart + tok.idx, 0, "mention", (tok, False)))
            if _is_cue(tok, in_quote):
                if tok.lemma_ == "accord":
                    to = next(c for c in tok.children if c.text.lower() == "to")
                    subj = next((c for c in to.children if c.dep_ == "pobj"), None)
                else:
                    subj = _subject(tok)
                if subj is None or in_quote(subj.idx):
                    continue
                lemma = tok.lemma_.lower()
                cue = _Cue(
                    tok, subj, _cue_word(tok), pstart + subj.idx, borderline=lemma in BORDERLINE and lemma not in SPEECH
                )
                cues.append(cue)
                events.append((pstart + subj.idx, 1, "cue", cue))
        _reported(art, doc, pstart, cues, statements, consumed)
        _quoted(art, doc, pstart, cues, statements, consumed, events)

    # Resolve speakers in document order.
    events.sort(key=lambda e: (e[0], e[1]))
    for pos, _, kind, payload in events:
        if kind == "mention":
            tok, subject = payload
            if tok.text.lower() in {"he", "she", "it", "they"}:
                continue
            mention(tok, registry, pos, subject=subject)
        else:
            payload.resolved = mention(payload.subject, registry, pos, spoke=True)
    _finish(statements)
    return _outermost(sorted(statements, key=lambda s: (s.start, s.end)), body)


def _add(statements, art, start, end, direct, cue, confidence, **flags):
    text = art.body[start:end]
    statements.append(
        Statement(
            start=start,
            end=end,
            quote=text,
            direct=direct,
            speaker=None,
            speaker_kind=None,
            cue=cue.word if cue is not None and not flags.get("context") else None,
            confidence=confidence,
            claim_text=text.strip(),
            partial=flags.get("partial", False),
            mixed=flags.get("mixed", False),
            borderline=cue.borderline if cue is not None else False,
            cue_pos=(flags.get("cue_pos")),
        )
    )
    statements[-1]._cue = cue
    statements[-1]._context_of = flags.get("context_of")
    return statements[-1]


def _reported(art, doc, pstart, cues, statements, consumed):
    for cue in cues:
        cue_pos = pstart + cue.token.idx
        for run in _content_runs(cue):
            if len(run) < 2:
                continue
            span = _trim(run, pstart)
            if span is None:
                continue
            start, end = span
            # Quotes touching the clause: widen to whole quotes, marks included.
            touching = [k for k, q in enumerate(art.quotes) if q.open_mark < end and q.outer_end > start]
            for k in touching:
                q = art.quotes[k]
                start, end = min(start, q.open_mark), max(end, q.outer_end)
            if not touching and sum(1 for t in run if t.is_alpha) < 3:
                continue
            if not touching and not _has_verb(run):
                continue
            quoted = sum(art.quotes[k].outer_end - art.quotes[k].open_mark for k in touching)
            conf = 0.5 if cue.borderline else 0.8
            if touching and quoted * 2 >= end - start:
                whole = (
                    len(touching) == 1
                    and art.quotes[touching[0]].open_mark <= start + 1
                    and art.quotes[touching[0]].outer_end >= end - 1
                )
                for k in touching:
                    q = art.quotes[k]
                    consumed.add(k)
                    _add(statements, art, q.start, q.end, True, cue, conf + 0.1, partial=not whole, cue_pos=cue_pos)
                # "that "…," and the ban followed": a reported remainder after the quote.
                last = max(art.quotes[k].outer_end for k in touching)
                rest = [t for t in run if pstart + t.idx >= last]
                if (len(rest) >= 4 and _has_verb(rest) and rest[0].is_punct) or (
                    rest and rest[0].dep_ == "cc" and len(rest) >= 4 and _has_verb(rest)
                ):
                    sp = _trim(rest, pstart)
                    if sp and sp[1] - sp[0] > 15:
                        _add(statements, art, sp[0], sp[1], False, cue, conf - 0.1, cue_pos=cue_pos)
            else:
                for k in touching:
                    consumed.add(k)
                if not touching or all(art.quotes[k].outer_end <= end for k in touching):
                    _add(statements, art, start, end, False, cue, conf, mixed=bool(touching), cue_pos=cue_pos)


def _boundaries(art, doc, pstart):
    """Token indices that end a sentence outside quotation marks."""
    ends = set()
    for t in doc:
        pos = pstart + t.idx
        if art.quote_at(pos) is not None:
            continue
        if t.text in TERMINAL:
            ends.add(t.i)
        elif t.text in {'"', "\u201d", "\u2019"} and t.i > 0 and doc[t.i - 1].text in TERMINAL:
            nxt = t.i + 1
            if nxt < len(doc) and doc[nxt].text[:1].isupper() and not _is_cue(doc[nxt], lambda i: False):
                # A capitalised word after a quote ending in a stop starts a new sentence
                # unless a short attribution follows ("…." Smith said.).
                follow = doc[nxt : nxt + 4]
                if not any(_is_cue(x, lambda i: False) for x in follow):
                    ends.add(t.i)
    return ends


def _quoted(art, doc, pstart, cues, statements, consumed, events):
    ends = _boundaries(art, doc, pstart)
    by_token = {c.token.i: c for c in cues}
    pend = pstart + len(doc.text)
    last_speaker_quote = None
    for k, q in enumerate(art.quotes):
        if q.start < pstart or q.start >= pend:
            continue
        if k in consumed:
            last_speaker_quote = statements[-1] if statements and statements[-1].direct else last_speaker_quote
            continue
        open_tok = next((t for t in doc if pstart + t.idx >= q.open_mark), None)
        close_tok = next((t for t in doc if pstart + t.idx >= q.end), None) if q.closed else None
        before, after = [], []
        if open_tok is not None:
            i = open_tok.i - 1
            while i >= 0 and i not in ends:
                if art.quote_at(pstart + doc[i].idx) is None:
                    before.append(doc[i])
                i -= 1
            before.reverse()
        if close_tok is not None:
            i = close_tok.i + 1
            while i < len(doc):
                t = doc[i]
                if art.quote_at(pstart + t.idx) is not None or t.text in {'"', "\u201c", "\u2018"}:
                    break
                after.append(t)
                if i in ends:
                    break
                i += 1
        text_inner = art.body[q.start : q.end].strip()
        cue_before = next((by_token[t.i] for t in reversed(before) if t.i in by_token), None)
        cue_after = next((by_token[t.i] for t in after if t.i in by_token), None)
        naming = any(t.lemma_.lower() in NAMING for t in before[-3:])
        if naming:
            continue
        ends_sentence = text_inner[-1:] in TERMINAL
        if ends_sentence and after and after[0].text[:1].isupper() and len(after) > 6:
            cue_after = None
        colon = before and before[-1].text == ":"
        adjacent = before and before[-1].text in {",", ":"}
        cue = None
        if cue_before is not None and adjacent:
            cue = cue_before
        elif cue_after is not None:
            cue = cue_after
        elif cue_before is not None:
            cue = cue_before
        words = len(text_inner.split())
        if cue is not None:
            conf = 0.9 if words > 3 else 0.5
            st = _add(statements, art, q.start, q.end, True, cue, conf, cue_pos=pstart + cue.token.idx)
            last_speaker_quote = st
            continue
        if colon and len(before) >= 2:
            # "Name: "…"": the phrase before the colon speaks.
            head = before[-2]
            while head.head.i != head.i and head.head.i < open_tok.i and head.dep_ in {"compound", "amod", "flat"}:
                head = head.head
            if head.pos_ in {"PROPN", "NOUN"}:
                colon_cue = _Cue(head, head, ":", pstart + head.idx)
                events.append((pstart + head.idx, 1, "cue", colon_cue))  # resolved with the others, in order
                st = _add(statements, art, q.start, q.end, True, colon_cue, 0.7, cue_pos=None)
                last_speaker_quote = st
                continue
        prev = last_speaker_quote or _previous_direct(statements, q, art)
        if prev is not None and words >= 3:
            st = _add(statements, art, q.start, q.end, True, None, 0.7, context=True, context_of=prev)
            last_speaker_quote = st


def _previous_direct(statements, q, art):
    """The direct quote just before ``q`` when no unquoted paragraph lies between them."""
    prior = [s for s in statements if s.direct and s.end <= q.start]
    if not prior:
        return None
    prev = max(prior, key=lambda s: s.end)
    between = art.body[prev.end : q.open_mark]
    if between.count("\n") > 2:
        return None
    return prev


def _finish(statements):
    """Copy resolved speakers onto statements; context quotes take their predecessor's."""
    for s in sorted(statements, key=lambda s: s.start):
        cue = s._cue
        if cue is not None and cue.resolved != (None, None):
            entity, via = cue.resolved
            if entity is not None:
                s.speaker, s.speaker_kind, s.resolved_via = entity.name, entity.kind, via
                s.outlet = is_outlet(entity)
                if via == "pronoun":
                    s.confidence = round(s.confidence - 0.1, 2)
        elif s._context_of is not None:
            p = s._context_of
            s.speaker, s.speaker_kind, s.resolved_via = p.speaker, p.speaker_kind, "context"


def _outermost(statements, body):
    """Only the outermost speaker counts: a statement whose cue lies inside another
    statement's reported span is dropped — unless that other speaker is an outlet passing on
    the words (a channel), then the outlet's statement goes."""
    drop = set()
    for i, inner in enumerate(statements):
        if inner.cue_pos is None:
            continue
        for j, outer in enumerate(statements):
            if i == j or outer.direct:
                continue
            if outer.start <= inner.cue_pos < outer.end:
                if outer.outlet:
                    drop.add(j)
                else:
                    drop.add(i)
    kept, seen = [], set()
    for k, s in enumerate(statements):
        if k in drop or s.speaker is None:
            continue
        key = (s.start, s.end)
        if key in seen:
            continue
        seen.add(key)
        kept.append(s)
    return kept
