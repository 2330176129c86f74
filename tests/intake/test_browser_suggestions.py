"""In a real browser: an editor adds the demo article in the admin, sees the extracted
suggestions, accepts three with one click each, and finds the three claims with exact
offsets and the right speakers. The editor's actions are counted."""

import re

import pytest

from articles.models import Article, Publisher
from claims.demo import idlib
from claims.models import Claim
from intake.models import Suggestion

from ..factories import EditorFactory

pytestmark = pytest.mark.django_db(transaction=True)

ACCEPT = (
    "all armed opposition groups in Idlib were preparing for a major battle, fortifying their positions, "
    "digging tunnels and detonating bridges",
    "If this is confirmed, and we are looking into it, this can be taken as a sign of the unwillingness to "
    "separate from Nusra.",
    "HTS terrorists are planning a false-flag chemical weapons attack in Idlib in a bid to provoke Western "
    "retaliation against the Syrian government",
)


def test_editor_adds_the_demo_article_and_accepts_three_suggestions(live_server, browser_page, screenshot):
    page = browser_page
    EditorFactory(username="desk", password="pw-for-the-desk")
    Publisher.objects.create(name="Pakistan Point News", domain="pakistanpoint.com")
    actions = 0

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

    # Opening the article's suggestions is where counting starts.
    page.goto(live_server.url + f"/admin/intake/suggestion/?article__id__exact={article.pk}&state__exact=pending")
    screenshot("suggestions")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == Suggestion.objects.filter(article=article).count() >= 8
    for quote in ACCEPT:
        row = page.locator("#result_list tbody tr", has_text=quote[:60])
        row.get_by_role("button", name="Accept").click()
        actions += 1
        page.wait_for_selector(".messagelist .success")
    screenshot("accepted")

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
    assert actions == 3  # one click per claim after opening the article's suggestions


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
    assert actions == 7
    claims = Claim.objects.filter(appearances__article=article).select_related("speaker")
    assert sorted(c.speaker.name for c in claims) == [
        "Ana Ruiz",
        "Ana Ruiz",
        "Local fishermen",
        "city auditor",
        "port authority",
    ]
    for claim in claims:
        (appearance,) = claim.appearances.all()
        assert article.body[appearance.start : appearance.end] == appearance.quote
