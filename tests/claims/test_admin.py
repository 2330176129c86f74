"""The editors' admin, driven through the test client as an Editors user (not a superuser)."""

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.concurrency import row_version
from articles.models import Article, Publisher
from claims import services
from claims.admin import SpeakerAdmin
from claims.models import Appearance, Claim, Evidence, Rating, Speaker, Verdict

from ..factories import (
    AppearanceFactory,
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    PublisherFactory,
    SpeakerFactory,
    VerdictFactory,
    published_verdict,
    rating,
)

pytestmark = pytest.mark.django_db

ADMIN_MODELS = (Publisher, Article, Speaker, Claim, Appearance, Rating, Verdict, Evidence)


def admin_url(model, view="changelist", *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def listed(response):
    assert response.status_code == 200, response.content.decode()[:2000]
    return list(response.context["cl"].result_list)


def messages_of(response):
    return [(message.level, message.message) for message in get_messages(response.wsgi_request)]


def post_action(client, model, action, objects):
    return client.post(admin_url(model), {"action": action, "_selected_action": [obj.pk for obj in objects]})


def appearances_management(total=0, initial=0):
    return {
        "appearances-TOTAL_FORMS": str(total),
        "appearances-INITIAL_FORMS": str(initial),
        "appearances-MIN_NUM_FORMS": "0",
        "appearances-MAX_NUM_FORMS": "1000",
    }


def claim_form_data(claim=None, **overrides):
    data = {
        "text": claim.text if claim else "Unemployment fell by half last year",
        "speaker": claim.speaker_id if claim else "",
        "claimed_at": claim.claimed_at.isoformat() if claim and claim.claimed_at else "",
        "context": claim.context if claim else "",
        "status": claim.status if claim else Claim.Status.NEW,
        "language": claim.language if claim else "en",
        # the version the form was opened with (claims.forms.StaleEditGuardForm)
        "loaded_version": row_version(claim.updated_at) if claim else "",
        **appearances_management(),
        "_save": "Save",
    }
    data.update(overrides)
    return data


# Every changelist and form


def add_one_row_of_everything(n):
    """One row for every admin, each linked the way the changelists display them."""
    appearance = AppearanceFactory()
    verdict = published_verdict(claim=appearance.claim)
    EvidenceFactory(verdict=verdict)
    Rating.objects.create(slug=f"scale-{n}", label=f"Scale {n}", value=100 + n)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.model_name)
def test_changelist_costs_the_same_queries_for_1_or_50_rows(editor_client, model):
    add_one_row_of_everything(0)
    url = admin_url(model)
    editor_client.get(url)  # warm per-process caches (content types) out of the count

    with CaptureQueriesContext(connection) as one_row:
        assert len(listed(editor_client.get(url))) >= 1
    for n in range(1, 50):
        add_one_row_of_everything(n)
    with CaptureQueriesContext(connection) as fifty_rows:
        assert len(listed(editor_client.get(url))) >= 50

    assert len(fifty_rows) == len(one_row), "\n".join(query["sql"] for query in fifty_rows.captured_queries)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.model_name)
@pytest.mark.parametrize("view", ("changelist", "add"))
def test_editor_opens_every_changelist_and_add_form(editor_client, editor, model, view):
    assert not editor.is_superuser
    response = editor_client.get(admin_url(model, view))
    assert response.status_code == 200


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.model_name)
def test_editor_opens_every_change_form(editor_client, model):
    add_one_row_of_everything(0)
    obj = model._default_manager.order_by("-pk").first()
    response = editor_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


def test_non_staff_user_is_sent_to_login(client, plain_user):
    client.force_login(plain_user)
    url = admin_url(Claim)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Claims


