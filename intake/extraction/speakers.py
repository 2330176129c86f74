"""Who said it: the speaker phrase under a cue, its canonical name and kind, and the
resolution of pronouns and titles ("he", "the envoy", "the ministry") to the most recent
compatible entity named earlier in the article.

Coreference models cannot be installed here, so this is a small rule system over the
dependency parse: every subject noun phrase outside quotation marks is registered as an
entity in document order; a later full or partial name ("Johnson" after "Boris Johnson")
maps to the same entity, whose name stays the one the article introduced.
"""

import re
from dataclasses import dataclass, field

from .lexicon import DOCUMENT_WORDS, ORG_WORDS, OUTLET_WORDS, PARTICLES, PERSON_NOUNS, PRONOUNS, RELATIVES, TITLES

MALE = {"mr", "mr.", "king", "prince", "sir", "lord", "he", "him", "his", "emir", "sheikh", "congressman"}
FEMALE = {"mrs", "mrs.", "ms", "ms.", "queen", "princess", "dame", "lady", "she", "her", "congresswoman"}
DETERMINERS = {"the", "a", "an", "some", "many", "several", "most", "this", "these", "those", "that"}
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.]{1,}$")


@dataclass
class Entity:
    name: str
    kind: str  # person | organization | group
    last: int  # char offset of the latest mention
    descriptors: set = field(default_factory=set)
    gender: str | None = None
    spoke: bool = False  # has been a speaker already
    last_subject: int = -1  # latest mention as a subject (pronouns look for these)

    @property
    def key_words(self):
        return [w.lower() for w in self.name.split()]


def _is_proper(tok):
    return tok.tag_ in {"NNP", "NNPS"} or (tok.pos_ == "PROPN")


def _title_word(tok):
    return tok.text.lower() in TITLES and tok.text.lower() not in {"of", "the"}


def _name_run(head, person=True):
    """The capitalised run ending at ``head``: "Labour Party leader Jeremy Corbyn" → Jeremy
    Corbyn; "United States President Donald Trump" → Donald Trump (a title word ends a
    person's name); particles stay inside ("Staffan de Mistura"). For organisations the
    run keeps title-like words and an "of" with a bare proper noun ("House of Commons
    Library")."""
    doc = head.doc
    start = head.i
    sub = {t.i for t in head.subtree}
    i = head.i - 1
    while i >= 0 and i in sub:
        t = doc[i]
        if person and (_title_word(t) or t.ent_type_ in {"GPE", "NORP"}):
            break  # "Envoy for Syria Staffan de Mistura": a title or a country ends the name
        if _is_proper(t) or (t.text.lower() in PARTICLES and i - 1 in sub and _is_proper(doc[i - 1])):
            start = i
            i -= 1
            continue
        if (t.text in {"-", "'"} or t.tag_ == "HYPH") and i - 1 in sub and _is_proper(doc[i - 1]):
            i -= 1
            continue
        break
    end = head.i
    j = head.i + 1
    while j < len(doc) and j in sub:
        t = doc[j]
        if _is_proper(t) and not (person and t.dep_ == "appos"):
            end = j
            j += 1
        elif _joins_name(t, doc, j, sub, person):
            j += 1
        else:
            break
    return doc[start : end + 1]


def _joins_name(t, doc, j, sub, person):
    """A word inside a name when a proper noun follows it: a particle, a hyphen, and for a
    body an "of" ("House of Commons Library")."""
    if j + 1 >= len(doc) or not _is_proper(doc[j + 1]):
        return False
    if t.text.lower() in PARTICLES or t.text == "-" or t.tag_ == "HYPH":
        return True
    return not person and t.text == "of" and doc[j + 1].i in sub


def span_text(span):
    """The words of a span as written (keeps "el-Sisi" unspaced)."""
    return span.doc.text[span.start_char : span.end_char]


