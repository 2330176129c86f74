"""Integrity under concurrency (issue 12): real HTTP requests from several threads against
the live server (its own thread and database connection per request), for a bounded
number of rounds, then the invariants checked in SQL:

- no claim's current verdict is a draft;
- every claim's current verdict is its most recently published verdict (or none), and its
  stored rating is that verdict's;
- a claim is ``checked`` only with a current published verdict, and never ``new`` or
  ``dismissed`` with one;
- no response was a 5xx.
"""

import threading
from collections import Counter

import pytest
import requests
from django.db import connection
from rest_framework.authtoken.models import Token

from articles.models import Article, Publisher
from claims import services
from claims.models import Claim, Rating, Speaker, Verdict

from .factories import ClaimFactory, EditorFactory, PublisherFactory, VerdictFactory, published_verdict

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 6
TIMEOUT = 30  # seconds per request: a stuck request fails the test instead of hanging it

INVARIANT_VIOLATIONS = {
    "current verdict is a draft": """
        SELECT c.id FROM claims_claim c JOIN claims_verdict v ON v.id = c.current_verdict_id
        WHERE v.published_at IS NULL""",
    "current verdict is not the most recently published": """
        SELECT c.id FROM claims_claim c
        WHERE c.current_verdict_id IS DISTINCT FROM (
            SELECT v.id FROM claims_verdict v
            WHERE v.claim_id = c.id AND v.published_at IS NOT NULL
            ORDER BY v.published_at DESC, v.id DESC LIMIT 1)""",
    "stored rating is not the current verdict's": """
        SELECT c.id FROM claims_claim c LEFT JOIN claims_verdict v ON v.id = c.current_verdict_id
        WHERE c.current_rating_id IS DISTINCT FROM v.rating_id""",
    "checked without a current published verdict": """
        SELECT c.id FROM claims_claim c WHERE c.status = 'checked' AND c.current_verdict_id IS NULL""",
    "new or dismissed with a current published verdict": """
        SELECT c.id FROM claims_claim c
        WHERE c.status IN ('new', 'dismissed') AND c.current_verdict_id IS NOT NULL""",
}


def invariant_violations() -> dict[str, list[int]]:
    found = {}
    with connection.cursor() as cursor:
        for name, sql in INVARIANT_VIOLATIONS.items():
            cursor.execute(sql)
            ids = [row[0] for row in cursor.fetchall()]
            if ids:
                found[name] = ids
    return found


class Editor:
    """An editor's HTTP session against the live server (token authentication)."""

    def __init__(self, base_url: str, name: str):
        user = EditorFactory(username=name, is_staff=False)  # an Editors member, not staff
        self.base_url = base_url
        self.headers = {"Authorization": f"Token {Token.objects.create(user=user).key}"}

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return requests.request(method, self.base_url + path, headers=headers, timeout=TIMEOUT, **kwargs)


def race(*calls) -> list:
    """Run the calls at the same moment, each in its own thread; their results in order."""
    start = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            start.wait(timeout=TIMEOUT)
            results[index] = call()
        except Exception as error:  # reported below, not swallowed
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT * 2)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    errors = [result for result in results if isinstance(result, Exception)]
    assert not errors, errors
    return results


def assert_no_5xx(responses):
    bad = [(r.request.method, r.request.url, r.status_code, r.text[:300]) for r in responses if r.status_code >= 500]
    assert not bad, bad


@pytest.fixture
def editors(live_server):
    return [Editor(live_server.url, f"editor{i}") for i in range(4)]


# --- finding 1: a PATCH racing publish/withdraw cannot rewrite derived state -----------------


