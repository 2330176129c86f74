"""schema.org ClaimReview, both ways (issue 5): the export checked by a real JSON-LD processor
and against Google's ClaimReview requirements, the import of both input shapes from the
fixture files in tests/fixtures/claimreview/, and the round trip."""

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from pyld import jsonld
from pyld.documentloader.frozen import FrozenDocumentLoader

from articles.models import Article, Publisher
from claims import services
from claims.claimreview.parsing import parse
from claims.claimreview.services import claimreview_import
from claims.models import Appearance, Claim, Rating, RatingLabel, Speaker, Verdict

from ..api import assert_status
from ..factories import (
    AppearanceFactory,
    ArticleFactory,
    ClaimFactory,
    PublisherFactory,
    SpeakerFactory,
    UserFactory,
    VerdictFactory,
    published_verdict,
    rating,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "claimreview"
SCHEMA = "https://schema.org/"
UTC = datetime.UTC


def fixture_path(name: str) -> str:
    return str(FIXTURES / name)


def load_fixture(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def import_document(document):
    """What the API and the command do with one document: parse, then import."""
    return claimreview_import(parsed=parse(document))


def make_checked_claim(speaker_name="Amira Haddad", **verdict_kwargs) -> Claim:
    """A claim by a person with a role, quoted in two articles, with a published verdict."""
    speaker = SpeakerFactory(name=speaker_name, role="Minister of Information")
    claim = ClaimFactory(speaker=speaker, claimed_at=datetime.date(2018, 9, 7))
    AppearanceFactory(claim=claim, article=ArticleFactory(published_at=datetime.datetime(2018, 9, 8, tzinfo=UTC)))
    AppearanceFactory(claim=claim, article=ArticleFactory(published_at=datetime.datetime(2018, 9, 7, tzinfo=UTC)))
    published_verdict(claim=claim, **verdict_kwargs)
    claim.refresh_from_db()
    return claim


def row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Publisher, Article, Speaker, Claim, Appearance, Verdict, RatingLabel)
    }


# --- checks every export must pass ---------------------------------------------------------------


@pytest.fixture(scope="module")
def schema_org_loader():
    """pyld without the network: a frozen loader serving a minimal schema.org context
    (``@vocab`` https://schema.org/ and the typed terms we use) for every spelling of its URL."""
    context = json.loads((FIXTURES / "schema.org-context.jsonld").read_text())
    urls = ("https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/")
    return FrozenDocumentLoader(documents=dict.fromkeys(urls, context))


def expand(document, loader) -> list[dict]:
    return jsonld.expand(document, {"documentLoader": loader})


def values(node: dict, prop: str) -> list:
    return node.get(SCHEMA + prop, [])


def one(node: dict, prop: str):
    found = values(node, prop)
    assert found, f"{SCHEMA + prop} missing from {node}"
    value = found[0]
    return value.get("@value", value.get("@id", value)) if isinstance(value, dict) else value


def assert_expanded_claimreview(node: dict, *, on_scale: bool = True):
    """Every property the issue names, as https://schema.org/ IRIs in the expanded graph."""
    assert node["@type"] == [SCHEMA + "ClaimReview"]
    for prop in ("url", "datePublished", "claimReviewed", "author", "reviewRating", "itemReviewed"):
        one(node, prop)
    author = values(node, "author")[0]
    assert author["@type"] == [SCHEMA + "Organization"]
    one(author, "name"), one(author, "url")
    rating_node = values(node, "reviewRating")[0]
    assert rating_node["@type"] == [SCHEMA + "Rating"]
    one(rating_node, "alternateName")
    for prop in ("ratingValue", "bestRating", "worstRating"):
        assert bool(values(rating_node, prop)) is on_scale, prop
    item = values(node, "itemReviewed")[0]
    assert item["@type"] == [SCHEMA + "Claim"]
    claimant = values(item, "author")[0]
    assert claimant["@type"][0] in (SCHEMA + "Person", SCHEMA + "Organization")
    one(claimant, "name")
    one(item, "datePublished")
    return item


def google_problems(review: dict) -> list[str]:
    """What Google's ClaimReview documentation requires (claimReviewed, reviewRating with
    alternateName or ratingValue, url) and recommends (author name, datePublished,
    itemReviewed Claim with author, datePublished, appearance)."""
    problems = []
    for key in ("claimReviewed", "reviewRating", "url", "author", "datePublished", "itemReviewed"):
        if not review.get(key):
            problems.append(f"{key} missing")
    if not str(review.get("url", "")).startswith(("http://", "https://")):
        problems.append("url is not absolute")
    rating_ = review.get("reviewRating") or {}
    if rating_.get("@type") != "Rating" or not (rating_.get("alternateName") or "ratingValue" in rating_):
        problems.append("reviewRating needs alternateName or ratingValue")
    if "ratingValue" in rating_ and not (
        rating_.get("worstRating") <= rating_["ratingValue"] <= rating_.get("bestRating")
    ):
        problems.append("ratingValue outside worstRating..bestRating")
    if not (review.get("author") or {}).get("name"):
        problems.append("author has no name")
    item = review.get("itemReviewed") or {}
    if item.get("@type") != "Claim":
        problems.append("itemReviewed is not a Claim")
    if not (item.get("author") or {}).get("name"):
        problems.append("itemReviewed.author has no name")
    for key in ("datePublished", "appearance", "firstAppearance"):
        if key not in item:
            problems.append(f"itemReviewed.{key} missing")
    try:
        datetime.date.fromisoformat(review.get("datePublished", ""))
    except ValueError:
        problems.append("datePublished is not an ISO 8601 date")
    return problems


