import pytest

from claims import services
from claims.models import Claim

from ..factories import ArticleFactory, SpeakerFactory, VerdictFactory


@pytest.mark.django_db
def test_claim_create_then_publish_makes_it_checked_and_searchable():
    article = ArticleFactory()
    claim = services.claim_create(
        text="Unemployment fell by half",
        speaker=SpeakerFactory(name="Jane Minister"),
        article=article,
        quote="unemployment fell by half last year",
    )
    appearance = claim.appearances.get()
    assert article.body[appearance.start : appearance.end] == appearance.quote
    assert Claim.objects.search("minister").get() == claim
    verdict = VerdictFactory(claim=claim)
    services.verdict_publish(verdict=verdict)
    claim.refresh_from_db()
    assert claim.status == "checked" and claim.current_verdict == verdict
