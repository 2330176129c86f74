"""In a real browser: an editor adds the demo article in the admin, sees the extracted
suggestions highlighted in its reading view, accepts three there (one in place, from the
card its highlight opens; two from the side panel, one click each), and finds the three
claims with exact offsets and the right speakers. The editor's actions are counted and
printed (README, "On the editor's desk")."""

import re

import pytest

from articles.models import Article, Publisher
from claims.demo import idlib
from claims.models import Claim
from intake.models import Suggestion

from ..browser import drag_select
from ..factories import EditorFactory
from ..test_csp import blocked, csp_violations

pytestmark = pytest.mark.django_db(transaction=True)

ACCEPT = (
    "all armed opposition groups in Idlib were preparing for a major battle, fortifying their positions, "
    "digging tunnels and detonating bridges",
    "If this is confirmed, and we are looking into it, this can be taken as a sign of the unwillingness to "
    "separate from Nusra.",
    "HTS terrorists are planning a false-flag chemical weapons attack in Idlib in a bid to provoke Western "
    "retaliation against the Syrian government",
)


def claims_of_the_new_article(article):
    """The claims logged from NEW_ARTICLE, checked to be its five, with the right speakers."""
    claims = Claim.objects.filter(appearances__article=article).select_related("speaker")
    assert sorted(c.speaker.name for c in claims) == [
        "Ana Ruiz",
        "Ana Ruiz",
        "Local fishermen",
        "city auditor",
        "port authority",
    ]
    return claims


def test_editor_adds_the_demo_article_and_accepts_three_suggestions(live_server, browser_page, screenshot):
    page = browser_page
    EditorFactory(username="desk", password="pw-for-the-desk")
    Publisher.objects.create(name="Pakistan Point News", domain="pakistanpoint.com")
    actions = 0
    console = csp_violations(page)  # the reading view's script is a static file (CSP)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "desk")
    page.fill("input[name=password]", "pw-for-the-desk")
    page.click("input[type=submit]")

    page.goto(live_server.url + "/admin/articles/article/add/")
    page.fill("input[name=url]", idlib.ARTICLE["url"])
    page.fill("input[name=title]", idlib.ARTICLE["title"])
    page.click(".field-publisher .select2-selection")
    page.fill(".select2-search__field", "Pakistan")
    page.click(".select2-results__option:has-text('Pakistan Point News')")
    page.fill("input[name=published_at_0]", "2018-09-07")
    page.fill("input[name=published_at_1]", "12:00:00")
    page.fill("textarea[name=body]", idlib.ARTICLE["body"])
    page.click("input[name=_save]")
    # The desk opens the new article's reading view (issue 14).
    page.wait_for_url(re.compile(r".*/admin/articles/article/\d+/"))
    article = Article.objects.get(url=idlib.ARTICLE["url"])
    # A browser submits a textarea's line breaks as CRLF; offsets index the body as stored.
    assert article.body.replace("\r\n", "\n") == idlib.ARTICLE["body"]

    # The reading view, where the desk opened the article, is where counting starts.
    assert page.url.endswith(f"/admin/articles/article/{article.pk}/read/")
    pending = Suggestion.objects.filter(article=article, state="pending")
    assert pending.count() >= 8
    highlights = page.locator("#article-body .hl.suggestion")
    assert highlights.count() >= pending.count()  # a highlight may be cut where marks overlap
    for quote in ACCEPT:
        assert page.locator("#article-body .hl.suggestion", has_text=quote[:40]).count() >= 1
    assert page.locator("#suggestions .suggestion-item").count() == pending.count()
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot("reading-view-suggestions-1440")
    page.set_viewport_size({"width": 375, "height": 812})
    # One column on a phone: nothing scrolls sideways; the highlights read as on a laptop.
    assert page.evaluate("document.querySelector('#content-main').scrollWidth") <= 375
    page.locator("#article-body .hl.suggestion", has_text=ACCEPT[1][:40]).first.scroll_into_view_if_needed()
    screenshot("reading-view-suggestions-375", full_page=False)
    page.locator("#suggestions").scroll_into_view_if_needed()
    screenshot("suggestions-panel-375", full_page=False)

    # Selecting words across a suggestion's edge (plain text, then highlighted words) still
    # gives "Log claim" the body's exact offsets -- CRLF line breaks of the pasted body included.
    page.set_viewport_size({"width": 1440, "height": 900})
    assert "\r\n" in article.body
    across = "De Mistura warned that all armed opposition groups"
    drag_select(page, across)
    start = article.body.index(across)
    href = page.locator("#log-claim").get_attribute("href")
    assert href.endswith(f"?start={start}&end={start + len(across)}"), href

    # 1. In place: click the highlighted words, the card opens by them, Accept.
    mark = page.locator("#article-body .hl.suggestion", has_text=ACCEPT[0][:40]).first
    mark.click()
    actions += 1
    card = page.locator("#suggestion-popover")
    assert card.is_visible()
    assert ACCEPT[0][:60] in card.inner_text()
    assert re.search(r"\d+% sure", card.inner_text())
    assert "Staffan de Mistura" in card.locator(".suggestion-speaker").inner_text()
    card_box, mark_box = card.bounding_box(), mark.bounding_box()
    assert 0 <= card_box["y"] - (mark_box["y"] + mark_box["height"]) <= 12  # right under the words
    screenshot("suggestion-card-1440", full_page=False)
    page.set_viewport_size({"width": 375, "height": 812})
    mark.click()  # the card follows the words to their place in one column
    card_box = card.bounding_box()
    assert card_box["x"] >= 0
    assert card_box["x"] + card_box["width"] <= 375
    screenshot("suggestion-card-375", full_page=False)
    with page.expect_navigation():
        card.get_by_role("button", name="Accept").click()
    actions += 1
    assert "Accepted: “all armed opposition groups" in page.locator(".messagelist .success").inner_text()
    page.set_viewport_size({"width": 1440, "height": 900})
    # The words are the claim's appearance now, no longer a suggestion.
    assert page.locator("#article-body a.hl.reported[href]", has_text=ACCEPT[0][:40]).count() >= 1
    assert page.locator("#article-body .hl.suggestion", has_text=ACCEPT[0][:40]).count() == 0

    # 2, 3. From the side panel: one click each.
    for quote in ACCEPT[1:]:
        item = page.locator("#suggestions .suggestion-item", has_text=quote[:60])
        with page.expect_navigation():
            item.get_by_role("button", name="Accept").click()
        actions += 1
        assert "Accepted:" in page.locator(".messagelist .success").inner_text()
        assert page.locator("#suggestions .suggestion-item", has_text=quote[:60]).count() == 0
    screenshot("accepted")
    print(f"\nEditor's actions for three claims accepted in the reading view of the demo article: {actions}")
    assert blocked(console) == []
    assert errors == []

    claims = Claim.objects.filter(appearances__article=article).select_related("speaker")
    assert claims.count() == 3
    speakers = {}
    for claim in claims:
        (appearance,) = claim.appearances.all()
        assert article.body[appearance.start : appearance.end] == appearance.quote
        suggestion = Suggestion.objects.get(claim=claim)
        assert (appearance.start, appearance.end) == (suggestion.start, suggestion.end)
        speakers[appearance.quote] = claim.speaker.name
    assert speakers == {
        ACCEPT[0]: "Staffan de Mistura",
        ACCEPT[1]: "Staffan de Mistura",
        ACCEPT[2]: "Russian officials",
    }
    assert actions == 4  # one click for each claim, plus one to open a card in place