def test_verdict_patch_racing_publish_leaves_the_claim_consistent(editors):
    responses = []
    for n in range(ROUNDS):
        draft = VerdictFactory()
        responses += race(
            lambda d=draft, n=n: editors[0].request("PATCH", f"/api/verdicts/{d.pk}/", json={"summary": f"edit {n}"}),
            lambda d=draft: editors[1].request("POST", f"/api/verdicts/{d.pk}/publish/"),
        )
        verdict = Verdict.objects.get(pk=draft.pk)
        assert verdict.published_at is not None and verdict.summary == f"edit {n}"
        assert Claim.objects.get(pk=draft.claim_id).current_verdict_id == draft.pk
    assert_no_5xx(responses)
    assert Counter(r.status_code for r in responses) == {200: 2 * ROUNDS}
    assert invariant_violations() == {}


def test_claim_patch_racing_withdraw_does_not_keep_the_withdrawn_verdict_current(editors):
    responses = []
    for n in range(ROUNDS):
        verdict = published_verdict()
        responses += race(
            lambda v=verdict, n=n: editors[0].request("PATCH", f"/api/claims/{v.claim_id}/", json={"context": f"c{n}"}),
            lambda v=verdict: editors[1].request("POST", f"/api/verdicts/{v.pk}/withdraw/"),
        )
        claim = Claim.objects.get(pk=verdict.claim_id)
        assert (claim.current_verdict_id, claim.status, claim.context) == (None, Claim.Status.IN_REVIEW, f"c{n}")
    assert_no_5xx(responses)
    assert Counter(r.status_code for r in responses) == {200: 2 * ROUNDS}
    assert invariant_violations() == {}
    # and anonymous readers see no draft anywhere
    anonymous = requests.get(editors[0].base_url + "/api/claims/?page_size=100", timeout=TIMEOUT).json()
    assert all(row["verdict"] is None for row in anonymous["results"])


def test_claim_patch_racing_publish_keeps_the_published_verdict_current(editors):
    responses = []
    for _ in range(ROUNDS):
        draft = VerdictFactory()
        responses += race(
            lambda d=draft: editors[0].request("PATCH", f"/api/claims/{d.claim_id}/", json={"status": "in_review"}),
            lambda d=draft: editors[1].request("POST", f"/api/verdicts/{d.pk}/publish/"),
        )
        claim = Claim.objects.get(pk=draft.claim_id)
        # Either order is fine; both end with the published verdict current.
        assert claim.current_verdict_id == draft.pk
        assert claim.status in (Claim.Status.CHECKED, Claim.Status.IN_REVIEW)
    assert_no_5xx(responses)
    assert invariant_violations() == {}


# --- finding 2: publish/withdraw/PATCH/DELETE on one claim: no deadlock 500s --------------------


def test_four_editors_publishing_withdrawing_editing_and_deleting_one_claim(editors):
    responses = []
    for n in range(ROUNDS):
        claim = ClaimFactory()
        first, second = VerdictFactory(claim=claim), VerdictFactory(claim=claim)
        services.verdict_publish(verdict=first)
        etag = editors[3].request("GET", f"/api/claims/{claim.pk}/").headers["ETag"]
        delete_claim = ("DELETE", f"/api/claims/{claim.pk}/", {"headers": {"If-Match": etag}})
        delete_verdict = ("DELETE", f"/api/verdicts/{first.pk}/", {})
        calls = [
            (editors[0], ("POST", f"/api/verdicts/{second.pk}/publish/", {})),
            (editors[1], ("POST", f"/api/verdicts/{first.pk}/withdraw/", {})),
            (editors[2], ("PATCH", f"/api/verdicts/{first.pk}/", {"json": {"rating": "true"}})),
            (editors[2], ("PATCH", f"/api/verdicts/{second.pk}/", {"json": {"summary": f"s{n}"}})),
            (editors[3], delete_claim if n % 2 else delete_verdict),
        ]
        responses += race(*[lambda e=editor, c=call: e.request(c[0], c[1], **c[2]) for editor, call in calls])
        assert invariant_violations() == {}
    assert_no_5xx(responses)
    # What may happen: success, a conflict or stale version told, or the row gone.
    assert set(r.status_code for r in responses) <= {200, 204, 404, 409, 412}