# --- export: one claim ------------------------------------------------------------------------


def test_claimreview_of_a_claim(api_client, settings):
    settings.FACTCHECK_ORGANIZATION = {"name": "Example Desk", "url": "https://desk.example/"}
    claim = make_checked_claim(rating=rating("mostly-false"), url="https://desk.example/checks/1", reviewer="")
    verdict = claim.current_verdict
    first, second = sorted(claim.appearances.select_related("article"), key=lambda a: a.article.published_at)
    recorded_first = claim.appearances.select_related("article").order_by("pk").first()

    response = api_client.get(f"/api/claims/{claim.pk}/claimreview/")

    assert_status(response, 200)
    assert response["Content-Type"] == "application/ld+json"
    review = response.json()
    assert review == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://desk.example/checks/1",
        "name": verdict.summary,
        "datePublished": verdict.published_at.date().isoformat(),
        "claimReviewed": claim.text,
        "author": {"@type": "Organization", "name": "Example Desk", "url": "https://desk.example/"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 3,
            "bestRating": 6,
            "worstRating": 1,
            "alternateName": "Mostly false",
            "ratingExplanation": verdict.summary,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Amira Haddad", "jobTitle": "Minister of Information"},
            "datePublished": "2018-09-07",
            "inLanguage": "en",
            "appearance": [
                {
                    "@type": "CreativeWork",
                    "url": article.url,
                    "headline": article.title,
                    "datePublished": article.published_at.date().isoformat(),
                    "publisher": {"@type": "Organization", "name": article.publisher.name},
                }
                for article in (first.article, second.article)
            ],
            "firstAppearance": next(
                work for work in review["itemReviewed"]["appearance"] if work["url"] == recorded_first.article.url
            ),
        },
    }
    # the first appearance as recorded, which need not be the earliest-dated article (issue 13)
    assert review["itemReviewed"]["firstAppearance"]["url"] == recorded_first.article.url


def test_export_is_valid_jsonld_holding_every_property(api_client, schema_org_loader):
    claim = make_checked_claim()
    review = api_client.get(f"/api/claims/{claim.pk}/claimreview/").json()

    [node] = expand(review, schema_org_loader)

    item = assert_expanded_claimreview(node)
    claimant = values(item, "author")[0]
    assert one(claimant, "jobTitle") == "Minister of Information"
    appearances = values(item, "appearance")
    assert len(appearances) == 2
    recorded_first = claim.appearances.select_related("article").order_by("pk").first()
    assert one(values(item, "firstAppearance")[0], "url") == recorded_first.article.url


def test_export_meets_googles_claimreview_requirements(api_client):
    claim = make_checked_claim(url="https://desk.example/checks/2")
    review = api_client.get(f"/api/claims/{claim.pk}/claimreview/").json()
    assert google_problems(review) == []


def test_off_scale_rating_carries_only_its_label(api_client, schema_org_loader):
    claim = make_checked_claim(rating=rating("unproven"))
    review = api_client.get(f"/api/claims/{claim.pk}/claimreview/").json()
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Unproven",
        "ratingExplanation": claim.current_verdict.summary,
    }
    [node] = expand(review, schema_org_loader)
    assert_expanded_claimreview(node, on_scale=False)


def test_organisations_and_groups_are_organizations_without_job_title(api_client):
    speaker = SpeakerFactory(name="Russian officials", kind=Speaker.Kind.GROUP, role="Government")
    verdict = published_verdict(claim=ClaimFactory(speaker=speaker))
    review = api_client.get(f"/api/claims/{verdict.claim_id}/claimreview/").json()
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Russian officials"}
    assert "appearance" not in review["itemReviewed"]  # quoted nowhere yet


def test_verdict_without_url_points_at_its_fact_check_page(api_client):
    verdict = published_verdict(url="", claim__text="Unemployment fell by half last year")
    review = api_client.get(f"/api/claims/{verdict.claim_id}/claimreview/").json()
    # The public site's page (issue 17), where aggregators expect the fact-check to be read.
    assert review["url"] == f"http://testserver/fact-checks/{verdict.claim_id}-unemployment-fell-by-half-last-year/"


def test_the_current_verdict_is_exported(api_client):
    claim = ClaimFactory()
    published_verdict(claim=claim, rating=rating("false"))
    newest = published_verdict(claim=claim, rating=rating("true"))
    review = api_client.get(f"/api/claims/{claim.pk}/claimreview/").json()
    assert (review["name"], review["reviewRating"]["alternateName"]) == (newest.summary, "True")


