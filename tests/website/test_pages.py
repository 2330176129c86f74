"""The public site's pages through Django's test client (issue 17)."""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import Claim, Speaker
from tests.factories import (
    AppearanceFactory,
    ArticleFactory,
    ClaimFactory,
    SpeakerFactory,
    VerdictFactory,
    published_verdict,
    rating,
)

from .conftest import many_fact_checks

pytestmark = pytest.mark.django_db


class JSONLD(HTMLParser):
    """The page's <script type="application/ld+json"> bodies, as the browser would read them."""

    def __init__(self):
        super().__init__()
        self.scripts, self._in = [], False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._in:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in = False

    def handle_data(self, data):
        if self._in:
            self.scripts[-1] += data


def jsonld(html: str) -> list:
    parser = JSONLD()
    parser.feed(html)
    return [json.loads(script) for script in parser.scripts]


def page_url(claim: Claim) -> str:
    return claim.get_absolute_url()


# --- the fact-check page ---------------------------------------------------------------------


def test_fact_check_page_shows_the_check(client, fact_check):
    claim = fact_check.claim
    response = client.get(page_url(claim))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<q lang="en">Unemployment fell by half last year</q>', html)
    assert f'href="/speakers/{claim.speaker.slug}/">Maria Minister</a>, Minister of Labour' in html
    assert '<time datetime="2024-03-05">5 March 2024</time>' in html and "(Budget speech)" in html
    # the rating badge, its place on the scale, the summary, the analysis
    assert re.search(r'<p class="badge tone-\d">Mostly false</p>', html)
    assert "Step 4 of 6 on our scale" in html
    assert '<li class="current" aria-current="true">Mostly false</li>' in html
    assert "It fell by a fifth, not by half." in html
    assert "The statistics office reports a fall from 10% to 8%." in html
    # evidence grouped by stance, refuting first
    refutes, supports, context = (html.index(f"<h3>{stance}</h3>") for stance in ("Refutes", "Supports", "Context"))
    assert refutes < html.index("Labour force survey") < supports < html.index("Ministry press release") < context
    # the appearance: the quote in its context, a link to the article's page and the original
    assert "In her speech the minister said that <mark>unemployment fell by half last year</mark>. Critics" in html
    article = claim.appearances.get().article
    assert f'href="/articles/{article.pk}/">Minister hails jobs figures</a>' in html
    assert f'href="{article.url}"' in html
    assert "Checked by Ada Checker" in html
    assert "Corrections" not in html  # nothing changed since publication


def test_fact_check_page_sharing_tags_and_language(client, fact_check):
    claim = fact_check.claim
    claim.language = "fr"
    claim.save()
    html = client.get(page_url(claim)).content.decode()
    assert '<q lang="fr">' in html
    url = f"http://testserver{page_url(claim)}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="Mostly false: Unemployment fell by half last year">' in html
    assert '<meta property="og:description" content="It fell by a fifth, not by half.">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_embedded_claimreview_is_the_api_export_with_this_page_as_url(client, fact_check):
    claim = fact_check.claim
    html = client.get(page_url(claim)).content.decode()
    (review,) = jsonld(html)
    assert review == client.get(f"/api/claims/{claim.pk}/claimreview/").json()
    assert review["url"] == f"http://testserver{page_url(claim)}"
    assert review["claimReviewed"] == claim.text
    assert review["reviewRating"]["alternateName"] == "Mostly false"
    assert review["author"]["name"]


def test_a_verdict_with_its_own_url_keeps_it_in_the_export(client):
    verdict = published_verdict(url="https://elsewhere.example/checks/1")
    (review,) = jsonld(client.get(page_url(verdict.claim)).content.decode())
    assert review["url"] == "https://elsewhere.example/checks/1"


def test_embedded_json_ld_cannot_end_the_script_element(client):
    text = 'He said "</script><script>alert(1)</script> & <!-- more"'
    verdict = published_verdict(claim__text=text)
    html = client.get(page_url(verdict.claim)).content.decode()
    script = html[html.index('<script type="application/ld+json">') :]
    script = script[: script.index("</script>")]
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in script
    assert "<" not in script.removeprefix('<script type="application/ld+json">')
    assert "\\u0026" in script and "&" not in script
    (review,) = jsonld(html)
    assert review["claimReviewed"] == text


def test_wrong_or_missing_slug_redirects_to_the_canonical_url(client, fact_check):
    claim = fact_check.claim
    for wrong in (f"/fact-checks/{claim.pk}-old-words/", f"/fact-checks/{claim.pk}/"):
        response = client.get(wrong)
        assert response.status_code == 301
        assert response["Location"] == f"/fact-checks/{claim.pk}-unemployment-fell-by-half-last-year/"


