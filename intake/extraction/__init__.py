"""Claim extraction: every direct quote and reported claim in an article body, with who
said it (``../shared/extraction/GUIDELINES.md`` defines statements and spans).

Pure Python on top of spaCy's dependency parse; no database. ``extract(body)`` returns
:class:`Statement` objects whose ``start``/``end`` index the body exactly as stored.
"""

from .extractor import Statement, extract

__all__ = ["Statement", "extract"]
