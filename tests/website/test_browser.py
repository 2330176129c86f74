"""The public site in headless Chromium (issue 17): a reader's way from the home page to a
fact-check and its speaker, at a phone's 375 px and a desktop's 1440 px, with JavaScript off
(the site needs none), the embedded ClaimReview as a crawler reads it, and axe-core.

Screenshots: var/screenshots/<test>/ (README, "Public site")."""

import json
from pathlib import Path

import pytest

from tests.browser import requires_chromium

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (375, 1440)


@pytest.fixture
def reader(chromium_browser):
    """A browser profile with JavaScript disabled: every page must work without it."""
    context = chromium_browser.new_context(java_script_enabled=False, locale="en-US")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_reader_searches_reads_a_fact_check_and_follows_the_speaker(live_server, fact_check, reader, screenshot, width):
    page = reader
    page.set_viewport_size({"width": width, "height": 900})
    claim = fact_check.claim

    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", name="Latest fact-checks").is_visible()
    assert page.get_by_role("link", name=claim.text).is_visible()
    assert not horizontal_scroll(page, width)
    screenshot(f"home-{width}", page=page)

    page.get_by_label("Search the fact-checks").fill("unemployment half")
    page.get_by_label("Search the fact-checks").press("Enter")
    page.wait_for_url("**/fact-checks/?q=unemployment+half")
    assert page.get_by_role("heading", name="Search results").is_visible()
    results = page.locator(".fact-check-item")
    assert results.count() == 1
    assert results.first.locator(".badge").inner_text() == "Mostly false"
    screenshot(f"search-{width}", page=page)

    results.first.get_by_role("link", name=claim.text).click()
    page.wait_for_url(f"**{claim.get_absolute_url()}")
    assert page.locator("h1 q").inner_text() == claim.text
    assert page.locator(".verdict .badge").inner_text() == "Mostly false"
    assert page.get_by_text("It fell by a fifth, not by half.").is_visible()
    for heading in ("Our rating", "Analysis", "Evidence", "Where it was said"):
        assert page.get_by_role("heading", name=heading).is_visible(), heading
    assert page.get_by_role("link", name="Labour force survey").is_visible()
    assert page.locator(".in-context mark").inner_text() == "unemployment fell by half last year"
    assert not horizontal_scroll(page, width)
    screenshot(f"fact-check-{width}", page=page)

    # The ClaimReview a crawler reads: Google's required fields, this page as url, the API's export.
    review = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert review["reviewRating"]["alternateName"] == "Mostly false"
    assert review["url"] == page.url
    assert review["author"]["name"] == "Claim Tracker Demo Desk"
    exported = page.request.get(f"{live_server.url}/api/claims/{claim.pk}/claimreview/").json()
    assert review == exported

    page.get_by_role("link", name="Maria Minister").first.click()
    page.wait_for_url(f"**/speakers/{claim.speaker.slug}/")
    assert page.locator("h1").inner_text() == "Maria Minister"
    assert page.locator("svg.chart rect.chart-bar").count() == 1
    assert page.get_by_role("table").locator("tr", has_text="Mostly false").locator("td").inner_text() == "1"
    assert page.get_by_role("link", name=claim.text).is_visible()
    assert not horizontal_scroll(page, width)
    screenshot(f"speaker-{width}", page=page)


def horizontal_scroll(page, width) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") > width


def test_pages_load_nothing_the_policy_blocks(live_server, fact_check, browser_page):
    """With JavaScript on, as most readers have it: the strict CSP blocks nothing the page uses."""
    errors = []
    browser_page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    # A request the next navigation cut short (the favicon loads after the load event) is
    # net::ERR_ABORTED; one the policy refused is a console error and ERR_BLOCKED_BY_CSP.
    browser_page.on(
        "requestfailed",
        lambda request: (
            None
            if request.failure == "net::ERR_ABORTED"
            else errors.append(f"failed: {request.url} ({request.failure})")
        ),
    )
    for path in ("/", fact_check.claim.get_absolute_url(), f"/speakers/{fact_check.claim.speaker.slug}/"):
        browser_page.goto(live_server.url + path)
        # The stylesheet applied: the header has the accent colour from /branding.css.
        colour = browser_page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        assert colour == "rgb(11, 92, 173)", path
    assert errors == []


NO_AXE = "axe-core is not installed: run `npm ci --prefix tests/website` (make test does when npm exists)"


@pytest.mark.skipif(not AXE.exists(), reason=NO_AXE)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_serious_or_critical_accessibility_violations(live_server, fact_check, chromium_browser, width, request):
    """axe-core (WCAG 2.1 A/AA rules and best practices) on every kind of page; fails on any
    serious or critical violation. The report lands beside the screenshots."""
    # bypass_csp: the site's CSP rightly forbids the test's injected script.
    context = chromium_browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    claim = fact_check.claim
    paths = [
        "/",
        "/fact-checks/?q=unemployment",
        "/fact-checks/?rating=nope",  # the error state
        claim.get_absolute_url(),
        f"/speakers/{claim.speaker.slug}/",
        f"/articles/{claim.appearances.get().article_id}/",
        "/no-such-page/",
    ]
    source = AXE.read_text()
    report, blocking = {}, []
    try:
        for path in paths:
            page.goto(live_server.url + path)
            page.add_script_tag(content=source)
            result = page.evaluate(
                """async () => await axe.run(document, {runOnly: {type: "tag",
                    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})"""
            )
            report[path] = [
                {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
                for v in result["violations"]
            ]
            blocking += [
                (path, v["id"], v["impact"]) for v in result["violations"] if v["impact"] in ("serious", "critical")
            ]
            assert result["passes"], path  # axe really ran
    finally:
        context.close()
    from tests.browser import SCREENSHOT_DIR

    folder = SCREENSHOT_DIR / request.node.name.replace("[", "_").replace("]", "_")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "axe.json").write_text(json.dumps(report, indent=2))
    assert blocking == [], json.dumps(report, indent=2)