def test_unchecked_claims_drafts_and_unknown_ids_are_404(client):
    unchecked = ClaimFactory()
    draft = VerdictFactory()
    for claim_id in (unchecked.pk, draft.claim_id, 999_999):
        response = client.get(f"/fact-checks/{claim_id}-x/")
        assert response.status_code == 404
        assert "There is no published fact-check" in response.content.decode()


def test_a_withdrawn_fact_check_is_410_with_a_note(client):
    verdict = published_verdict(summary="Withdrawn words Qzzyx")
    services.verdict_withdraw(verdict=verdict)
    response = client.get(f"/fact-checks/{verdict.claim_id}-x/")
    assert response.status_code == 410
    html = response.content.decode()
    assert "This fact-check has been withdrawn" in html
    assert "Qzzyx" not in html


def test_withdrawing_the_newest_verdict_shows_the_previous_one(client):
    older = published_verdict(summary="The first verdict")
    newer = VerdictFactory(claim=older.claim, summary="The second verdict")
    services.verdict_publish(verdict=newer)
    assert "The second verdict" in client.get(page_url(older.claim)).content.decode()
    services.verdict_withdraw(verdict=newer)
    html = client.get(page_url(older.claim)).content.decode()
    assert "The first verdict" in html and "The second verdict" not in html


def test_corrections_list_rating_and_summary_changes_since_publication(client):
    verdict = VerdictFactory(rating=rating("false"), summary="Draft wording")
    verdict.summary = "Wording at publication"
    verdict.save()  # a draft edit: not a correction
    services.verdict_publish(verdict=verdict)
    verdict.refresh_from_db()
    assert "Corrections" not in client.get(page_url(verdict.claim)).content.decode()
    verdict.rating = rating("mostly-false")
    verdict.save()
    verdict.summary = "Corrected wording"
    verdict.save()
    verdict.analysis = "More analysis"  # neither rating nor summary: not listed
    verdict.save()
    html = client.get(page_url(verdict.claim)).content.decode()
    corrections = html[html.index('id="corrections-heading"') : html.index("</section>", html.index("Corrections"))]
    assert "the rating was changed from “False” to “Mostly false”." in corrections
    assert "the summary was changed; it previously read “Wording at publication”." in corrections
    assert corrections.count("<li>") == 2
    assert "Draft wording" not in html


# --- drafts never show -----------------------------------------------------------------------