@pytest.mark.parametrize("accept", ["application/json", None, "application/ld+json"])
def test_json_clients_get_json(api_client, accept):
    verdict = published_verdict()
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = api_client.get(f"/api/claims/{verdict.claim_id}/claimreview/", **headers)
    assert_status(response, 200)
    expected_type = accept if accept else "application/ld+json"  # JSON-LD when no Accept is sent
    assert response["Content-Type"] == expected_type
    assert response.json()["@type"] == "ClaimReview"


def test_claim_without_published_verdict_is_404_json(api_client, staff_user):
    claim = ClaimFactory()
    VerdictFactory(claim=claim)  # a draft: not even staff get it as ClaimReview
    api_client.force_authenticate(staff_user)
    response = api_client.get(f"/api/claims/{claim.pk}/claimreview/")
    assert_status(response, 404)
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "This claim has no published verdict.", "code": "not_found", "fields": {}}


def test_unknown_claim_is_404(api_client):
    response = api_client.get("/api/claims/987654321/claimreview/")
    assert_status(response, 404)
    assert response.json()["code"] == "not_found"


def test_withdrawn_verdict_is_no_longer_exported(api_client):
    verdict = published_verdict()
    services.verdict_withdraw(verdict=verdict)
    assert_status(api_client.get(f"/api/claims/{verdict.claim_id}/claimreview/"), 404)


# --- export: the feed ---------------------------------------------------------------------------


def publish_at(when: datetime.datetime, **kwargs) -> Verdict:
    verdict = VerdictFactory(**kwargs)
    services.verdict_publish(verdict=verdict, published_at=when)
    return verdict


def test_feed_is_a_datafeed_newest_first_without_drafts(api_client, staff_user):
    old = publish_at(datetime.datetime(2020, 1, 1, tzinfo=UTC))
    new = publish_at(datetime.datetime(2021, 1, 1, tzinfo=UTC))
    draft = VerdictFactory()
    api_client.force_authenticate(staff_user)  # staff see drafts elsewhere, never here

    response = api_client.get("/api/claimreview/")

    assert_status(response, 200)
    assert response["Content-Type"] == "application/ld+json"
    feed = response.json()
    assert (feed["@context"], feed["@type"], feed["next"], feed["previous"]) == (
        "https://schema.org",
        "DataFeed",
        None,
        None,
    )
    assert [review["name"] for review in feed["dataFeedElement"]] == [new.summary, old.summary]
    assert draft.summary not in json.dumps(feed)
    for review in feed["dataFeedElement"]:  # these claims were quoted nowhere: no appearance
        assert [problem for problem in google_problems(review) if "ppearance" not in problem] == []


def test_feed_is_valid_jsonld(api_client, schema_org_loader):
    make_checked_claim()
    make_checked_claim(rating=rating("misleading"))
    feed = api_client.get("/api/claimreview/").json()

    [node] = expand(feed, schema_org_loader)

    assert node["@type"] == [SCHEMA + "DataFeed"]
    elements = values(node, "dataFeedElement")
    assert len(elements) == 2
    assert_expanded_claimreview(elements[0], on_scale=False)  # newest first: misleading
    assert_expanded_claimreview(elements[1])


def test_feed_pages(api_client):
    for day in range(1, 6):
        publish_at(datetime.datetime(2020, 1, day, tzinfo=UTC))
    first = api_client.get("/api/claimreview/", {"page_size": 2}).json()
    assert [r["datePublished"] for r in first["dataFeedElement"]] == ["2020-01-05", "2020-01-04"]
    assert first["previous"] is None
    second = api_client.get(first["next"]).json()
    assert [r["datePublished"] for r in second["dataFeedElement"]] == ["2020-01-03", "2020-01-02"]
    third = api_client.get(second["next"]).json()
    assert [r["datePublished"] for r in third["dataFeedElement"]] == ["2020-01-01"]
    assert third["next"] is None
    assert_status(api_client.get("/api/claimreview/", {"page": 9}), 404)


@pytest.mark.parametrize("rows", [1, 30])
def test_feed_costs_the_same_queries_for_1_and_30_verdicts(api_client, rows, django_assert_max_num_queries):
    for _ in range(rows):
        make_checked_claim()
    # the rating scale's bounds, the page of verdicts (claim, speaker, rating, publisher
    # joined), and the appearances of their claims with articles and publishers
    with django_assert_max_num_queries(3):
        response = api_client.get("/api/claimreview/", {"page_size": 50})
    assert_status(response, 200)
    assert len(response.json()["dataFeedElement"]) == rows


def test_claimreview_is_in_the_schema(api_client):
    paths = api_client.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert "/api/claimreview/" in paths
    assert "/api/claimreview/import/" in paths
    detail = paths["/api/claims/{id}/claimreview/"]["get"]["responses"]["200"]["content"]
    assert set(detail) == {"application/ld+json", "application/json"}


# --- import: schema.org JSON-LD --------------------------------------------------------------------


