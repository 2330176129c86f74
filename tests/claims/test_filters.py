"""One test per filter the contract names, their combinations, ordering, pagination,
search ranking, and every 400 path."""

import datetime

import pytest

from claims.filters import ClaimFilterSet

from ..api import assert_status
from ..factories import (
    AppearanceFactory,
    ArticleFactory,
    ClaimFactory,
    SpeakerFactory,
    published_verdict,
    rating,
)

pytestmark = pytest.mark.django_db

CONTRACT_FILTERS = {
    "speaker",
    "speaker_slug",
    "status",
    "rating",
    "article",
    "publisher",
    "claimed_after",
    "claimed_before",
    "q",
    "ordering",
}


def ids(client, **params):
    response = client.get("/api/claims/", params)
    assert_status(response, 200)
    return [row["id"] for row in response.data["results"]]


def test_every_contract_filter_exists():
    assert set(ClaimFilterSet.base_filters) >= CONTRACT_FILTERS


def test_every_contract_filter_is_in_the_schema(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/claims/"]["get"]["parameters"]}
    assert set(parameters) >= CONTRACT_FILTERS
    assert all(parameters[name].get("description") for name in CONTRACT_FILTERS)


def test_speaker(api_client):
    claim, _ = ClaimFactory(), ClaimFactory()
    assert ids(api_client, speaker=claim.speaker_id) == [claim.pk]


def test_speaker_slug(api_client):
    claim, _ = ClaimFactory(speaker=SpeakerFactory(name="Staffan de Mistura")), ClaimFactory()
    assert ids(api_client, speaker_slug="staffan-de-mistura") == [claim.pk]


def test_status_one_and_several(api_client):
    new = ClaimFactory(status="new")
    in_review = ClaimFactory(status="in_review")
    ClaimFactory(status="dismissed")
    assert ids(api_client, status="new") == [new.pk]
    assert set(ids(api_client, status="new,in_review")) == {new.pk, in_review.pk}


def test_rating_of_current_verdict(api_client):
    false = published_verdict(rating=rating("false")).claim
    published_verdict(rating=rating("true"))
    # an older "true" verdict on the false claim does not count: only the current one
    assert ids(api_client, rating="false") == [false.pk]
    assert ids(api_client, rating="misleading") == []


def test_article(api_client):
    appearance = AppearanceFactory()
    AppearanceFactory()
    ClaimFactory()
    assert ids(api_client, article=appearance.article_id) == [appearance.claim_id]


def test_publisher_counts_each_claim_once(api_client):
    appearance = AppearanceFactory()
    # a second article by the same publisher quoting the same claim
    AppearanceFactory(claim=appearance.claim, article=ArticleFactory(publisher=appearance.article.publisher))
    AppearanceFactory()
    assert ids(api_client, publisher=appearance.article.publisher_id) == [appearance.claim_id]


def test_claimed_after_and_before_are_inclusive(api_client):
    early = ClaimFactory(claimed_at=datetime.date(2018, 9, 1))
    middle = ClaimFactory(claimed_at=datetime.date(2018, 9, 7))
    late = ClaimFactory(claimed_at=datetime.date(2018, 9, 30))
    assert set(ids(api_client, claimed_after="2018-09-07")) == {middle.pk, late.pk}
    assert set(ids(api_client, claimed_before="2018-09-07")) == {early.pk, middle.pk}
    assert ids(api_client, claimed_after="2018-09-07", claimed_before="2018-09-07") == [middle.pk]


def test_q_searches_text_quotes_and_speaker_names(api_client):
    by_text = ClaimFactory(text="Rebels dug tunnels near the border")
    by_quote = AppearanceFactory(quote="joblessness fell by half last year").claim
    by_alias = ClaimFactory(speaker=SpeakerFactory(name="Staffan de Mistura", aliases=["UN envoy"]))
    assert ids(api_client, q="tunnels") == [by_text.pk]
    assert ids(api_client, q="joblessness") == [by_quote.pk]  # only in the quote
    # websearch syntax: every word must match, and "halved" is in no claim.
    assert ids(api_client, q="joblessness halved") == []
    assert ids(api_client, q="Mistura") == [by_alias.pk]
    assert ids(api_client, q="envoy") == [by_alias.pk]


def test_q_ranks_a_better_match_first(api_client):
    weak = AppearanceFactory(
        claim=ClaimFactory(text="A statement about the economy"), quote="unemployment fell by half last year"
    ).claim
    strong = ClaimFactory(text="Unemployment fell: unemployment is the lowest in unemployment history")
    assert ids(api_client, q="unemployment") == [strong.pk, weak.pk]


def test_q_with_explicit_ordering_uses_that_ordering(api_client):
    older = ClaimFactory(text="chemical weapons", claimed_at=datetime.date(2018, 1, 1))
    newer = ClaimFactory(text="chemical weapons attack chemical", claimed_at=datetime.date(2018, 2, 1))
    assert ids(api_client, q="chemical", ordering="claimed_at") == [older.pk, newer.pk]


def test_combination_speaker_status_and_date_range(api_client):
    speaker = SpeakerFactory()
    hit = ClaimFactory(speaker=speaker, status="in_review", claimed_at=datetime.date(2018, 9, 7))
    ClaimFactory(speaker=speaker, status="new", claimed_at=datetime.date(2018, 9, 7))
    ClaimFactory(speaker=speaker, status="in_review", claimed_at=datetime.date(2017, 9, 7))
    ClaimFactory(status="in_review", claimed_at=datetime.date(2018, 9, 7))
    assert ids(
        api_client,
        speaker=speaker.pk,
        status="in_review,dismissed",
        claimed_after="2018-01-01",
        claimed_before="2018-12-31",
    ) == [hit.pk]


@pytest.mark.parametrize("field", ["claimed_at", "created_at", "updated_at"])
def test_ordering(api_client, field):
    claims = [ClaimFactory(claimed_at=datetime.date(2018, 1, day)) for day in (3, 1, 2)]
    claims.sort(key=lambda c: (getattr(c, field), c.pk))
    assert ids(api_client, ordering=field) == [c.pk for c in claims]
    assert ids(api_client, ordering=f"-{field}") == [c.pk for c in reversed(claims)]


def test_default_ordering_is_newest_claim_first(api_client):
    old = ClaimFactory(claimed_at=datetime.date(2018, 1, 1))
    new = ClaimFactory(claimed_at=datetime.date(2018, 6, 1))
    assert ids(api_client) == [new.pk, old.pk]


def test_pagination_walks_every_claim_once(api_client):
    created = {ClaimFactory(claimed_at=datetime.date(2018, 1, 1)).pk for _ in range(7)}
    seen, url, pages = [], "/api/claims/?page_size=3", 0
    while url:
        response = api_client.get(url)
        assert_status(response, 200)
        assert len(response.data["results"]) <= 3
        seen += [row["id"] for row in response.data["results"]]
        url, pages = response.data["next"], pages + 1
    assert pages == 3 and sorted(seen) == sorted(created)


def test_page_size_is_capped_at_500(api_client):
    ClaimFactory()
    assert_status(api_client.get("/api/claims/", {"page_size": 10_000}), 200)
    assert_status(api_client.get("/api/claims/", {"page_size": 0}), 400)
    assert_status(api_client.get("/api/claims/", {"page_size": "ten"}), 400)


def test_page_past_the_end_is_404(api_client):
    ClaimFactory()
    assert_status(api_client.get("/api/claims/", {"page": 5}), 404)
    assert_status(api_client.get("/api/claims/", {"page": "x"}), 404)


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"status": "done"}, "status"),
        ({"status": "new,done"}, "status"),
        ({"rating": "sort-of-true"}, "rating"),
        ({"speaker": "abc"}, "speaker"),
        ({"speaker": "987654"}, "speaker"),
        ({"speaker_slug": "nobody"}, "speaker_slug"),
        ({"article": "x"}, "article"),
        ({"article": "987654"}, "article"),
        ({"publisher": "x"}, "publisher"),
        ({"claimed_after": "2018-13-01"}, "claimed_after"),
        ({"claimed_before": "yesterday"}, "claimed_before"),
        ({"ordering": "text"}, "ordering"),
        ({"speakr": "1"}, "speakr"),
    ],
)
def test_bad_filter_values_are_400_naming_the_parameter(api_client, params, parameter):
    response = api_client.get("/api/claims/", params)
    assert_status(response, 400)
    body = response.json()
    assert parameter in body["fields"], body
    assert body["fields"][parameter][0]


def test_absurd_page_number_is_404_not_500(api_client):
    ClaimFactory()
    assert_status(api_client.get("/api/claims/", {"page": 10**30}), 404)


def test_newest_first_puts_undated_claims_last(api_client):
    undated = ClaimFactory(claimed_at=None)
    old = ClaimFactory(claimed_at=datetime.date(2018, 1, 1))
    new = ClaimFactory(claimed_at=datetime.date(2018, 6, 1))
    assert ids(api_client) == [new.pk, old.pk, undated.pk]
    assert ids(api_client, ordering="-claimed_at") == [new.pk, old.pk, undated.pk]
