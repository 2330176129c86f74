"""The editor's desk in a real headless Chromium (issue 14): from an article's URL to a published
verdict with two sources, without typing a quote or an offset, then finding the claim again.

The test counts what the editor does for the one claim -- clicks (a drag to select text counts
as one), form submissions (POST navigations, seen by the browser) and fields typed or chosen --
and prints them; README ("The editor's desk") quotes the figures. Screenshots of every step:
var/screenshots/test_from_article_url_to_published_verdict/."""

import datetime
import re
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from articles.models import Article
from claims.models import Appearance, Claim, Verdict
from tests.browser import drag_select
from tests.factories import EditorFactory, SpeakerFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
SENTENCE = "there are about 10,000 fighters from the Nusra Front in Idlib"


@dataclass
class Effort:
    """What the editor does, counted as it happens."""

    clicks: int = 0
    fields: int = 0
    submissions: list = field(default_factory=list)
    log: list = field(default_factory=list)

    def click(self, locator, what):
        self.clicks += 1
        self.log.append(f"click: {what}")
        locator.click()

    def fill(self, locator, value, what):
        self.fields += 1
        self.log.append(f"type: {what}")
        locator.fill(value)

    def choose(self, locator, value, what):
        self.fields += 1
        self.log.append(f"choose: {what}")
        locator.select_option(label=value)


