import pytest

from matching import vectors


@pytest.fixture
def needs_pgvector(db):
    if not vectors.available():
        pytest.skip("needs pgvector (the embedded PostgreSQL 16 has it: make test without DATABASE_URL)")


@pytest.fixture
def checked_claim(db, django_capture_on_commit_callbacks):
    """make(text, rating=..., summary=..., publisher=...) -> a claim with a published verdict,
    embedded as the post-commit hook would."""
    from tests.factories import ClaimFactory, published_verdict, rating

    def make(text, *, rating_slug="false", summary="", **verdict):
        with django_capture_on_commit_callbacks(execute=True):
            claim = ClaimFactory(text=text)
            published_verdict(claim=claim, rating=rating(rating_slug), summary=summary or "Checked.", **verdict)
        claim.refresh_from_db()
        return claim

    return make