def test_import_a_list_of_claimreviews_with_the_command():
    out = StringIO()
    call_command("import_claimreview", fixture_path("claimreview-list.jsonld"), stdout=out)

    assert "3 imported, 0 skipped (already imported), 0 rejected." in out.getvalue()
    haddad = Speaker.objects.get(name="Amira Haddad")
    assert (haddad.kind, haddad.role) == ("person", "Minister of Information")
    ministry = Speaker.objects.get(name="Ministry of Defence of Examplestan")
    assert ministry.kind == "organization"

    offensive = Claim.objects.get(text="The offensive on Idlib has already begun.")
    assert (offensive.speaker, offensive.claimed_at, offensive.status) == (
        haddad,
        datetime.date(2018, 9, 7),
        "checked",
    )
    verdict = offensive.current_verdict
    assert (verdict.url, verdict.rating.slug, verdict.textual_rating, verdict.summary) == (
        "https://checkers.example/2018/09/idlib-offensive",
        "false",
        "False",
        "No, the envoy did not say the offensive had already begun",
    )
    assert verdict.published_at == datetime.datetime(2018, 9, 10, tzinfo=UTC)
    assert (verdict.publisher.name, verdict.publisher.domain) == ("Checkers Desk", "checkers.example")
    # firstAppearance and the same URL in appearance are one article; utm_* is normalised away
    assert sorted(offensive.appearances.values_list("article__url", "article__publisher__name")) == [
        ("https://daily.example/news/idlib-minister", "daily.example"),
        ("https://wire.example/world/2018/09/07/idlib", "Wire Example"),
    ]
    appearance = offensive.appearances.get(article__url__startswith="https://wire.example")
    assert (appearance.quote, appearance.is_direct_quote) == (offensive.text, False)

    # "Four Pinocchios" maps through the seeded labels; the words stay as written
    refugees = Verdict.objects.get(claim__text__startswith="Two million refugees")
    assert (refugees.rating.slug, refugees.textual_rating, refugees.claim.speaker) == (
        "false",
        "Four Pinocchios",
        haddad,
    )
    assert refugees.publisher.domain == "www.truth-o-meter.example"
    assert Verdict.objects.get(claim__speaker=ministry).rating.slug == "misleading"


def test_import_a_datafeed():
    report = import_document(load_fixture("datafeed.jsonld"))

    assert (report.created, report.skipped, report.errors, report.unmapped_ratings) == (2, 0, [], [])
    berg = Speaker.objects.get(name="Jonas Berg")
    assert berg.role == "Mayor of Exampleton"
    assert berg.claims.count() == 2
    bread = Verdict.objects.get(url="https://verifica.example/checks/bread-prices")
    assert (bread.rating.slug, bread.textual_rating) == ("mostly-false", "Mostly False")
    assert bread.claim.appearances.get().article.url == "https://exampleton-news.example/mayor-bread"
    assert Verdict.objects.get(url="https://verifica.example/checks/bus-fleet").rating.slug == "half-true"
    assert Publisher.objects.filter(name="Verifica Example").count() == 1


def test_import_reuses_publishers_speakers_articles_and_claims():
    publisher = PublisherFactory(name="Checkers (existing)", domain="www.checkers.example")
    haddad = SpeakerFactory(name="A. Haddad", aliases=["Amira Haddad"])
    article = ArticleFactory(
        url="https://wire.example/world/2018/09/07/idlib",
        body="Officials said: The offensive on Idlib has already begun.",
    )
    claim = ClaimFactory(speaker=haddad, text="The offensive on Idlib has already begun.")

    import_document(load_fixture("claimreview-list.jsonld"))

    assert Verdict.objects.get(url="https://checkers.example/2018/09/idlib-offensive").claim == claim
    # the claim as reviewed is located in the known body like any quote (issue 13)
    assert claim.appearances.get(article=article).start == len("Officials said: ")
    assert Verdict.objects.filter(publisher=publisher).count() == 2
    assert Speaker.objects.filter(name__icontains="Haddad").count() == 1


# --- import: Google Fact Check Tools -----------------------------------------------------------------


def test_import_a_fact_check_tools_response():
    envoy = SpeakerFactory(name="Staffan de Mistura", aliases=["de Mistura"])

    report = import_document(load_fixture("factchecktools-claims-search.json"))

    assert (report.created, report.skipped, report.errors) == (3, 0, [])
    claim = Claim.objects.get(text="The UN has confirmed chemical weapons are stored in Idlib.")
    assert (claim.speaker, claim.claimed_at) == (envoy, datetime.date(2018, 9, 6))
    # two reviews of one claim: one claim, two verdicts, the newer current
    assert claim.verdicts.count() == 2
    assert claim.current_verdict.url == "https://verifica.example/checks/onu-armas-quimicas"
    assert (claim.current_verdict.rating.slug, claim.current_verdict.textual_rating) == ("false", "Falso")
    assert claim.current_verdict.summary == "La ONU no confirmó arsenales químicos en Idlib"
    assert claim.current_verdict.publisher.domain == "verifica.example"
    older = claim.verdicts.get(url="https://checkers.example/2018/09/un-chemical-weapons")
    assert (older.rating.slug, older.published_at) == ("mostly-false", datetime.datetime(2018, 9, 9, tzinfo=UTC))
    assert Claim.objects.get(text__startswith="Ten thousand").current_verdict.rating.slug == "half-true"