NEW_ARTICLE = (
    "Harbour plan approved\n\n"
    "Mayor Ana Ruiz said the harbour would reopen in June. "
    '"We have repaired every pier," she told reporters.\n\n'
    "The port authority warned that fees would rise by a tenth. "
    "According to the city auditor, the works cost 4 million euros.\n\n"
    "Local fishermen complained that the works had cost them a season.\n"
)


def test_five_claims_from_a_new_article_with_bulk_accept(live_server, browser_page, screenshot):
    """Counts the editor's actions for five claims: tick five suggestions, pick the bulk
    action, press Go — seven actions (one click per claim with the row buttons instead)."""
    from ..factories import ArticleFactory

    page = browser_page
    EditorFactory(username="desk", password="pw-for-the-desk")
    article = ArticleFactory(body=NEW_ARTICLE)
    assert Suggestion.objects.filter(article=article).count() == 5  # extracted on creation
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "desk")
    page.fill("input[name=password]", "pw-for-the-desk")
    page.click("input[type=submit]")

    page.goto(live_server.url + f"/admin/intake/suggestion/?article__id__exact={article.pk}")
    actions = 0
    for box in page.locator("#result_list tbody input.action-select").all():
        box.check()
        actions += 1
    page.select_option("select[name=action]", "accept_selected")
    actions += 1
    page.click("button[name=index]")
    actions += 1
    page.wait_for_selector(".messagelist .success")
    screenshot("bulk-accepted")
    print(f"\nEditor's actions for five claims with the changelist's bulk accept: {actions}")
    assert actions == 7
    claims = claims_of_the_new_article(article)
    for claim in claims:
        (appearance,) = claim.appearances.all()
        assert article.body[appearance.start : appearance.end] == appearance.quote


def test_five_claims_from_a_new_article_in_the_reading_view(live_server, browser_page, screenshot):
    """The same five claims from the reading view: one click each on the side panel's
    Accept, the goal of at most one action per claim after opening the article."""
    from ..factories import ArticleFactory

    page = browser_page
    EditorFactory(username="desk", password="pw-for-the-desk")
    article = ArticleFactory(body=NEW_ARTICLE)
    assert Suggestion.objects.filter(article=article).count() == 5
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "desk")
    page.fill("input[name=password]", "pw-for-the-desk")
    page.click("input[type=submit]")

    page.goto(live_server.url + f"/admin/articles/article/{article.pk}/read/")
    assert page.locator("#article-body .hl.suggestion").count() == 5
    screenshot("five-suggestions")
    actions = 0
    for _ in range(5):
        with page.expect_navigation():
            page.locator("#suggestions .suggestion-item").first.get_by_role("button", name="Accept").click()
        actions += 1
        assert "Accepted:" in page.locator(".messagelist .success").inner_text()
    assert page.locator("#article-body .hl.suggestion").count() == 0
    assert page.locator("#article-body a.hl[href]").count() == 5
    screenshot("five-accepted")
    print(f"\nEditor's actions for five claims from the reading view: {actions}")
    assert actions == 5
    claims = claims_of_the_new_article(article)
    for claim in claims:
        (appearance,) = claim.appearances.all()
        suggestion = Suggestion.objects.get(claim=claim)
        assert (appearance.start, appearance.end) == (suggestion.start, suggestion.end)
        assert article.body[appearance.start : appearance.end] == appearance.quote
