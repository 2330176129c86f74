"""Article intake by URL (issue 14) against saved pages on a local server: the fetch is
SSRF-safe, the extractor fills the article, errors are clear 400s and nothing is half-saved."""

import datetime
import socket

import pytest

from articles.models import Article, Publisher
from intake import fetching
from intake.fetching import FetchError, check_address
from tests.api import assert_status
from tests.factories import ArticleFactory, PublisherFactory

INTAKE = "/api/articles/intake/"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.5",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "100.64.0.1",  # carrier-grade NAT
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
    ],
)
def test_internal_addresses_are_refused(address):
    with pytest.raises(FetchError, match="internal or reserved"):
        check_address(address)


def test_public_addresses_pass():
    assert str(check_address("93.184.216.34")) == "93.184.216.34"
    assert str(check_address("2606:2800:220:1:248:1893:25c8:1946")).startswith("2606:")


def test_loopback_needs_the_test_setting(db, page_server, editor_api):
    """Production refuses the local page server like any internal address."""
    response = editor_api.post(INTAKE, {"url": f"{page_server}/envoy-idlib.html"})
    assert_status(response, 400)
    assert "internal or reserved address" in response.json()["fields"]["url"][0]  # or-ok: words of the message
    assert not Article.objects.exists()


def test_a_name_resolving_to_any_internal_address_is_refused(monkeypatch):
    """DNS answers with a public and a private address: refused, whichever would be used."""

    def fake_getaddrinfo(host, port, type=0):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    monkeypatch.setattr(fetching.socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(FetchError, match=r"10\.0\.0\.7"):
        fetching.fetch("http://news.example/article")


def test_the_connection_goes_to_the_checked_address(monkeypatch, allow_loopback, page_server):
    """No second lookup (DNS rebinding): the name is resolved once, then the checked IP is dialled
    with the original Host header."""
    port = int(page_server.rsplit(":", 1)[1])
    lookups = []

    def fake_getaddrinfo(host, port_, *args, **kwargs):
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port_))]

    monkeypatch.setattr(fetching.socket, "getaddrinfo", fake_getaddrinfo)
    page = fetching.fetch(f"http://news.invalid:{port}/envoy-idlib.html")
    # Resolved once; the connection itself only "resolves" the literal address it was given.
    assert lookups.count("news.invalid") == 1
    assert set(lookups) == {"news.invalid", "127.0.0.1"}
    assert "Staffan de Mistura" in page.html


def test_intake_by_url_fills_the_article(db, allow_loopback, page_server, editor_api):
    url = f"{page_server}/envoy-idlib.html?utm_source=newsletter"
    response = editor_api.post(INTAKE, {"url": url})
    assert_status(response, 201)
    data = response.json()
    assert data["url"] == f"{page_server}/envoy-idlib.html"
    assert data["title"] == "UN envoy warns of Idlib offensive"
    assert data["byline"] == "Amina Rahman"
    assert data["published_at"] == "2018-09-07T00:00:00Z"
    assert data["language"] == "en"
    assert data["publisher"]["domain"] == "127.0.0.1"
    assert data["publisher"]["name"] == "The Daily Example"
    body = data["body"]
    assert body.startswith("GENEVA — The United Nations envoy")
    assert "Staffan de Mistura told reporters that there are about 10,000 fighters" in body
    # Navigation, sidebars and footers are not the article.
    for chrome in ("Subscribe", "Most read", "All rights reserved"):
        assert chrome not in body
    assert "\n\n" in body  # paragraphs kept apart


def test_the_publisher_is_matched_by_domain(db, allow_loopback, page_server, editor_api):
    known = PublisherFactory(name="Daily Example", domain="127.0.0.1")
    response = editor_api.post(INTAKE, {"url": f"{page_server}/french.html"})
    assert_status(response, 201)
    assert response.json()["publisher"]["id"] == known.pk
    assert response.json()["language"] == "fr-FR"
    assert Publisher.objects.count() == 1