def test_fact_check_tools_malformed_claims_are_reported():
    document = {
        "claims": [
            {"text": "No claimant here.", "claimReview": [{"url": "https://a.example/1", "textualRating": "False"}]},
            {"text": "No reviews.", "claimant": "Someone", "claimReview": []},
            {
                "text": "One good review, one bad.",
                "claimant": "Someone",
                "claimReview": [
                    {"url": "https://a.example/2", "reviewDate": "2020-01-01T00:00:00Z", "textualRating": "True"},
                    {"url": "not a url", "reviewDate": "2020-01-01T00:00:00Z", "textualRating": "True"},
                    {"url": "https://a.example/3", "textualRating": "True"},
                ],
            },
        ]
    }
    report = import_document(document)
    # a review without reviewDate is imported, dated by the import time (no claimDate) (issue 13)
    assert report.created == 2
    assert report.errors == [
        {"position": "$.claims[0]", "reason": "claimant is missing: every claim needs a speaker"},
        {"position": "$.claims[1]", "reason": "claimReview is missing or empty"},
        {"position": "$.claims[2].claimReview[1]", "reason": "url 'not a url' is not an http(s) URL"},
    ]
    assert report.warnings == [
        {"position": "$.claims[2].claimReview[2]", "reason": "no review date: dated by the import time"}
    ]
    verdict = Verdict.objects.get(url="https://a.example/2")
    assert (verdict.publisher.name, verdict.summary) == ("a.example", "Rated “True” by a.example")


# --- import: idempotence, bad records, unmapped ratings -------------------------------------------------


@pytest.mark.parametrize(
    "fixture", ["claimreview-list.jsonld", "datafeed.jsonld", "factchecktools-claims-search.json", "malformed.jsonld"]
)
def test_importing_twice_changes_nothing(fixture):
    first = import_document(load_fixture(fixture))
    counts = row_counts()
    verdicts = list(Verdict.objects.values().order_by("pk"))

    second = import_document(load_fixture(fixture))

    assert row_counts() == counts
    assert list(Verdict.objects.values().order_by("pk")) == verdicts
    assert (second.created, second.skipped) == (0, first.created + first.skipped)
    assert second.errors == first.errors


def test_malformed_records_are_reported_and_the_rest_imported():
    out = StringIO()
    call_command("import_claimreview", fixture_path("malformed.jsonld"), "--json", stdout=out)
    report = json.loads(out.getvalue())

    assert (report["created"], report["skipped"]) == (3, 1)  # $[5] repeats $[0]
    errors = {error["position"]: error["reason"] for error in report["errors"]}
    assert list(errors) == ["$[1]", "$[2]", "$[3]", "$[4]", "$[7]"]
    assert errors["$[1]"] == "url is missing"
    assert errors["$[2]"] == "datePublished 'last Tuesday' is not an ISO 8601 date"
    assert errors["$[3]"] == "itemReviewed.author has no name: every claim needs a speaker"
    assert errors["$[4]"] == "expected a ClaimReview object, found text"
    assert errors["$[7]"].startswith("claimant: name: Ensure this value has at most 200 characters")
    assert report["unmapped_ratings"] == ["Satire", "Cherry-picks"]
    # $[7] failed after its publisher was created: the savepoint took that back too
    assert not Publisher.objects.filter(name="Long Names Review").exists()
    assert not Claim.objects.filter(text__startswith="A claimant whose name").exists()
    masks = Verdict.objects.get(url="https://checkers.example/2020/03/masks")
    assert (masks.rating.slug, masks.textual_rating) == ("false", "FALSE")  # case-insensitive


def test_unmapped_rating_is_kept_verbatim_and_exported_back(api_client):
    out = StringIO()
    call_command("import_claimreview", fixture_path("malformed.jsonld"), stdout=out)
    assert "unmapped rating 'Satire': kept verbatim, rated unproven" in out.getvalue()
    assert "rejected $[2]: datePublished 'last Tuesday' is not an ISO 8601 date" in out.getvalue()

    verdict = Verdict.objects.get(url="https://satire-watch.example/2020/03/moon")
    assert (verdict.rating.slug, verdict.textual_rating) == ("unproven", "Satire")
    review = api_client.get(f"/api/claims/{verdict.claim_id}/claimreview/").json()
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Satire",
        "ratingExplanation": "Rated “Satire” by Satire Watch",
    }
    assert review["author"] == {"@type": "Organization", "name": "Satire Watch", "url": "https://satire-watch.example/"}


def test_editors_map_labels_case_insensitively():
    RatingLabel.objects.create(label="cherry-PICKS", rating=rating("misleading"))
    report = import_document(load_fixture("malformed.jsonld"))
    assert report.unmapped_ratings == ["Satire"]
    verdict = Verdict.objects.get(url="https://checkers.example/2020/03/water")
    assert (verdict.rating.slug, verdict.textual_rating) == ("misleading", "Cherry-picks")