def test_from_article_url_to_published_verdict(live_server, browser_page, screenshot, allow_loopback, page_server):
    page = browser_page
    editor = EditorFactory(username="amina")
    speaker = SpeakerFactory(name="Staffan de Mistura", aliases=["de Mistura"], role="UN Special Envoy for Syria")
    SpeakerFactory(name="Sergei Lavrov")
    effort = Effort()
    page.on(
        "request",
        lambda request: (
            effort.submissions.append(request.url)
            if request.method == "POST" and request.is_navigation_request()
            else None
        ),
    )

    # Log in (not counted: an editor logs in once a day, not once a claim).
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.fill("input[name=username]", editor.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    assert "Claim Tracker Demo Desk" in page.locator("#site-name").inner_text()
    screenshot("admin-index")
    effort.submissions.clear()

    # 1. The article, by its URL, from the local test server.
    effort.click(page.locator("#content-main tr.model-article th a"), "Articles")
    effort.click(page.locator("#add-by-url"), "Add article by URL")
    screenshot("add-by-url")
    effort.fill(page.locator("#id_url"), f"{page_server}/envoy-idlib.html", "article URL")
    effort.click(page.get_by_role("button", name="Fetch and read"), "Fetch and read")
    page.wait_for_url(re.compile(r".*/read/$"))
    article = Article.objects.get()
    assert page.locator("#article-title").inner_text() == "UN envoy warns of Idlib offensive"
    assert "The Daily Example · 7 September 2018 · Amina Rahman" in page.locator(".reading-meta").inner_text()
    assert SENTENCE in page.locator("#article-body").inner_text()
    assert page.locator("#log-claim").get_attribute("aria-disabled") == "true"
    screenshot("reading-view")

    # 2. Select the sentence in the text and log it: quote, offsets, speaker come from the page.
    effort.clicks += 1
    effort.log.append("select: the sentence (one drag)")
    drag_select(page, SENTENCE)
    start = article.body.index(SENTENCE)
    log_claim = page.locator("#log-claim")
    assert log_claim.get_attribute("aria-disabled") == "false"
    href = log_claim.get_attribute("href")
    assert href.endswith(f"?start={start}&end={start + len(SENTENCE)}"), href
    assert SENTENCE in page.locator("#selection-preview").inner_text()
    screenshot("text-selected")
    effort.click(log_claim, "Log claim")
    page.wait_for_url(re.compile(r".*/log-claim/.*"))
    assert page.locator("#quote").inner_text() == SENTENCE
    assert page.locator("#id_text").input_value() == SENTENCE
    assert page.locator("#id_speaker").input_value() == str(speaker.pk)
    assert "Staffan de Mistura" in page.locator(".field-speaker .select2-selection__rendered").inner_text()
    assert not page.locator("#id_is_direct_quote").is_checked()  # reported speech
    assert page.locator("#id_claimed_at").input_value() == "2018-09-07"
    screenshot("log-claim-form")
    effort.fill(page.locator("#id_text"), "There are about 10,000 Nusra Front fighters in Idlib", "claim as checked")
    effort.click(page.get_by_role("button", name="Save and add verdict"), "Save and add verdict")
    page.wait_for_url(re.compile(r".*/claims/verdict/add/\?claim=\d+$"))
    claim = Claim.objects.get()
    appearance = Appearance.objects.get()
    assert (appearance.quote, appearance.start, appearance.end) == (SENTENCE, start, start + len(SENTENCE))
    assert (claim.speaker, appearance.article, appearance.is_direct_quote) == (speaker, article, False)
    assert claim.claimed_at == datetime.date(2018, 9, 7)

    # 3. The verdict, claim filled in, with two sources; publish after seeing what readers will.
    assert page.locator("#id_claim").input_value() == str(claim.pk)
    assert page.locator("#id_evidence-0-stance").is_visible()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 1366, f"the verdict form scrolls sideways ({page_width} px)"
    screenshot("verdict-form")
    effort.choose(page.locator("#id_rating"), "Mostly true", "rating")
    effort.fill(page.locator("#id_summary"), "The UN's own estimate; monitors count 10,000 to 12,000.", "summary")
    effort.fill(page.locator("#id_evidence-0-url"), "https://un.example/briefings/2018-09-07", "source 1 URL")
    effort.choose(page.locator("#id_evidence-0-stance"), "Supports", "source 1 stance")
    effort.fill(page.locator("#id_evidence-1-url"), "https://monitor.example/idlib-fighters", "source 2 URL")
    effort.choose(page.locator("#id_evidence-1-stance"), "Context", "source 2 stance")
    effort.click(page.locator("#publish-button"), "Save and publish…")
    dialog = page.locator("#publish-dialog")
    assert dialog.is_visible()
    preview = dialog.inner_text()
    assert "Claim: “There are about 10,000 Nusra Front fighters in Idlib”" in preview
    assert "Our rating: Mostly true" in preview
    assert "The UN's own estimate" in preview
    assert "SUPPORTS" in preview.upper() and "https://monitor.example/idlib-fighters" in preview
    screenshot("publish-confirmation", full_page=False)
    effort.click(page.locator("#confirm-publish"), "Publish (confirm)")
    page.wait_for_url(re.compile(r".*/claims/verdict/\d+/change/$"))
    assert "Published: readers now see" in page.locator(".messagelist").inner_text()
    verdict = Verdict.objects.get()
    claim.refresh_from_db()
    assert verdict.is_published and verdict.evidence.count() == 2
    assert claim.status == Claim.Status.CHECKED and claim.current_verdict == verdict
    assert page.locator("#withdraw-button").is_visible()
    assert "Mostly true" in page.locator("#reader-preview").inner_text()
    screenshot("verdict-published")

    print(
        f"\nEditor's effort for one claim with a two-source verdict from an article URL: "
        f"{effort.clicks} clicks, {len(effort.submissions)} form submissions, {effort.fields} fields typed or "
        f"chosen (no quote or offset typed)\n  " + "\n  ".join(effort.log)
    )
    assert effort.clicks <= 8
    assert len(effort.submissions) <= 3

    # 4. The article now highlights the claim (reported style), linking to it.
    page.goto(live_server.url + reverse("admin:articles_article_read", args=(article.pk,)))
    highlight = page.locator("#article-body a.hl.reported")
    assert highlight.inner_text() == SENTENCE
    screenshot("reading-view-highlighted")
    highlight.click()
    page.wait_for_url(live_server.url + reverse("admin:claims_claim_change", args=(claim.pk,)))
    assert "Mostly true" in page.locator("#claim-verdicts").inner_text()
    assert "Checked" in page.locator("#id_status option:checked").inner_text()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 1366, f"the claim page scrolls sideways ({page_width} px)"
    screenshot("claim-page")

    # 5. Found again by speaker and date.
    page.goto(live_server.url + reverse("admin:claims_claim_changelist"))
    page.locator(".speaker-filter .select2-selection").click()
    page.locator(".select2-search__field").fill("Mistura")
    page.locator(".select2-results__option", has_text="Staffan de Mistura").click()
    page.wait_for_url(re.compile(rf".*speaker__id__exact={speaker.pk}.*"))
    page.fill("#claimed-at-from", "2018-09-01")
    page.fill("#claimed-at-to", "2018-09-30")
    page.locator("#claimed-at-range button").click()
    page.wait_for_url(re.compile(r".*claimed_at__gte=2018-09-01.*"))
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "There are about 10,000 Nusra Front fighters" in rows.first.inner_text()
    screenshot("found-by-speaker-and-date")
    page.fill("#claimed-at-from", "2018-10-01")
    page.fill("#claimed-at-to", "")
    page.locator("#claimed-at-range button").click()
    page.wait_for_url(re.compile(r".*claimed_at__gte=2018-10-01.*"))
    assert page.locator("#result_list tbody tr").count() == 0