def test_no_page_feed_or_sitemap_shows_a_draft_or_its_words(client, fact_check):
    word = "Xylophrastic"
    speaker, claim = fact_check.claim.speaker, fact_check.claim
    article = claim.appearances.get().article
    # a claim whose only verdict is a draft, and a newer draft on a published claim
    draft_only = VerdictFactory(claim=ClaimFactory(speaker=speaker), summary=f"{word} summary", analysis=word)
    AppearanceFactory(claim=draft_only.claim, article=article)
    newer_draft = VerdictFactory(claim=claim, summary=f"Newer {word}", analysis=f"{word} analysis")
    from tests.factories import EvidenceFactory

    EvidenceFactory(verdict=newer_draft, title=f"{word} source", excerpt=word)
    EvidenceFactory(verdict=draft_only, title=f"{word} source", excerpt=word)
    urls = [
        "/",
        "/fact-checks/",
        "/fact-checks/?q=unemployment",  # the draft-only claim matches, and is not shown
        f"/fact-checks/?speaker_slug={speaker.slug}",
        page_url(claim),
        f"/speakers/{speaker.slug}/",
        f"/articles/{article.pk}/",
        "/feeds/fact-checks/",
        f"/feeds/fact-checks/?speaker_slug={speaker.slug}",
        f"/speakers/{speaker.slug}/feed/",
        "/sitemap.xml",
        "/sitemap-fact-checks.xml",
        "/robots.txt",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert word not in response.content.decode(), url
    assert client.get(f"/fact-checks/{draft_only.claim_id}-x/").status_code == 404
    sitemap = client.get("/sitemap-fact-checks.xml").content.decode()
    assert f"/fact-checks/{draft_only.claim_id}-" not in sitemap


def test_staff_see_no_drafts_on_the_site_either(client, fact_check, staff_user):
    VerdictFactory(claim=fact_check.claim, summary="Staff-only Plumbiferous")
    client.force_login(staff_user)
    assert "Plumbiferous" not in client.get(page_url(fact_check.claim)).content.decode()


# --- browse and search -----------------------------------------------------------------------


def result_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<h3 class="item-claim"><a href="/fact-checks/(\d+)-', html)]


@pytest.mark.parametrize(
    "query",
    [
        "q=inflation",
        "q=%22prices+rose%22",
        "q=inflation+-wages",
        "rating=false",
        "claimed_after=2020-01-03&claimed_before=2020-01-05",
        "speaker_slug=ana-analyst",
        "speaker_slug=ana-analyst&rating=false&q=inflation",
    ],
)
def test_browse_filters_mean_what_the_api_filters_mean(client, api_client, query):
    ana = SpeakerFactory(name="Ana Analyst")
    texts = ("Inflation and prices rose", "Inflation, wages fell", "Wages rose", "Inflation halved", "Prices rose")
    for i, text in enumerate(texts):
        published_verdict(
            claim__text=text,
            claim__speaker=ana if i % 2 == 0 else SpeakerFactory(),
            claim__claimed_at=datetime.date(2020, 1, 1 + i),
            rating=rating("false" if i < 3 else "true"),
        )
    ClaimFactory(text="Inflation unchecked")  # no verdict: never on the site
    response = client.get(f"/fact-checks/?{query}")
    assert response.status_code == 200
    api = api_client.get(f"/api/claims/?{query}&status=checked").json()["results"]
    assert result_ids(response.content.decode()) == [claim["id"] for claim in api]
    assert api  # every case matches something


def test_browse_rejects_bad_filter_values_with_a_message(client):
    response = client.get("/fact-checks/?rating=nope&claimed_after=yesterday")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please correct these filters" in html
    assert "rating:" in html and "claimed_after:" in html


def test_browse_ignores_tracking_parameters(client, fact_check):
    response = client.get("/fact-checks/?utm_source=social&fbclid=abc")
    assert response.status_code == 200
    assert result_ids(response.content.decode()) == [fact_check.claim_id]
    assert '<link rel="canonical" href="http://testserver/fact-checks/">' in response.content.decode()


def test_pagination_has_stable_urls(client):
    many_fact_checks(25)
    first = client.get("/fact-checks/?rating=false").content.decode()
    assert len(result_ids(first)) == 20
    assert 'rel="next" href="/fact-checks/?rating=false&amp;page=2"' in first
    assert 'rel="prev"' not in first
    second = client.get("/fact-checks/?rating=false&page=2").content.decode()
    assert len(result_ids(second)) == 5
    assert 'rel="prev" href="/fact-checks/?rating=false"' in second and 'rel="next"' not in second
    assert not set(result_ids(first)) & set(result_ids(second))
    assert '<link rel="canonical" href="http://testserver/fact-checks/?rating=false&amp;page=2">' in second
    for page in ("3", "0", "abc"):
        assert client.get(f"/fact-checks/?rating=false&page={page}").status_code == 404


@pytest.mark.parametrize("page", ["\u00b2", "99999999999999999999999", "-1"])
def test_page_numbers_that_are_no_page_are_404_on_the_site_and_the_api(client, page):
    # A superscript digit passes str.isdigit() but not int(); a page that deep would
    # overflow PostgreSQL's OFFSET: both were 500s on the site.
    many_fact_checks(1)
    speaker = Speaker.objects.first()
    for path in ("/fact-checks/", f"/speakers/{speaker.slug}/", "/api/claims/"):
        response = client.get(path, {"page": page})
        assert response.status_code == 404, path


def test_home_lists_the_latest_fact_checks_newest_published_first(client):
    old, new = many_fact_checks(2)
    html = client.get("/").content.decode()
    assert result_ids(html) == [new.claim_id, old.claim_id]
    assert 'role="search"' in html and 'action="/fact-checks/"' in html


# --- speaker and article pages ---------------------------------------------------------------


def test_speaker_page_shows_the_track_record_and_checked_claims(client, fact_check):
    speaker = fact_check.claim.speaker
    for slug in ("false", "false", "true"):
        published_verdict(claim__speaker=speaker, rating=rating(slug))
    ClaimFactory(speaker=speaker)  # logged, not checked
    response = client.get(f"/speakers/{speaker.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Maria Minister</h1>" in html and "Minister of Labour, Government" in html
    assert "Also known as The Minister" in html
    assert "4 fact-checked claims (5 logged)." in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count('class="chart-bar') == 3  # false, mostly false, true: bars for non-zero counts
    assert '<tr><th scope="row">False</th><td>2</td></tr>' in html
    assert '<tr><th scope="row">Mostly false</th><td>1</td></tr>' in html
    assert '<tr><th scope="row">True</th><td>1</td></tr>' in html
    assert len(result_ids(html)) == 4
    assert client.get("/speakers/nobody/").status_code == 404


def test_article_page_lists_the_fact_checked_claims_it_quotes(client, fact_check):
    article = fact_check.claim.appearances.get().article
    AppearanceFactory(article=article, claim=ClaimFactory(text="Unchecked words here"))
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert "Minister hails jobs figures" in html
    assert result_ids(html) == [fact_check.claim_id]
    assert "Unchecked words here" not in html
    assert client.get("/articles/999999/").status_code == 404


# --- fixed query counts ----------------------------------------------------------------------


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("home", 2),
        ("browse", 2),
        ("search", 4),
        ("fact-check", 5),
        ("speaker", 4),
        ("article", 3),
        ("feed", 1),
        ("speaker-feed", 2),
        ("sitemap", 2),
        ("sitemap-section", 2),
    ],
)
def test_each_page_costs_a_fixed_number_of_queries(client, django_assert_num_queries, name, expected):
    speaker = SpeakerFactory(name="Busy Speaker")
    article = ArticleFactory()

    def add(n):
        for verdict in many_fact_checks(n, speaker=speaker):
            AppearanceFactory(claim=verdict.claim, article=article)

    def url():
        claim = Claim.objects.filter(current_verdict__isnull=False).order_by("id").first()
        return {
            "home": "/",
            "browse": "/fact-checks/",
            "search": f"/fact-checks/?q=unemployment&rating=false&speaker_slug={speaker.slug}&claimed_after=2019-01-01",
            "fact-check": page_url(claim),
            "speaker": f"/speakers/{speaker.slug}/",
            "article": f"/articles/{article.pk}/",
            "feed": "/feeds/fact-checks/",
            "speaker-feed": f"/speakers/{speaker.slug}/feed/",
            "sitemap": "/sitemap.xml",
            "sitemap-section": "/sitemap-fact-checks.xml",
        }[name]

    add(1)
    address = url()
    with django_assert_num_queries(expected):
        assert client.get(address).status_code == 200
    add(30)
    address = url()
    with django_assert_num_queries(expected):
        assert client.get(address).status_code == 200


