"""Atom feeds (issue 17): valid Atom, parsed with feedparser, following the browse filters."""

import sys

import feedparser
import pytest

from tests.factories import SpeakerFactory, VerdictFactory, published_verdict, rating

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_the_feed_is_valid_atom_with_every_published_fact_check(client, fact_check):
    VerdictFactory(summary="A draft")
    feed = parse(client, "/feeds/fact-checks/")
    assert feed.feed.title == "Claim Tracker Demo Desk: fact-checks"
    assert feed.feed.link == "http://testserver/fact-checks/"
    assert feed.feed.updated_parsed
    (entry,) = feed.entries
    assert entry.title == "Mostly false: Unemployment fell by half last year"
    assert entry.link == f"http://testserver{fact_check.claim.get_absolute_url()}"
    assert entry.id == entry.link
    assert entry.author == "Claim Tracker Demo Desk"
    assert "It fell by a fifth, not by half." in entry.summary
    assert entry.published_parsed and entry.updated_parsed
    assert [tag.term for tag in entry.tags] == ["Mostly false"]


def test_the_feed_follows_the_browse_filters(client):
    ana = SpeakerFactory(name="Ana Analyst")
    wanted = published_verdict(claim__speaker=ana, claim__text="Inflation doubled", rating=rating("false"))
    published_verdict(claim__speaker=ana, claim__text="Inflation halved", rating=rating("true"))
    published_verdict(claim__text="Inflation tripled", rating=rating("false"))
    feed = parse(client, f"/feeds/fact-checks/?speaker_slug={ana.slug}&rating=false&q=inflation")
    assert [entry.link for entry in feed.entries] == [f"http://testserver{wanted.claim.get_absolute_url()}"]
    # the same filters, in the site's order of parameters
    assert feed.feed.link == f"http://testserver/fact-checks/?q=inflation&speaker_slug={ana.slug}&rating=false"
    assert feed.feed.title == "Claim Tracker Demo Desk: fact-checks matching “inflation”"
    everything = parse(client, "/feeds/fact-checks/?q=inflation")
    assert len(everything.entries) == 3


def test_the_browse_page_links_its_feed(client, fact_check):
    html = client.get("/fact-checks/?rating=mostly-false").content.decode()
    assert 'type="application/atom+xml"' in html
    assert 'href="/feeds/fact-checks/?rating=mostly-false"' in html


def test_a_bad_filter_is_a_400_naming_it(client):
    response = client.get("/feeds/fact-checks/?rating=nope")
    assert response.status_code == 400
    assert response.content.decode().startswith("rating:")


def test_a_speaker_feed_has_only_their_fact_checks(client, fact_check):
    speaker = fact_check.claim.speaker
    published_verdict()  # someone else
    feed = parse(client, f"/speakers/{speaker.slug}/feed/")
    assert feed.feed.title == "Claim Tracker Demo Desk: fact-checks of Maria Minister"
    assert [entry.link for entry in feed.entries] == [f"http://testserver{fact_check.claim.get_absolute_url()}"]
    assert client.get("/speakers/nobody/feed/").status_code == 404


def test_feeds_are_cacheable(client, fact_check):
    response = client.get("/feeds/fact-checks/")
    assert response["Cache-Control"].startswith("public")
    assert client.get("/feeds/fact-checks/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


@pytest.mark.django_db(transaction=True)
def test_concurrent_feeds_for_different_filters_each_get_their_own(live_server):
    # One feed instance serves every request (urls.py); with a threaded server, a filter kept
    # on it between __call__ and the feed's title and items gave one request another's feed.
    from concurrent.futures import ThreadPoolExecutor
    from urllib.request import urlopen

    published_verdict(claim__text="Inflation doubled")
    published_verdict(claim__text="Unemployment halved")

    def feed_for(query):
        with urlopen(f"{live_server.url}/feeds/fact-checks/?q={query}", timeout=10) as response:
            feed = feedparser.parse(response.read())
        return query, feed.feed.link, [entry.title for entry in feed.entries]

    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # the server's threads interleave as often as they can
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(feed_for, ["inflation", "unemployment"] * 20))
    finally:
        sys.setswitchinterval(switch_interval)
    for query, link, entries in results:
        assert link.endswith(f"/fact-checks/?q={query}")
        assert len(entries) == 1
        assert query in entries[0].lower()