def test_rating_labels_are_unique_case_insensitively():
    assert RatingLabel.objects.filter(label="Four Pinocchios", rating__slug="false").exists()  # seeded
    with pytest.raises(ValidationError):
        RatingLabel(label="four  PINOCCHIOS", rating=rating("pants-on-fire")).full_clean()


def test_unmapped_rating_without_an_unproven_rating_is_reported():
    Rating.objects.filter(slug="unproven").delete()
    report = import_document(load_fixture("malformed.jsonld"))
    reasons = {error["position"]: error["reason"] for error in report.errors}
    assert "no 'unproven' rating" in reasons["$[6]"]
    # still reported: every record with an unmapped rating names it (issue 13)
    assert report.unmapped_ratings == ["Satire", "Cherry-picks"]


# --- the command's whole-file failures ----------------------------------------------------------------


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "cannot read it"),
        ("{not json", "not JSON"),
        ('{"@type": "Recipe"}', "Expected a ClaimReview"),
        ("42", "Expected schema.org ClaimReview JSON-LD"),
    ],
)
def test_a_file_that_cannot_be_read_stops_the_command_before_anything_is_written(tmp_path, content, message):
    broken = tmp_path / "broken.json"
    if content is not None:
        broken.write_text(content)
    before = row_counts()
    with pytest.raises(CommandError, match=message):
        call_command("import_claimreview", fixture_path("claimreview-list.jsonld"), str(broken), stdout=StringIO())
    assert row_counts() == before


# --- the round trip ---------------------------------------------------------------------------------


def essentials_of_jsonld(review: dict) -> tuple:
    """Claim, claimant, claim date, review date, rating, URL and where the claim appeared."""
    item = review["itemReviewed"]
    return (
        review["claimReviewed"],
        item["author"]["name"],
        item.get("datePublished", "")[:10],
        review["datePublished"][:10],
        review["reviewRating"]["alternateName"],
        review["reviewRating"].get("ratingValue"),
        review["url"],
        sorted(
            {
                work["url"].split("?")[0]
                for work in [item.get("firstAppearance", {}), *item.get("appearance", [])]
                if work
            }
        ),
    )


def test_round_trip_of_schema_org_claimreview(api_client):
    original = load_fixture("claimreview-list.jsonld")
    import_document(original)

    exported = api_client.get("/api/claimreview/").json()["dataFeedElement"]

    by_url = {review["url"]: review for review in exported}
    assert set(by_url) == {review["url"] for review in original}
    for review in original:
        back = by_url[review["url"]]
        mine, theirs = essentials_of_jsonld(back), essentials_of_jsonld(review)
        # ratingValue is on this desk's scale, not the source's (Four Pinocchios: 1 of 4 -> false: 2 of 6)
        assert mine[:5] + mine[6:] == theirs[:5] + theirs[6:]
        assert back["author"]["name"] == review["author"]["name"]
        assert back["itemReviewed"]["author"]["@type"] == (
            "Person" if review["itemReviewed"]["author"]["@type"] == "Person" else "Organization"
        )


def test_round_trip_of_a_fact_check_tools_response(api_client):
    original = load_fixture("factchecktools-claims-search.json")
    import_document(original)

    exported = {review["url"]: review for review in api_client.get("/api/claimreview/").json()["dataFeedElement"]}

    for claim in original["claims"]:
        for review in claim["claimReview"]:
            back = exported.pop(review["url"])
            assert back["claimReviewed"] == claim["text"]
            assert back["itemReviewed"]["author"]["name"] in (claim["claimant"], "Staffan de Mistura")
            assert back["itemReviewed"]["datePublished"] == claim["claimDate"][:10]
            assert back["datePublished"] == review["reviewDate"][:10]
            assert back["reviewRating"]["alternateName"] == review["textualRating"]
            assert back["name"] == review["title"]
            assert back["author"]["name"] == review["publisher"]["name"]
    assert exported == {}


def test_what_this_desk_exports_imports_elsewhere_as_the_same(api_client, settings):
    """Export, wipe, import the export: the same claims, claimants, dates, ratings and URLs."""
    settings.FACTCHECK_ORGANIZATION = {"name": "Example Desk", "url": "https://desk.example/"}
    make_checked_claim(url="https://desk.example/checks/a")
    make_checked_claim("Jonas Berg", rating=rating("misleading"), url="https://desk.example/checks/b")
    feed = api_client.get("/api/claimreview/").json()

    # Keep the claims, speakers and articles: the import must find them again. The importing
    # desk is another one (a desk skips its own reviews when it reads its feed back).
    Claim.objects.update(current_verdict=None, current_rating=None, status="new")
    Verdict.objects.all().delete()
    settings.FACTCHECK_ORGANIZATION = {"name": "Another Desk", "url": "https://another.example/"}
    report = import_document(feed)
    again = api_client.get("/api/claimreview/").json()["dataFeedElement"]

    assert report.created == 2 and report.errors == []
    assert sorted(map(essentials_of_jsonld, again)) == sorted(map(essentials_of_jsonld, feed["dataFeedElement"]))
    assert Claim.objects.count() == 2  # the claims were found again, not duplicated


# --- the import endpoint ------------------------------------------------------------------------------