def test_claim_delete_with_if_match_racing_publish(editors):
    responses = []
    for _ in range(ROUNDS):
        draft = VerdictFactory()
        etag = editors[0].request("GET", f"/api/claims/{draft.claim_id}/").headers["ETag"]
        responses += race(
            lambda d=draft, etag=etag: editors[0].request(
                "DELETE", f"/api/claims/{d.claim_id}/", headers={"If-Match": etag}
            ),
            lambda d=draft: editors[1].request("POST", f"/api/verdicts/{d.pk}/publish/"),
        )
        delete, publish = responses[-2:]
        # publish first: the delete's version is stale (412); delete first: publish finds nothing (404)
        assert sorted((delete.status_code, publish.status_code)) in ([200, 412], [204, 404]), (
            delete.status_code,
            publish.status_code,
        )
    assert_no_5xx(responses)
    assert invariant_violations() == {}


# --- finding 4: concurrent creates of unique things are 201 or 400, never 500 -------------------


def test_sixteen_speakers_of_one_name_all_get_a_slug_of_their_own(editors):
    responses = race(
        *[lambda i=i: editors[i % 4].request("POST", "/api/speakers/", json={"name": "Dup Speaker"}) for i in range(16)]
    )
    assert_no_5xx(responses)
    assert [r.status_code for r in responses] == [201] * 16, [r.text for r in responses if r.status_code != 201]
    slugs = sorted(Speaker.objects.filter(name="Dup Speaker").values_list("slug", flat=True))
    assert len(set(slugs)) == 16 and "dup-speaker" in slugs


def test_publishers_whose_names_slugify_alike_get_their_own_slugs(editors):
    names = [f"Dup Publisher{'!' * i}" for i in range(8)]
    responses = race(*[lambda n=n: editors[0].request("POST", "/api/publishers/", json={"name": n}) for n in names])
    assert_no_5xx(responses)
    assert [r.status_code for r in responses] == [201] * 8
    assert Publisher.objects.filter(name__startswith="Dup Publisher").values("slug").distinct().count() == 8


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("/api/publishers/", lambda: {"name": "Same Name"}, "name"),
        ("/api/ratings/", lambda: {"slug": "same-slug", "label": "Same"}, "slug"),
        (
            "/api/articles/",
            lambda: {"url": "https://same.example/a", "title": "T", "publisher_id": PublisherFactory().pk},
            "url",
        ),
    ],
)
def test_the_same_unique_value_at_once_is_one_201_and_400s_naming_the_field_and_the_record(
    editors, path, payload, field
):
    bodies = [payload() for _ in range(8)]
    responses = race(*[lambda b=b: editors[0].request("POST", path, json=b) for b in bodies])
    assert_no_5xx(responses)
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 400: 7}, statuses
    winner = next(r.json()["id"] for r in responses if r.status_code == 201)
    for response in responses:
        if response.status_code == 400:
            message = " ".join(response.json()["fields"][field])
            assert "already exists" in message and f"id {winner}" in message, message
    model = {"/api/publishers/": Publisher, "/api/ratings/": Rating, "/api/articles/": Article}[path]
    assert model.objects.filter(**{field: bodies[0][field]}).count() == 1


# --- finding 5: concurrent imports of one ClaimReview create it once -----------------------------

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example/reviews/unemployment-halved",
    "datePublished": "2024-03-01",
    "claimReviewed": "Unemployment fell by half last year",
    "author": {"@type": "Organization", "name": "Example Fact Check", "url": "https://factcheck.example/"},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Race Minister"},
        "appearance": [{"@type": "CreativeWork", "url": "https://news.example/race-article"}],
    },
    "reviewRating": {"@type": "Rating", "alternateName": "False"},
}