def _phrase(head):
    """The noun phrase of ``head`` without relative clauses, appositions, trailing
    participles and edge punctuation: "Critics from across Britain's political spectrum"."""
    doc = head.doc
    drop = set()
    for child in head.children:
        if child.dep_ in {"relcl", "acl", "appos", "advcl", "conj", "cc"} or (
            child.dep_ == "punct" and child.i > head.i
        ):
            drop |= {t.i for t in child.subtree}
    toks = [t for t in head.subtree if t.i not in drop]
    # Keep a contiguous stretch around the head.
    idx = [t.i for t in toks]
    lo, hi = head.i, head.i
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    span = doc[lo : hi + 1]
    words = list(span)
    while words and (words[0].text.lower() in DETERMINERS or words[0].is_punct):
        words = words[1:]
    while words and (words[-1].is_punct or words[-1].dep_ == "case"):
        words = words[:-1]
    if not words:
        return doc[head.i : head.i + 1]
    return doc[words[0].i : words[-1].i + 1]


def _ner_label(run):
    for t in run:
        if t.ent_type_:
            return t.ent_type_
    return ""


def guess_kind(words, head, context_words=()):
    """person, organization or group for a name or description."""
    low = [w.lower() for w in words]
    if head.text.lower() in PRONOUNS:
        return PRONOUNS[head.text.lower()]
    if not _is_proper(head):
        # A description: its head noun decides ("Agency scientists" are a group).
        lemma = head.lemma_.lower()
        if lemma in ORG_WORDS or head.text.lower() in ORG_WORDS:
            return "organization"
        if lemma in PERSON_NOUNS and head.tag_ == "NN":
            return "person"
        if head.tag_ in {"NNS", "NNPS"}:
            return "group"
        return "organization"
    if any(w in ORG_WORDS for w in low) or any(w in OUTLET_WORDS for w in low):
        return "organization"
    if any(w in TITLES or w in PERSON_NOUNS for w in context_words):
        return "person"
    label = _ner_label([head])
    if label == "PERSON":
        return "person"
    if head.tag_ == "NNPS":
        return "organization"  # "Representatives", "Nations": a plural name is a body
    if len(words) == 1 and ACRONYM.match(words[0]):
        return "organization"
    if label in {"ORG", "GPE", "NORP", "FAC"}:
        return "organization"
    return "person"


def is_outlet(entity):
    return entity is not None and entity.kind == "organization" and any(w in OUTLET_WORDS for w in entity.key_words)


class Registry:
    """Entities named so far, in document order."""

    def __init__(self):
        self.entities: list[Entity] = []

    # -- registering -------------------------------------------------------------------
    def _find_same(self, name, kind):
        low = name.lower()
        words = low.split()
        for e in reversed(self.entities):
            if e.name.lower() == low:
                return e
            # A person named again, even when this mention looks like a body ("De Mistura").
            if e.kind == "person" and words:
                ew = e.key_words
                # "Johnson" after "Boris Johnson"; "Boris Johnson" after "Johnson".
                if ew[-len(words) :] == words or words[-len(ew) :] == ew:
                    return e
        return None

    def add(self, name, kind, pos, descriptors=(), gender=None, spoke=False, subject=True):
        name = name.strip()
        if not name:
            return None
        e = self._find_same(name, kind)
        if e is None:
            e = Entity(name, kind, pos, set(descriptors), gender, spoke, pos if subject else -1)
            self.entities.append(e)
        else:
            if kind == "person" and len(name.split()) > len(e.name.split()) and name.lower().endswith(e.name.lower()):
                e.name = name  # a fuller form of a name first given short
            e.last = max(e.last, pos)
            e.descriptors |= set(descriptors)
            e.gender = e.gender or gender
            e.spoke = e.spoke or spoke
            if subject:
                e.last_subject = max(e.last_subject, pos)
        return e

    # -- resolving ---------------------------------------------------------------------
    def pronoun(self, word, pos):
        """The most recent compatible entity seen as a subject before ``pos``: for he/she a
        person, for they a group (then a body
        that is not an outlet), for it an organisation."""
        word = word.lower()
        before = [e for e in self.entities if 0 <= e.last_subject < pos]
        before.sort(key=lambda e: -e.last_subject)
        if word in {"he", "him", "she", "her", "i"}:
            gender = "m" if word in {"he", "him"} else "f" if word in {"she", "her"} else None
            people = [e for e in before if e.kind == "person" and not (gender and e.gender and e.gender != gender)]
            pick = people[0] if people else None
            if pick is not None and gender and pick.gender is None:
                pick.gender = gender
            return pick
        if word in {"they", "them", "we"}:
            groups = [e for e in before if e.kind == "group"]
            bodies = [e for e in before if e.kind == "organization" and not is_outlet(e)]
            candidates = sorted(groups[:1] + bodies[:1], key=lambda e: -e.last_subject)
            return candidates[0] if candidates else None
        if word == "it":
            return next((e for e in before if e.kind == "organization"), None)
        return None

    def title(self, lemma, pos, kind=None):
        """ "the envoy", "the ministry", "police": the latest entity described or named so."""
        lemma = lemma.lower()
        for e in sorted(self.entities, key=lambda e: -e.last):
            if e.last > pos:
                continue
            if kind == "group" and e.kind == "person":
                continue
            if lemma in e.descriptors or lemma in e.key_words:
                return e
        return None

    def author(self, lemma, pos):
        """ "the study", "the report": its authors, the latest collective that spoke of it or
        that describes itself by research words."""
        for e in sorted(self.entities, key=lambda e: -e.last):
            if (
                e.last < pos
                and e.kind in {"group", "organization"}
                and (lemma in e.descriptors or e.descriptors & {"researcher", "scientist", "author", "team", "expert"})
            ):
                return e
        return None