def test_import_endpoint_for_editors(editor_api, editor):
    response = editor_api.post("/api/claimreview/import/", load_fixture("malformed.jsonld"), format="json")

    assert_status(response, 200)
    body = response.json()
    assert (body["created"], body["skipped"], body["unmapped_ratings"]) == (3, 1, ["Satire", "Cherry-picks"])
    assert body["errors"][0] == {"position": "$[1]", "reason": "url is missing"}
    assert Verdict.objects.filter(created_by=editor).count() == 3


def test_import_endpoint_accepts_jsonld_and_fact_check_tools_bodies(editor_api):
    body = (FIXTURES / "datafeed.jsonld").read_text()
    response = editor_api.post("/api/claimreview/import/", body, content_type="application/ld+json")
    assert_status(response, 200)
    assert response.json()["created"] == 2

    response = editor_api.post(
        "/api/claimreview/import/", load_fixture("factchecktools-claims-search.json"), format="json"
    )
    assert_status(response, 200)
    assert response.json() == {"created": 3, "skipped": 0, "errors": [], "warnings": [], "unmapped_ratings": []}


def test_an_empty_fact_check_tools_response_imports_nothing(editor_api):
    response = editor_api.post("/api/claimreview/import/", {}, format="json")
    assert_status(response, 200)
    assert response.json() == {"created": 0, "skipped": 0, "errors": [], "warnings": [], "unmapped_ratings": []}


def test_import_endpoint_rejects_other_documents(editor_api):
    response = editor_api.post("/api/claimreview/import/", {"@type": "Recipe"}, format="json")
    assert_status(response, 400)
    body = response.json()
    assert set(body) == {"detail", "code", "fields"} and "ClaimReview" in body["detail"]


def test_import_endpoint_anonymous_is_401(api_client):
    response = api_client.post("/api/claimreview/import/", load_fixture("datafeed.jsonld"), format="json")
    assert_status(response, 401)
    assert not Verdict.objects.exists()


def test_import_endpoint_without_rights_is_403(api_client, plain_user, staff_user):
    for user in (plain_user, staff_user):
        api_client.force_authenticate(user)
        assert_status(api_client.post("/api/claimreview/import/", load_fixture("datafeed.jsonld"), format="json"), 403)
    assert not Verdict.objects.exists()


def test_import_endpoint_needs_the_right_to_publish_too(api_client):
    user = UserFactory()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_publisher", "add_article", "add_speaker", "add_claim"])
        | Permission.objects.filter(codename__in=["add_appearance", "add_verdict"])
    )
    api_client.force_authenticate(user)
    assert_status(api_client.post("/api/claimreview/import/", load_fixture("datafeed.jsonld"), format="json"), 403)


# --- other JSON-LD spellings -----------------------------------------------------------------------


def a_review(url="https://checkers.example/one", **changes) -> dict:
    review = {
        "@type": "ClaimReview",
        "url": url,
        "datePublished": "2021-02-03",
        "claimReviewed": "Exampleton has the lowest taxes in the country.",
        "author": {"@type": "Organization", "name": "Checkers Desk", "url": "https://checkers.example/"},
        "reviewRating": {"@type": "Rating", "alternateName": "Mostly true"},
        "itemReviewed": {"@type": "Claim", "author": "Jonas Berg", "datePublished": "2021-02-01"},
    }
    return {**review, **changes}


@pytest.mark.parametrize(
    "document, position",
    [
        ({"@context": "https://schema.org", **a_review()}, "$"),
        ({"@context": "https://schema.org", "@graph": [a_review()]}, "$['@graph'][0]"),
        ([a_review(**{"@type": "schema:ClaimReview"})], "$[0]"),
        ([a_review(**{"@type": ["https://schema.org/ClaimReview"]})], "$[0]"),
        (
            {"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": a_review()}]},
            "$.dataFeedElement[0].item",
        ),
    ],
)
def test_one_object_a_graph_and_prefixed_types_are_read(document, position):
    report = import_document(document)
    assert (report.created, report.errors) == (1, [])
    verdict = Verdict.objects.get()
    assert (verdict.rating.slug, verdict.claim.speaker.name, verdict.claim.claimed_at) == (
        "mostly-true",
        "Jonas Berg",
        datetime.date(2021, 2, 1),
    )
    # the position a bad record of the same shape is reported at
    bad = json.loads(json.dumps(document).replace('"2021-02-03"', '"someday"'))
    assert import_document(bad).errors[0]["position"] == position


def test_a_person_as_author_is_the_reviewer_and_the_publisher_comes_from_the_page():
    review = a_review(
        author={"@type": "Person", "name": "R. Checker"},
        publisher={"@type": "Organization", "name": "Checkers Desk"},
    )
    import_document(review)
    verdict = Verdict.objects.get()
    assert (verdict.reviewer, verdict.publisher.name, verdict.publisher.domain) == (
        "R. Checker",
        "Checkers Desk",
        "checkers.example",
    )


def test_one_page_reviewing_two_claims_gives_two_verdicts():
    page = "https://checkers.example/debate-night"
    second = a_review(page, claimReviewed="Exampleton built 40 schools last year.")
    report = import_document([a_review(page), second])
    assert (report.created, report.skipped) == (2, 0)
    assert import_document([a_review(page), second]).skipped == 2