# --- caching and headers ---------------------------------------------------------------------


def test_anonymous_readers_get_public_cacheable_pages(client, fact_check, settings):
    settings.SITE_CACHE_SECONDS = 123
    response = client.get(page_url(fact_check.claim))
    assert response["Cache-Control"] == "public, max-age=123"
    assert "Cookie" in response["Vary"]
    assert response["ETag"] and response["Last-Modified"]
    assert "Set-Cookie" not in response.headers
    again = client.get(page_url(fact_check.claim), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(page_url(fact_check.claim), HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    fact_check.summary = "Corrected"
    fact_check.save()
    changed = client.get(page_url(fact_check.claim), HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != response["ETag"]


def test_logged_in_users_get_private_pages(client, fact_check, plain_user):
    client.force_login(plain_user)
    response = client.get(page_url(fact_check.claim))
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_site_pages_carry_a_strict_content_security_policy(client, fact_check):
    for url in ("/", page_url(fact_check.claim), "/fact-checks/?q=x", "/no-such-page/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "style-src 'self'" in policy, url
        assert "script-src" not in policy and "unsafe-inline" not in policy, url


def test_unknown_urls_are_the_sites_404_page_and_the_apis_json(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    assert client.get("/api/no-such-thing/")["Content-Type"].startswith("application/json")


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines and "Sitemap: http://testserver/sitemap.xml" in lines


def test_sitemap_lists_every_fact_check_with_its_last_modification(client):
    verdicts = many_fact_checks(3)
    VerdictFactory()  # a draft: not listed
    index = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/sitemap-fact-checks.xml</loc>" in index
    section = client.get("/sitemap-fact-checks.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", section)
    assert locations == [f"http://testserver{page_url(v.claim)}" for v in sorted(verdicts, key=lambda v: v.claim_id)]
    assert section.count("<lastmod>") == 3


# --- branding --------------------------------------------------------------------------------


def test_branding_comes_from_settings(client, settings):
    settings.SITE_NAME = "Verifica Desk"
    settings.SITE_LOGO = "verifica/logo.png"
    settings.SITE_ACCENT_COLOR = "#7a1f5c"
    html = client.get("/").content.decode()
    assert "<title>Verifica Desk</title>" in html and '<img src="/static/verifica/logo.png"' in html
    css = client.get("/branding.css")
    assert css["Content-Type"].startswith("text/css")
    assert css.content.decode() == ":root { --accent: #7a1f5c; --on-accent: #ffffff; }\n"


def test_a_hard_to_read_accent_colour_is_a_check_warning(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.SITE_ACCENT_COLOR = "#ffdd00"  # yellow on white: about 1.4:1
    with pytest.raises(SystemCheckError, match=r"website\.W002"):
        call_command("check", fail_level="WARNING")