def _person_run(head):
    """A person's name inside the phrase of ``head`` when ``head`` itself is a title or a
    description: an apposition ("The Senate Minority Leader, Chuck Schumer"), a name after
    the title ("US Ambassador to Germany Richard Grenell"), the model's PERSON words as a hint."""
    for child in head.children:
        if child.dep_ == "appos" and _is_proper(child):
            run = _name_run(child)
            if len(run):
                return run
    sub = sorted(head.subtree, key=lambda t: t.i)
    # Only after the head: in "Johnson's critics" the name is not the speaker.
    people = [t for t in sub if t.ent_type_ == "PERSON" and _is_proper(t) and t.i > head.i]
    if people:
        last = people[-1]
        run = _name_run(last)
        # Keep to the stretch the model marked as the person.
        words = [t for t in run if t.ent_type_ == "PERSON" or t.text.lower() in PARTICLES or t.tag_ == "HYPH"]
        if words:
            return head.doc[words[0].i : words[-1].i + 1]
    if _title_word(head):
        # "Special Envoy for Syria Staffan de Mistura": the last name after the title.
        after = [
            t
            for t in sub
            if t.i > head.i
            and _is_proper(t)
            and not _title_word(t)
            # "a spokesperson for the teachers union": a body, not a name
            and t.text.lower() not in ORG_WORDS
            and not any(c.dep_ == "det" for c in t.children)
        ]
        if after:
            run = _name_run(after[-1])
            # "for Syria Staffan de Mistura": the title's object ends before the name.
            if len(run) >= 3 and run.start > 0 and head.doc[run.start - 1].pos_ == "ADP":
                run = run[1:]
            if len(run):
                return run
    return None


def _descriptors(head):
    """Lower-case nouns and title words describing the entity: "envoy", "president"."""
    out = set()
    for t in head.subtree:
        if t.dep_ in {"relcl", "acl"}:
            break
        low = t.text.lower()
        if (t.pos_ == "NOUN" and not _is_proper(t)) or low in TITLES or low in PERSON_NOUNS:
            out.add(t.lemma_.lower())
            out.add(low)
    out -= {"of", "the"}
    return out