# --- the admin ---------------------------------------------------------------------------------------


def test_editors_maintain_the_rating_labels_in_the_admin(editor_client):
    assert_status(editor_client.get("/admin/claims/ratinglabel/"), 200)
    response = editor_client.post(
        "/admin/claims/ratinglabel/add/", {"label": "  Cherry   picks ", "rating": rating("misleading").pk}
    )
    assert_status(response, 302)
    assert RatingLabel.objects.filter(label="Cherry picks", rating__slug="misleading").exists()
    duplicate = editor_client.post(
        "/admin/claims/ratinglabel/add/", {"label": "CHERRY PICKS", "rating": rating("false").pk}
    )
    assert_status(duplicate, 200)
    assert "already mapped" in duplicate.content.decode()


def test_the_verdict_admin_shows_the_imported_rating_words(editor_client):
    import_document(load_fixture("claimreview-list.jsonld"))
    verdict = Verdict.objects.get(textual_rating="Four Pinocchios")
    page = editor_client.get(f"/admin/claims/verdict/{verdict.pk}/change/").content.decode()
    assert "Rating as worded" in page and "Four Pinocchios" in page and "Truth-o-Meter" in page


def test_options_describes_the_import_endpoint(editor_api):
    response = editor_api.options("/api/claimreview/import/")
    assert_status(response, 200)
    assert response.json()["parses"] == ["application/json", "application/ld+json"]


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"claimReviewed": "Nul\x00 byte"}, "contains a NUL character, which cannot be stored"),
        ({"datePublished": "0001-01-01T00:00:00+05:00"}, "datePublished '0001-01-01T00:00:00+05:00' is out of range"),
        ({"datePublished": "2021-02-30"}, "datePublished '2021-02-30' is not an ISO 8601 date"),
        (
            {"reviewRating": {"@type": "Rating", "ratingValue": 2}},
            "reviewRating has no alternateName (the rating in words)",
        ),
        ({"reviewRating": {"alternateName": {"a": 1}}}, "alternateName should be text, not an object"),
        ({"itemReviewed": "a claim"}, "itemReviewed is missing: it names who made the claim"),
        ({"url": "ftp://checkers.example/x"}, "url 'ftp://checkers.example/x' is not an http(s) URL"),
    ],
)
def test_bad_values_are_reasons_not_server_errors(editor_api, changes, reason):
    response = editor_api.post("/api/claimreview/import/", [a_review(**changes)], format="json")
    assert_status(response, 200)
    assert response.json()["errors"] == [{"position": "$[0]", "reason": reason}]
    assert not Claim.objects.exists()


def test_feed_filters_like_the_verdict_list(api_client):
    publish_at(datetime.datetime(2020, 1, 1, tzinfo=UTC))
    new = publish_at(datetime.datetime(2020, 2, 1, tzinfo=UTC), rating=rating("true"))
    harvested = api_client.get("/api/claimreview/", {"published_after": "2020-01-15T00:00:00Z"}).json()
    assert [r["name"] for r in harvested["dataFeedElement"]] == [new.summary]
    by_rating = api_client.get("/api/claimreview/", {"rating": "true"}).json()
    assert [r["name"] for r in by_rating["dataFeedElement"]] == [new.summary]
    response = api_client.get("/api/claimreview/", {"ratng": "true"})
    assert_status(response, 400)
    assert response["Content-Type"] == "application/json" and "ratng" in response.json()["fields"]


def test_import_endpoint_keeps_the_api_body_limit(editor_api, settings):
    settings.API_MAX_BODY_BYTES = 1_000
    body = (FIXTURES / "claimreview-list.jsonld").read_bytes()
    response = editor_api.generic("POST", "/api/claimreview/import/", body, content_type="application/ld+json")
    assert_status(response, 413)  # large files: manage.py import_claimreview
    assert not Verdict.objects.exists()


def test_importing_our_own_feed_back_creates_nothing(editor_api, settings):
    from claims.models import Publisher, Verdict

    from ..factories import published_verdict

    settings.ALLOWED_HOSTS = ["claims.example.org", "testserver"]
    published_verdict()  # no url of its own: exported with the claim's API address
    feed = editor_api.get("/api/claimreview/", HTTP_ACCEPT="application/json", HTTP_HOST="claims.example.org").json()
    verdicts, publishers = Verdict.objects.count(), Publisher.objects.count()
    response = editor_api.post("/api/claimreview/import/", feed, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 0 and response.json()["skipped"] >= 1
    assert Verdict.objects.count() == verdicts and Publisher.objects.count() == publishers


def test_claims_core_modules_do_not_import_the_claimreview_package():
    """ClaimReview builds on claims.models and claims.services; an import back would be a cycle."""
    import ast

    import claims

    root = Path(claims.__file__).resolve().parent
    for name in ("models.py", "services.py", "querysets.py", "serializers.py"):
        tree = ast.parse((root / name).read_text())
        imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)] + [
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        ]
        assert not [module for module in imported if "claimreview" in module], name