def test_redirects_are_followed_and_each_hop_checked(db, allow_loopback, page_server, editor_api):
    response = editor_api.post(INTAKE, {"url": f"{page_server}/redirect/envoy-idlib.html"})
    assert_status(response, 201)
    assert response.json()["title"] == "UN envoy warns of Idlib offensive"

    response = editor_api.post(INTAKE, {"url": f"{page_server}/redirect/http://169.254.169.254/latest/meta-data/"})
    assert_status(response, 400)
    assert "169.254.169.254" in response.json()["fields"]["url"][0]


@pytest.mark.parametrize(
    "path, message",
    [
        ("/no-text.html", "No article text was found"),
        ("/missing.html", "The site answered 404"),
        ("/image.png", "not a web page (image/png)"),
        ("/huge.html", "larger than 1024 KiB"),
        ("/slow.html", "did not answer within 1.5 seconds"),
        ("/redirect/redirect/redirect/redirect/redirect/redirect/envoy-idlib.html", "redirected more than 5 times"),
    ],
)
def test_unfetchable_pages_are_a_clear_400_and_save_nothing(db, allow_loopback, page_server, editor_api, path, message):
    response = editor_api.post(INTAKE, {"url": page_server + path})
    assert_status(response, 400)
    assert message in response.json()["fields"]["url"][0]
    assert not Article.objects.exists()
    assert not Publisher.objects.exists()


@pytest.mark.parametrize(
    "url, message",
    [
        ("file:///etc/passwd", "http:// or https://"),
        ("ftp://example.org/a", "http:// or https://"),
        ("gopher://127.0.0.1:6379/_INFO", "http:// or https://"),
        ("http://user:secret@example.org/", "user name or password"),
        ("not a url", "http:// or https://"),
        ("http://example.com:99999/x", "Port out of range"),
    ],
)
def test_only_plain_http_and_https_urls(db, editor_api, url, message):
    response = editor_api.post(INTAKE, {"url": url})
    assert_status(response, 400)
    assert message in response.json()["fields"]["url"][0]


def test_a_known_url_is_refused_before_fetching(db, editor_api):
    existing = ArticleFactory(url="https://news.example/known")
    response = editor_api.post(INTAKE, {"url": "https://NEWS.example/known#comments"})
    assert_status(response, 400)
    assert f"already on the desk (article {existing.pk})" in response.json()["fields"]["url"][0]


def test_pasted_html_and_pasted_text(db, editor_api):
    html = (fetching_pages() / "envoy-idlib.html").read_text()
    response = editor_api.post(INTAKE, {"url": "https://dailyexample.com/envoy", "html": html})
    assert_status(response, 201)
    assert response.json()["publisher"]["domain"] == "dailyexample.com"
    assert "10,000 fighters" in response.json()["body"]

    response = editor_api.post(
        INTAKE,
        {"url": "https://dailyexample.com/text", "text": "First paragraph.\n\nSecond  one.", "title": "Pasted"},
    )
    assert_status(response, 201)
    assert response.json()["body"] == "First paragraph.\n\nSecond one."
    assert Publisher.objects.filter(domain="dailyexample.com").count() == 1

    response = editor_api.post(INTAKE, {"url": "https://dailyexample.com/t2", "text": "Words."})
    assert_status(response, 400)
    assert "title" in response.json()["fields"]


def test_intake_needs_the_add_article_permission(db, api_client, plain_user):
    assert_status(api_client.post(INTAKE, {"url": "https://news.example/x"}), 401)
    api_client.force_authenticate(plain_user)
    assert_status(api_client.post(INTAKE, {"url": "https://news.example/x"}), 403)


def test_the_extractor_reads_a_published_date(db):
    from intake.pages import parse_article

    parsed = parse_article((fetching_pages() / "french.html").read_text(), url="https://quotidien.example/a")
    assert parsed.published_at == datetime.datetime(2024, 3, 2, tzinfo=datetime.UTC)
    assert parsed.site_name == "Le Quotidien Exemple"


def fetching_pages():
    from tests.intake.conftest import PAGES

    return PAGES
