"""The editor's desk in the admin (issue 14): add by URL, the reading view with its highlights,
logging a selected passage as a claim, and fixed query counts whatever the data size."""

import pytest
from django.urls import reverse

from articles.models import Article
from claims import services
from claims.models import Appearance, Claim
from intake import reading
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory

BODY = (
    "GENEVA — The envoy warned on Friday.\n\n"
    "Staffan de Mistura told reporters that there are about 10,000 fighters in Idlib.\n\n"
    '"We are talking about a potential bloodbath," de Mistura said.'
)
REPORTED = "there are about 10,000 fighters in Idlib"
DIRECT = "We are talking about a potential bloodbath,"


@pytest.fixture
def article(db):
    return ArticleFactory(body=BODY, title="Envoy warns")


def appear(article, quote, *, direct=True, claim=None):
    """An appearance located in the body (the service finds the offsets)."""
    return services.appearance_create(
        claim=claim or ClaimFactory(), article=article, quote=quote, is_direct_quote=direct
    )


def read_url(article):
    return reverse("admin:articles_article_read", args=(article.pk,))


def test_reading_view_highlights_direct_and_reported_quotes_linking_to_their_claims(editor_client, article):
    reported = appear(article, REPORTED, direct=False)
    direct = appear(article, DIRECT)
    response = editor_client.get(read_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    claim_url = reverse("admin:claims_claim_change", args=(reported.claim_id,))
    assert f'class="hl reported" data-start="{BODY.index(REPORTED)}" href="{claim_url}"' in html
    claim_url = reverse("admin:claims_claim_change", args=(direct.claim_id,))
    assert f'class="hl direct" data-start="{BODY.index(DIRECT)}" href="{claim_url}"' in html
    # The pieces put together are the body exactly: browser offsets are body offsets.
    pieces = reading.segments(BODY, reading.appearance_marks(reading.article_appearances(article)))
    assert "".join(piece.text for piece in pieces) == BODY


def test_overlapping_marks_split_into_segments_that_know_both():
    marks = [reading.Mark(0, 10, "direct", "/a"), reading.Mark(5, 15, "reported", "/b")]
    pieces = reading.segments("x" * 20, marks)
    assert [(p.start, len(p.text), p.kinds) for p in pieces] == [
        (0, 5, "direct"),
        (5, 5, "direct reported"),
        (10, 5, "reported"),
        (15, 5, ""),
    ]


def test_log_claim_prefills_quote_offsets_article_and_the_named_speaker(editor_client, article):
    speaker = SpeakerFactory(name="Staffan de Mistura", aliases=["de Mistura"])
    SpeakerFactory(name="Sergei Lavrov")
    start = BODY.index(REPORTED)
    # The browser's selection may carry a space and the full stop's neighbours; trimmed.
    response = editor_client.get(
        reverse("admin:articles_article_log_claim", args=(article.pk,)),
        {"start": start - 1, "end": start + len(REPORTED)},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["start"] == start
    assert form.initial["end"] == start + len(REPORTED)
    assert form.initial["text"] == REPORTED
    assert form.initial["speaker"] == speaker.pk
    assert form.initial["is_direct_quote"] is False
    assert form.initial["claimed_at"] == article.published_at.date()
    assert f'<mark id="quote">{REPORTED}</mark>' in response.content.decode()


def test_a_quoted_passage_is_guessed_direct_and_its_speaker_found_by_alias(editor_client, article):
    speaker = SpeakerFactory(name="Staffan de Mistura", aliases=["de Mistura"])
    start = BODY.index(DIRECT)
    response = editor_client.get(
        reverse("admin:articles_article_log_claim", args=(article.pk,)),
        {"start": start - 1, "end": start + len(DIRECT) + 1},  # the quotation marks selected too
    )
    form = response.context["form"]
    assert BODY[form.initial["start"] : form.initial["end"]] == DIRECT
    assert form.initial["is_direct_quote"] is True
    assert form.initial["speaker"] == speaker.pk


def test_no_speaker_is_guessed_when_the_sentence_names_none(editor_client, article):
    SpeakerFactory(name="Sergei Lavrov")
    response = editor_client.get(
        reverse("admin:articles_article_log_claim", args=(article.pk,)), {"start": 9, "end": 35}
    )
    assert response.context["form"].initial["speaker"] is None


def test_logging_saves_the_claim_and_its_appearance_with_the_bodys_offsets(editor_client, article, editor):
    speaker = SpeakerFactory(name="Staffan de Mistura")
    start = BODY.index(REPORTED)
    response = editor_client.post(
        reverse("admin:articles_article_log_claim", args=(article.pk,)),
        {
            "start": start,
            "end": start + len(REPORTED),
            "text": "There are 10,000 Nusra fighters in Idlib",
            "speaker": speaker.pk,
            "claimed_at": "2018-09-07",
            "context": "Press conference",
            "_addverdict": "Save and add verdict",
        },
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:claims_verdict_add") + f"?claim={claim.pk}"
    assert claim.text == "There are 10,000 Nusra fighters in Idlib"
    assert claim.created_by == editor
    appearance = Appearance.objects.get()
    assert (appearance.quote, appearance.start, appearance.end) == (REPORTED, start, start + len(REPORTED))
    assert appearance.article == article
    assert appearance.is_direct_quote is False


def test_logging_refuses_offsets_outside_the_body_and_saves_nothing(editor_client, article):
    speaker = SpeakerFactory()
    response = editor_client.post(
        reverse("admin:articles_article_log_claim", args=(article.pk,)),
        {"start": 5, "end": len(BODY) + 10, "text": "x", "speaker": speaker.pk},
    )
    assert response.status_code == 200
    assert "Select the words in the article" in response.content.decode()
    assert not Claim.objects.exists()


def test_logging_needs_the_claim_permissions(client, staff_user, article):
    client.force_login(staff_user)
    response = client.get(reverse("admin:articles_article_log_claim", args=(article.pk,)), {"start": 0, "end": 5})
    assert response.status_code == 403


def test_add_by_url_page_shows_fetch_errors_on_the_url_field(editor_client, db):
    response = editor_client.post(reverse("admin:articles_article_intake"), {"url": "http://127.0.0.1:9/x"})
    assert response.status_code == 200
    assert "internal or reserved address" in str(response.context["form"].errors["url"])  # or-ok: words of the message
    assert not Article.objects.exists()


def test_add_by_url_page_shows_an_unparseable_url_on_the_url_field(editor_client, db):
    # A port out of range gets past the form's URLField; it was a 500 (issue 13's rule: no 500s).
    response = editor_client.post(reverse("admin:articles_article_intake"), {"url": "http://example.com:99999/x"})
    assert response.status_code == 200
    assert response.context["form"].errors["url"]
    assert not Article.objects.exists()


def test_pasted_line_breaks_survive_into_the_page_text():
    """A body pasted in a textarea keeps CRLF; an HTML parser would turn a literal CR LF into
    LF and shift every offset the browser computes after it, so CR is a character reference."""
    html = reading.render_body(reading.segments("One.\r\n\r\nTwo.", [reading.Mark(6, 10, "direct")]))
    assert html == 'One.&#13;\n<a class="hl direct" data-start="6" draggable="false">&#13;\nTw</a>o.'


def test_overlapping_marks_carry_every_marks_data():
    marks = [
        reading.Mark(0, 10, "suggestion", data={"suggestion": 12}),
        reading.Mark(5, 15, "suggestion", data={"suggestion": 13}),
        reading.Mark(5, 8, "direct", "/claim/1", data={"claim": 1}),
    ]
    html = reading.render_body(reading.segments("x" * 20, marks))
    assert '<a class="hl suggestion" data-start="0" data-suggestion="12" draggable="false">xxxxx</a>' in html
    assert (
        '<a class="hl suggestion direct" data-start="5" href="/claim/1" data-suggestion="12 13" data-claim="1" '
        'draggable="false">xxx</a>'
    ) in html


def test_add_by_url_fetches_and_opens_the_reading_view(editor_client, allow_loopback, page_server):
    response = editor_client.post(reverse("admin:articles_article_intake"), {"url": f"{page_server}/envoy-idlib.html"})
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == read_url(article)
    assert "10,000 fighters" in article.body


def test_add_by_pasted_text(editor_client, db):
    response = editor_client.post(
        reverse("admin:articles_article_intake"),
        {"url": "https://paper.example/a", "title": "Pasted", "text": "One paragraph.\nAnother."},
    )
    assert response.status_code == 302
    assert Article.objects.get().body == "One paragraph.\n\nAnother."


def _reading_view_queries(editor_client, django_assert_num_queries, article, count):
    with django_assert_num_queries(count):
        assert editor_client.get(read_url(article)).status_code == 200


@pytest.mark.parametrize("view", ["read", "change"])
def test_article_pages_cost_the_same_queries_for_1_or_60_appearances(editor_client, article, view):
    from tests.api import count_queries

    url = read_url(article) if view == "read" else reverse("admin:articles_article_change", args=(article.pk,))
    appear(article, REPORTED)
    editor_client.get(url)  # warm the session
    few = count_queries(lambda: editor_client.get(url))
    for n in range(60):
        appear(article, REPORTED if n % 2 else DIRECT, claim=ClaimFactory(text=f"claim {n}"))
    many = count_queries(lambda: editor_client.get(url))
    if view == "change":
        # The inline is capped at 20 rows; past the cap the page costs the same at any size.
        for _ in range(5):
            appear(article, DIRECT)
        assert count_queries(lambda: editor_client.get(url)) == many
    else:
        assert few == many


def test_another_app_adds_marks_and_a_panel_to_the_reading_view(editor_client, article, monkeypatch):
    """The hook issue 15's suggestions use: a second kind of highlight and a side panel."""
    monkeypatch.setattr(reading, "_providers", [])
    monkeypatch.setattr(reading, "_panel_providers", [])
    reading.register_mark_provider(
        lambda article, request: [reading.Mark(0, 6, "suggestion", title="Suggested", data={"suggestion": 7})]
    )
    reading.register_reading_panel(
        lambda article, request: {"template": "admin/intake/article/panel.html", "title": "Suggested claims"}
    )
    html = editor_client.get(read_url(article)).content.decode()
    assert "<h2>Suggested claims</h2>" in html
    # No href: a plain highlight (drag-selectable), still carrying its provider's data.
    assert (
        '<a class="hl suggestion" data-start="0" data-suggestion="7" title="Suggested" draggable="false">GENEVA</a>'
        in html
    )
