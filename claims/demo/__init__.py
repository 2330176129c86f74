"""Demonstration data shipped with the project, so a fresh checkout shows a real article
with its claims, quotes and verdicts (``manage.py load_demo``, run by ``make run``).

The article text lives next to this module as a file and is read byte for byte: quote
offsets point into it, so it must never be re-typed, re-wrapped or "tidied".
"""

from importlib import resources


def read_text(name: str) -> str:
    """A shipped text file exactly as stored (no newline translation, unlike ``read_text()``)."""
    return (resources.files(__name__) / name).read_bytes().decode("utf-8")