def test_editor_adds_claim_with_first_appearance_through_the_service(editor_client, editor):
    article = ArticleFactory()
    speaker = SpeakerFactory()
    quote = "unemployment fell by half last year"
    data = claim_form_data(
        speaker=speaker.pk,
        claimed_at="2018-09-07",
        **appearances_management(total=1),
        **{
            "appearances-0-article": article.pk,
            "appearances-0-quote": quote,
            "appearances-0-is_direct_quote": "on",
        },
    )

    response = editor_client.post(admin_url(Claim, "add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    claim = Claim.objects.get()
    assert claim.created_by == editor
    assert claim.speaker == speaker and claim.status == Claim.Status.NEW
    appearance = claim.appearances.get()
    assert appearance.article == article
    assert (appearance.start, appearance.end) == (article.body.index(quote), article.body.index(quote) + len(quote))
    assert response["Location"] == admin_url(Claim)


def test_checked_is_not_a_status_an_editor_can_pick_on_a_new_claim(editor_client):
    data = claim_form_data(speaker=SpeakerFactory().pk, status=Claim.Status.CHECKED)

    response = editor_client.post(admin_url(Claim, "add"), data)

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert not Claim.objects.exists()


def test_a_re_review_closes_back_to_checked_while_its_verdict_is_current(editor_client):
    # Reopened after publishing: the published verdict is still current, so the editor may
    # close the re-review by hand (the claim service's rule, issue 12).
    claim = published_verdict().claim
    services.claim_set_status(claim=claim, status=Claim.Status.IN_REVIEW)
    claim.refresh_from_db()

    response = editor_client.post(
        admin_url(Claim, "change", claim.pk), claim_form_data(claim, status=Claim.Status.CHECKED)
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CHECKED


@pytest.mark.parametrize("status", [Claim.Status.NEW, Claim.Status.DISMISSED])
def test_new_or_dismissed_is_refused_while_a_published_verdict_is_current(editor_client, status):
    claim = published_verdict().claim

    response = editor_client.post(admin_url(Claim, "change", claim.pk), claim_form_data(claim, status=status))

    assert response.status_code == 200
    assert "withdraw" in " ".join(response.context["adminform"].form.errors["status"])
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CHECKED


def test_checked_is_refused_for_a_claim_without_a_published_verdict(editor_client):
    claim = ClaimFactory(status=Claim.Status.IN_REVIEW)

    response = editor_client.post(
        admin_url(Claim, "change", claim.pk), claim_form_data(claim, status=Claim.Status.CHECKED)
    )

    assert response.status_code == 200
    assert "published" in " ".join(response.context["adminform"].form.errors["status"])
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


def test_a_checked_claim_stays_editable(editor_client):
    claim = published_verdict().claim

    response = editor_client.post(
        admin_url(Claim, "change", claim.pk), claim_form_data(claim, context="Press conference")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert claim.context == "Press conference"
    assert claim.status == Claim.Status.CHECKED


def test_claim_search_matches_speaker_alias_quote_and_text_once_per_claim(editor_client):
    envoy = SpeakerFactory(name="Staffan de Mistura", aliases=["UN envoy", "de Mistura"])
    claim = ClaimFactory(speaker=envoy, text="Aleppo will be destroyed by December")
    AppearanceFactory(claim=claim, quote="Aleppo may be totally destroyed")
    AppearanceFactory(claim=claim, quote="East Aleppo may be totally destroyed")
    ClaimFactory(text="Aleppo is calm")

    def search(term):
        return listed(editor_client.get(admin_url(Claim), {"q": term}))

    assert search("un envoy") == [claim]  # alias only
    assert search("totally") == [claim]  # two quotes, one row
    assert search("envoy december") == [claim]  # each word may match a different field
    assert search("envoy calm") == []


def test_claim_changelist_filters_by_publisher_without_duplicates(editor_client):
    outlet = PublisherFactory()
    quoted_twice = ClaimFactory()
    AppearanceFactory(claim=quoted_twice, article=ArticleFactory(publisher=outlet))
    AppearanceFactory(claim=quoted_twice, article=ArticleFactory(publisher=outlet))
    AppearanceFactory(claim=ClaimFactory())  # another publisher

    rows = listed(editor_client.get(admin_url(Claim), {"publisher": outlet.pk}))

    assert rows == [quoted_twice]


def test_claim_changelist_rejects_a_malformed_publisher_without_a_500(editor_client):
    PublisherFactory()  # a filter without choices is left out, and its parameter ignored
    response = editor_client.get(admin_url(Claim), {"publisher": "pakistanpoint"})

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_claim_changelist_filters_by_current_rating(editor_client):
    rated_false = published_verdict(rating=rating("false")).claim
    published_verdict(rating=rating("true"))
    ClaimFactory()

    # Django's RelatedFieldListFilter on Claim.current_rating
    rows = listed(editor_client.get(admin_url(Claim), {"current_rating__id__exact": rating("false").pk}))

    assert rows == [rated_false]


def test_claim_changelist_filters_by_speaker_kind(editor_client):
    ministry = ClaimFactory(speaker=SpeakerFactory(kind=Speaker.Kind.ORGANIZATION))
    ClaimFactory()

    # Django's ChoicesFieldListFilter on speaker__kind
    rows = listed(editor_client.get(admin_url(Claim), {"speaker__kind__exact": "organization"}))

    assert rows == [ministry]


@pytest.mark.parametrize(
    ("action", "status"),
    (("move_to_in_review", Claim.Status.IN_REVIEW), ("dismiss", Claim.Status.DISMISSED)),
)
def test_status_actions_move_each_selected_claim(editor_client, action, status):
    selected = ClaimFactory.create_batch(2)
    untouched = ClaimFactory()

    response = post_action(editor_client, Claim, action, selected)

    assert response.status_code == 302
    assert set(Claim.objects.filter(status=status)) == set(selected)
    untouched.refresh_from_db()
    assert untouched.status == Claim.Status.NEW
    assert messages_of(response)[-1][0] == messages.SUCCESS


def test_status_action_reports_a_refused_claim_as_an_error_and_moves_the_rest(editor_client):
    # Imported without text: full_clean() in the service refuses to save it.
    blank = ClaimFactory(text="")
    fine = ClaimFactory()

    response = post_action(editor_client, Claim, "dismiss", [blank, fine])

    assert response.status_code == 302
    blank.refresh_from_db()
    fine.refresh_from_db()
    assert blank.status == Claim.Status.NEW
    assert fine.status == Claim.Status.DISMISSED
    levels = [level for level, _ in messages_of(response)]
    assert messages.ERROR in levels and messages.SUCCESS in levels


def test_deleting_a_checked_claim_takes_its_verdicts_along(editor_client):
    claim = published_verdict().claim

    response = editor_client.post(admin_url(Claim, "delete", claim.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Claim.objects.exists()
    assert not Verdict.objects.exists()


def test_claim_autocomplete_matches_quotes_once_per_claim_without_distinct(editor_client):
    claim = ClaimFactory(text="Aleppo will be destroyed by December")
    AppearanceFactory(claim=claim, quote="Aleppo may be totally destroyed")
    AppearanceFactory(claim=claim, quote="East Aleppo may be totally destroyed")
    ClaimFactory(text="Aleppo is calm")

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(
            reverse("admin:autocomplete"),
            {"app_label": "claims", "model_name": "appearance", "field_name": "claim", "term": "totally"},
        )

    assert [row["id"] for row in response.json()["results"]] == [str(claim.pk)]
    searched = [q["sql"] for q in queries.captured_queries if 'FROM "claims_claim"' in q["sql"]]
    assert searched and not any("DISTINCT" in sql for sql in searched), searched


# Speakers


def test_speaker_search_and_claim_autocomplete_match_aliases(editor_client):
    envoy = SpeakerFactory(name="Staffan de Mistura", aliases=["UN envoy"])
    SpeakerFactory(name="Sergey Lavrov")

    assert listed(editor_client.get(admin_url(Speaker), {"q": "envoy"})) == [envoy]
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "claim", "field_name": "speaker", "term": "envoy"},
    )
    assert [row["id"] for row in response.json()["results"]] == [str(envoy.pk)]


def test_speaker_changelist_counts_claims_and_sorts_by_them(editor_client):
    quiet = SpeakerFactory(name="A quiet one")
    talkative = SpeakerFactory(name="Z talkative one")
    ClaimFactory.create_batch(3, speaker=talkative)

    # Column 0 is the action checkbox.
    claim_count_column = SpeakerAdmin.list_display.index("claim_count") + 1
    rows = listed(editor_client.get(admin_url(Speaker), {"o": f"-{claim_count_column}"}))

    assert rows == [talkative, quiet]
    assert [row.claim_count for row in rows] == [3, 0]


def test_speaker_aliases_are_entered_comma_separated(editor_client):
    response = editor_client.post(
        admin_url(Speaker, "add"),
        {"name": "Staffan de Mistura", "kind": "person", "aliases": "de Mistura, UN envoy", "slug": ""},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    speaker = Speaker.objects.get()
    assert speaker.aliases == ["de Mistura", "UN envoy"]
    assert speaker.slug == "staffan-de-mistura"


# Verdicts


def test_editor_adds_a_draft_verdict_with_evidence(editor_client, editor):
    claim = ClaimFactory()
    data = {
        "claim": claim.pk,
        "rating": rating("false").pk,
        "summary": "It rose.",
        "analysis": "",
        "reviewer": "",
        "url": "",
        "evidence-TOTAL_FORMS": "1",
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
        "evidence-0-url": "https://stats.example/unemployment",
        "evidence-0-title": "Labour force survey",
        "evidence-0-stance": "refutes",
        "_save": "Save",
    }

    response = editor_client.post(admin_url(Verdict, "add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    verdict = Verdict.objects.get()
    assert verdict.created_by == editor
    assert verdict.published_at is None
    assert verdict.evidence.get().title == "Labour force survey"
    claim.refresh_from_db()
    assert claim.current_verdict is None


def test_a_verdicts_claim_cannot_be_changed(editor_client):
    verdict = published_verdict()
    form = editor_client.get(admin_url(Verdict, "change", verdict.pk)).context["adminform"].form
    assert "claim" not in form.fields


def test_publish_action_makes_the_claim_checked(editor_client):
    verdict = VerdictFactory()

    response = post_action(editor_client, Verdict, "publish", [verdict])

    assert response.status_code == 302
    verdict.refresh_from_db()
    assert verdict.published_at is not None
    verdict.claim.refresh_from_db()
    assert verdict.claim.status == Claim.Status.CHECKED
    assert verdict.claim.current_verdict == verdict
    assert messages_of(response) == [(messages.SUCCESS, "1 verdict published.")]


def test_publishing_a_published_verdict_warns_and_changes_nothing(editor_client):
    verdict = published_verdict()
    claim_before = Claim.objects.get(pk=verdict.claim_id)

    response = post_action(editor_client, Verdict, "publish", [verdict])

    assert response.status_code == 302
    assert Verdict.objects.get(pk=verdict.pk).updated_at == verdict.updated_at
    claim_after = Claim.objects.get(pk=verdict.claim_id)
    assert (claim_after.status, claim_after.current_verdict_id, claim_after.updated_at) == (
        claim_before.status,
        claim_before.current_verdict_id,
        claim_before.updated_at,
    )
    assert [level for level, _ in messages_of(response)] == [messages.WARNING]
    assert "already published" in messages_of(response)[0][1]


def test_withdraw_action_falls_back_to_no_verdict(editor_client):
    verdict = published_verdict()

    response = post_action(editor_client, Verdict, "withdraw", [verdict])

    assert response.status_code == 302
    verdict.refresh_from_db()
    assert verdict.published_at is None
    claim = Claim.objects.get(pk=verdict.claim_id)
    assert claim.current_verdict is None and claim.status == Claim.Status.IN_REVIEW


def test_verdict_changelist_filters_published_and_drafts(editor_client):
    published = published_verdict()
    draft = VerdictFactory()

    # Django's EmptyFieldListFilter on published_at
    assert listed(editor_client.get(admin_url(Verdict), {"published_at__isempty": "0"})) == [published]
    assert listed(editor_client.get(admin_url(Verdict), {"published_at__isempty": "1"})) == [draft]


def test_deleting_a_published_verdict_leaves_its_claim_consistent(editor_client):
    verdict = published_verdict()

    response = editor_client.post(admin_url(Verdict, "delete", verdict.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Verdict.objects.exists()
    claim = Claim.objects.get(pk=verdict.claim_id)
    assert claim.current_verdict is None
    assert claim.status != Claim.Status.CHECKED


def test_bulk_deleting_the_current_verdict_falls_back_to_the_previous_one(editor_client):
    older = published_verdict()
    newer = published_verdict(claim=older.claim)

    response = editor_client.post(
        admin_url(Verdict),
        {"action": "delete_selected", "_selected_action": [newer.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Verdict.objects.filter(pk=newer.pk).exists()
    claim = Claim.objects.get(pk=older.claim_id)
    assert claim.current_verdict == older
    assert claim.status == Claim.Status.CHECKED


def test_evidence_records_its_verdict_through_autocomplete(editor_client):
    verdict = VerdictFactory(summary="Unemployment rose")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "evidence", "field_name": "verdict", "term": "rose"},
    )

    assert [row["id"] for row in response.json()["results"]] == [str(verdict.pk)]


def test_ratings_are_editable_from_the_list(editor_client):
    ratings = list(Rating.objects.all())
    data = {
        "form-TOTAL_FORMS": str(len(ratings)),
        "form-INITIAL_FORMS": str(len(ratings)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for index, row in enumerate(ratings):
        data[f"form-{index}-id"] = row.pk
        data[f"form-{index}-label"] = "Fabricated" if row.slug == "pants-on-fire" else row.label
        data[f"form-{index}-value"] = "" if row.value is None else row.value

    response = editor_client.post(admin_url(Rating), data)

    assert response.status_code == 302
    assert rating("pants-on-fire").label == "Fabricated"


# Stale edits (issue 7): the admin refuses to save over someone else's newer change


def test_saving_a_claim_someone_changed_since_the_form_opened_is_refused(editor_client):
    claim = ClaimFactory(context="original")
    opened = claim_form_data(claim, context="mine")
    Claim.objects.get(pk=claim.pk).save()  # someone else saves in between
    other = Claim.objects.get(pk=claim.pk)
    other.context = "theirs"
    other.save()

    response = editor_client.post(admin_url(Claim, "change", claim.pk), opened)

    assert response.status_code == 200
    assert "Someone else changed this claim" in str(response.context["adminform"].form.non_field_errors())
    assert Claim.objects.get(pk=claim.pk).context == "theirs"


def test_saving_a_verdict_someone_changed_is_refused_and_a_fresh_form_saves(editor_client):
    verdict = VerdictFactory(summary="original")
    form = editor_client.get(admin_url(Verdict, "change", verdict.pk)).context["adminform"].form
    data = {name: form[name].value() or "" for name in ("rating", "summary", "analysis", "reviewer", "url")}
    data.update(
        {
            "loaded_version": form["loaded_version"].value(),
            "summary": "mine",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "_save": "Save",
        }
    )
    services.verdict_publish(verdict=verdict)  # someone publishes meanwhile

    stale = editor_client.post(admin_url(Verdict, "change", verdict.pk), data)
    assert stale.status_code == 200
    assert "Someone else changed this verdict" in str(stale.context["adminform"].form.non_field_errors())
    assert Verdict.objects.get(pk=verdict.pk).summary == "original"

    fresh = editor_client.get(admin_url(Verdict, "change", verdict.pk)).context["adminform"].form
    data["loaded_version"] = fresh["loaded_version"].value()
    assert editor_client.post(admin_url(Verdict, "change", verdict.pk), data).status_code == 302
    assert Verdict.objects.get(pk=verdict.pk).summary == "mine"


def test_history_pages_show_who_changed_what(editor_client, editor):
    claim = ClaimFactory(context="original")
    editor_client.post(admin_url(Claim, "change", claim.pk), claim_form_data(claim, context="edited"))
    response = editor_client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert editor.username in content and "edited" in content


# Archive-sized tables (issue 11, adopted from the bench's admin prototype)


def test_changelist_stops_counting_past_the_cap_and_says_so(editor_client, monkeypatch):
    from articles.admin import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    ClaimFactory.create_batch(5)

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(admin_url(Claim))

    assert len(listed(response)) == 5
    assert "More than 3 claims" in response.content.decode()
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 4" in sql for sql in counts), counts


def test_changelist_under_the_cap_shows_the_exact_count(editor_client):
    ClaimFactory.create_batch(2)

    response = editor_client.get(admin_url(Claim))

    assert len(listed(response)) == 2
    assert "2 claims" in response.content.decode()
    assert "More than" not in response.content.decode()


def test_claim_sidebar_lists_only_the_publisher_asked_for(editor_client):
    wanted, other = PublisherFactory(name="Pakistan Point"), PublisherFactory(name="Sputnik")
    AppearanceFactory(article=ArticleFactory(publisher=wanted))
    AppearanceFactory(article=ArticleFactory(publisher=other))

    unfiltered = editor_client.get(admin_url(Claim)).content.decode()
    filtered = editor_client.get(admin_url(Claim), {"publisher": wanted.pk}).content.decode()

    assert "Pakistan Point" not in unfiltered and "Sputnik" not in unfiltered
    assert "Pakistan Point" in filtered and "Sputnik" not in filtered


def test_rating_label_sidebar_offers_only_ratings_some_label_maps_to(editor_client):
    from claims.models import RatingLabel

    Rating.objects.create(slug="satire", label="Satire", value=None)  # no label maps to it
    used = set(RatingLabel.objects.values_list("rating__label", flat=True))
    unused = set(Rating.objects.values_list("label", flat=True)) - used
    response = editor_client.get(admin_url(RatingLabel))

    choices = {
        choice["display"]
        for spec in response.context["cl"].filter_specs
        for choice in spec.choices(response.context["cl"])
    }
    assert used and used <= choices
    assert "Satire" in unused
    assert not unused & choices
