import datetime

import pytest

from claims.models import Evidence
from tests.factories import (
    AppearanceFactory,
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    SpeakerFactory,
    VerdictFactory,
    published_verdict,
    rating,
)


@pytest.fixture
def fact_check(db):
    """A published fact-check with two appearances and evidence of every stance."""
    speaker = SpeakerFactory(
        name="Maria Minister", role="Minister of Labour", affiliation="Government", aliases=["The Minister"]
    )
    claim = ClaimFactory(
        text="Unemployment fell by half last year",
        speaker=speaker,
        claimed_at=datetime.date(2024, 3, 5),
        context="Budget speech",
        language="en",
    )
    article = ArticleFactory(
        title="Minister hails jobs figures",
        body="In her speech the minister said that unemployment fell by half last year. Critics disagreed.",
    )
    AppearanceFactory(claim=claim, article=article, quote="unemployment fell by half last year")
    verdict = VerdictFactory(
        claim=claim,
        rating=rating("mostly-false"),
        summary="It fell by a fifth, not by half.",
        analysis="The statistics office reports a fall from 10% to 8%.",
        reviewer="Ada Checker",
    )
    EvidenceFactory(verdict=verdict, title="Labour force survey", stance=Evidence.Stance.REFUTES)
    EvidenceFactory(verdict=verdict, title="Ministry press release", stance=Evidence.Stance.SUPPORTS)
    EvidenceFactory(verdict=verdict, title="How unemployment is measured", stance=Evidence.Stance.CONTEXT)
    from claims import services

    services.verdict_publish(verdict=verdict)
    verdict.refresh_from_db()
    return verdict


def many_fact_checks(n: int, **claim_kwargs):
    """``n`` published fact-checks, each quoted in an article, with one piece of evidence."""
    verdicts = []
    for i in range(n):
        verdict = published_verdict(
            claim__claimed_at=datetime.date(2020, 1, 1) + datetime.timedelta(days=i),
            **{f"claim__{key}": value for key, value in claim_kwargs.items()},
        )
        AppearanceFactory(claim=verdict.claim)
        EvidenceFactory(verdict=verdict)
        verdicts.append(verdict)
    return verdicts