def test_twelve_simultaneous_imports_of_one_review_create_it_once(editors):
    responses = race(
        *[lambda i=i: editors[i % 4].request("POST", "/api/claimreview/import/", json=REVIEW) for i in range(12)]
    )
    assert_no_5xx(responses)
    reports = [r.json() for r in responses]
    assert [r.status_code for r in responses] == [200] * 12, reports
    assert sorted((report["created"], report["skipped"]) for report in reports) == [(0, 1)] * 11 + [(1, 0)]
    assert Verdict.objects.filter(url=REVIEW["url"]).count() == 1
    assert Claim.objects.filter(text=REVIEW["claimReviewed"]).count() == 1
    assert Speaker.objects.filter(name="Race Minister").count() == 1
    assert Publisher.objects.filter(domain="factcheck.example").count() == 1
    assert Article.objects.filter(url="https://news.example/race-article").count() == 1
    assert invariant_violations() == {}


def test_overlapping_bulk_imports_at_once_share_what_they_name(editors):
    """Four imports at once of two 150-review documents that name the same claimants, claims
    and articles (the second is another fact-checker's copy, review URLs of its own): each
    speaker, claim and article exists once, each claim gets one verdict per document, and
    an API speaker create racing them with a name that slugifies like one they create gets a
    slug of its own (the import takes the same slug locks)."""
    import copy

    from bench.claimreview_document import claimreview_document

    first = claimreview_document(150, seed=12)
    second = copy.deepcopy(first)
    for review in second["dataFeedElement"]:
        review["url"] = review["url"].replace("https://", "https://copy.", 1)
    name = first["dataFeedElement"][0]["itemReviewed"]["author"]["name"]
    documents = [first, second, first, second]
    responses = race(
        *[lambda i=i: editors[i].request("POST", "/api/claimreview/import/", json=documents[i]) for i in range(4)],
        lambda: editors[0].request("POST", "/api/speakers/", json={"name": f"{name}!"}),
    )
    assert_no_5xx(responses)
    *imports, speaker = responses
    assert [r.status_code for r in imports] == [200] * 4, [r.text[:300] for r in imports]
    reports = [r.json() for r in imports]
    reviews = len(first["dataFeedElement"])
    assert sorted(report["created"] for report in reports) == [0, 0, reviews, reviews]
    assert [report["errors"] for report in reports] == [[]] * 4
    assert speaker.status_code == 201, speaker.text
    texts = {review["claimReviewed"] for review in first["dataFeedElement"]}
    claims = Claim.objects.filter(text__in=texts)
    assert claims.count() == len(
        {(r["itemReviewed"]["author"]["name"].casefold(), r["claimReviewed"]) for r in first["dataFeedElement"]}
    )
    assert Verdict.objects.filter(claim__in=claims).count() == 2 * reviews
    urls = {
        a if isinstance(a, str) else a["url"] for r in first["dataFeedElement"] for a in r["itemReviewed"]["appearance"]
    }
    assert Article.objects.filter(url__in=urls).count() == len(urls)
    names = Speaker.objects.values_list("name", flat=True)
    assert Speaker.objects.filter(name=name).count() == 1
    assert Speaker.objects.filter(name=f"{name}!").count() == 1
    assert len(set(Speaker.objects.values_list("slug", flat=True))) == len(names)
    assert invariant_violations() == {}


def test_the_database_refuses_a_second_copy_of_an_imported_review():
    from django.db import IntegrityError, transaction

    verdict = published_verdict(url="https://factcheck.example/r/1", publisher=PublisherFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(
            claim=verdict.claim, rating=verdict.rating, summary="copy", url=verdict.url, publisher=verdict.publisher
        )
    # this desk's own verdicts (no publisher) may share a URL: a re-review at the same address
    VerdictFactory(claim=verdict.claim, url="https://desk.example/check/1")
    VerdictFactory(claim=verdict.claim, url="https://desk.example/check/1")
