"""The readable part of a fact-check page's URL (issue 17). Plain Python on the claim's text,
so the benchmark can build page URLs without loading Django's models."""

from django.utils.text import slugify


def claim_slug(text: str, max_length: int = 60) -> str:
    """The claim's first words, cut at a word. Not stored: the id names the page, so the slug
    may change with the text (old links redirect to the new one)."""
    slug = slugify(text)
    if len(slug) > max_length:
        slug = slug[: max_length + 1].rsplit("-", 1)[0]
    return slug.strip("-") or "claim"