def mention(head, registry, pos, spoke=False, subject=True):
    """Register and return the entity that the noun ``head`` names or describes, resolving
    pronouns, relative pronouns and titles. Returns (entity or None, resolved_via)."""
    low = head.text.lower()
    if low in RELATIVES:
        # "who told the press": the relative clause's antecedent.
        antecedent = head.head.head if head.head.dep_ == "relcl" else None
        if antecedent is not None and antecedent.i != head.i:
            e, _ = mention(antecedent, registry, pos, spoke)
            return e, "pronoun"
        return None, "pronoun"
    if low in PRONOUNS:
        e = registry.pronoun(low, pos)
        if e is not None:
            e.last = e.last_subject = pos
            e.spoke = e.spoke or spoke
        return e, "pronoun"
    # A document or channel stands for its author: "a tweet by Mike Pompeo", "a NATO release".
    if head.lemma_.lower() in DOCUMENT_WORDS and not _is_proper(head):
        # "a tweet by X", "a report from X", "figures published by X".
        carriers = [c for c in head.children if c.dep_ in {"prep", "agent"}]
        carriers += [g for c in head.children if c.dep_ == "acl" for g in c.children if g.dep_ in {"agent", "prep"}]
        for child in carriers:
            if child.text.lower() in {"by", "from", "of"}:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return mention(pobj, registry, pos, spoke)
        for child in head.children:
            if child.dep_ in {"compound", "poss", "nmod"} and _is_proper(child):
                return mention(child, registry, pos, spoke)
        e = registry.author(head.lemma_, pos)
        if e is not None:
            e.last = pos
            return e, "title"
        name = f"the {head.lemma_.lower()}'s authors"
        return registry.add(name, "group", pos, {head.lemma_.lower()}, spoke=spoke), "title"
    descriptors = _descriptors(head)
    if (
        _is_proper(head)
        and _title_word(head)
        and len(_phrase(head)) == 1
        and not any(c.dep_ == "appos" for c in head.children)
    ):
        e = registry.title(head.lemma_, pos)  # "The President", "the Commissioner"
        if e is not None:
            e.last = pos
            if subject:
                e.last_subject = pos
            e.spoke = e.spoke or spoke
            return e, "title"
    person = None
    if not _is_proper(head) or _title_word(head):
        person = _person_run(head)  # a title or description with a name in it
    elif head.ent_type_ != "PERSON":
        # "Export-Import Bank president Okey Oramah": the name is apposed.
        named = [c for c in head.children if c.dep_ == "appos" and _is_proper(c) and c.ent_type_ == "PERSON"]
        if named:
            person = _name_run(named[0])
    if person is not None:
        name = span_text(person)
        titles = descriptors
        gender = "m" if titles & MALE else "f" if titles & FEMALE else None
        e = registry.add(name, "person", pos, titles, gender, spoke, subject)
        return e, "name"
    if _is_proper(head):
        org_run = _name_run(head, person=False)
        phrase = _phrase(head)
        context = [t.text.lower() for t in phrase if t.i < org_run.start] + sorted(descriptors)
        kind = guess_kind([t.text for t in org_run], head, context)
        if kind == "person":
            run = _name_run(head, person=True)
            if not len(run):
                run = org_run
            name = span_text(run)
            gender = "m" if descriptors & MALE else "f" if descriptors & FEMALE else None
            return registry.add(name, kind, pos, descriptors, gender, spoke, subject), "name"
        name = (
            span_text(phrase)
            if phrase.start < org_run.start
            and not any(t.text.lower() in DETERMINERS or t.dep_ == "case" for t in phrase)
            else span_text(org_run)
        )
        if name.lower().startswith("the "):
            name = name[4:]
        desc = descriptors | {t.text.lower() for t in org_run if t.text.lower() in ORG_WORDS}
        return registry.add(name, kind, pos, desc, spoke=spoke, subject=subject), "name"
    # A common noun: a title for someone named earlier, a group, or an unnamed individual.
    phrase = _phrase(head)
    words = [t.text for t in phrase]
    kind = guess_kind(words, head)
    has_proper = any(_is_proper(t) for t in phrase if t.i != head.i)
    definite = any(t.text.lower() in {"the", "this", "that"} for t in head.lefts) or not any(
        t.dep_ in {"det", "poss"} for t in head.lefts
    )
    if definite and not has_proper:
        e = registry.title(head.lemma_, pos, kind)
        if e is not None:
            e.last = pos
            if subject:
                e.last_subject = pos
            e.spoke = e.spoke or spoke
            return e, "title" if kind != "group" else "group"
    if not spoke and not (
        kind == "group" and definite and (head.lemma_.lower() in PERSON_NOUNS or head.lemma_.lower() in ORG_WORDS)
    ):
        return None, None  # an unnamed description that never speaks is not worth keeping
    via = "group" if kind == "group" else "description"
    e = registry.add(span_text(phrase), kind, pos, {head.lemma_.lower()} | descriptors, spoke=spoke, subject=subject)
    return e, via
