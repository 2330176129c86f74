import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from claims import services
from claims.models import Appearance, Claim, Verdict

from ..factories import (
    ArticleFactory,
    ClaimFactory,
    SpeakerFactory,
    UserFactory,
    VerdictFactory,
    published_verdict,
)

pytestmark = pytest.mark.django_db

QUOTE = "unemployment fell by half last year"  # in ArticleFactory's body


def fresh(instance):
    """The row as stored now, as a new object: ``instance`` itself keeps what the test held,
    so ``fresh(x).field == x.field`` compares the database with the earlier value."""
    return type(instance)._default_manager.get(pk=instance.pk)


# --- claim_create -----------------------------------------------------------------------


def test_claim_create_without_an_article():
    speaker = SpeakerFactory()

    claim = services.claim_create(
        text="Unemployment fell by half",
        speaker=speaker,
        claimed_at=datetime.date(2018, 9, 7),
        context="Press conference",
    )

    claim = fresh(claim)
    assert (claim.text, claim.speaker, claim.claimed_at, claim.context) == (
        "Unemployment fell by half",
        speaker,
        datetime.date(2018, 9, 7),
        "Press conference",
    )
    assert (claim.status, claim.current_verdict, claim.created_by) == ("new", None, None)
    assert not claim.appearances.exists()


def test_claim_create_with_an_article_records_the_appearance_with_offsets():
    article = ArticleFactory()

    claim = services.claim_create(
        text="Unemployment fell by half",
        speaker=SpeakerFactory(),
        article=article,
        quote=QUOTE,
        is_direct_quote=False,
    )

    appearance = claim.appearances.get()
    assert (appearance.article, appearance.quote, appearance.is_direct_quote) == (article, QUOTE, False)
    assert article.body[appearance.start : appearance.end] == QUOTE


def test_claim_create_keeps_offsets_that_point_at_the_quote():
    article = ArticleFactory()
    start = article.body.index(QUOTE)

    claim = services.claim_create(
        text="x", speaker=SpeakerFactory(), article=article, quote=QUOTE, start=start, end=start + len(QUOTE)
    )

    assert claim.appearances.values_list("start", "end").get() == (start, start + len(QUOTE))


def test_claim_create_records_who_logged_it():
    user = UserFactory()

    assert services.claim_create(text="x", speaker=SpeakerFactory(), by=user).created_by == user
    assert services.claim_create(text="y", speaker=SpeakerFactory(), by=AnonymousUser()).created_by is None


def test_a_quote_without_an_article_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        services.claim_create(text="x", speaker=SpeakerFactory(), quote=QUOTE)

    assert list(excinfo.value.message_dict) == ["article_id"]
    assert not Claim.objects.exists()


@pytest.mark.parametrize("quote", ["", "   "])
def test_an_article_without_a_quote_is_refused(quote):
    with pytest.raises(ValidationError) as excinfo:
        services.claim_create(text="x", speaker=SpeakerFactory(), article=ArticleFactory(), quote=quote)

    assert list(excinfo.value.message_dict) == ["quote"]
    assert not Claim.objects.exists()


def test_a_bad_quote_offset_leaves_nothing_half_written():
    article = ArticleFactory()

    with pytest.raises(ValidationError) as excinfo:
        # The claim row is valid and written first; the appearance then fails.
        services.claim_create(
            text="Unemployment fell by half",
            speaker=SpeakerFactory(),
            article=article,
            quote=QUOTE,
            start=0,
            end=len(QUOTE),
        )

    assert "start" in excinfo.value.message_dict
    assert not Claim.objects.exists()
    assert not Appearance.objects.exists()


def test_claim_create_refuses_checked():
    with pytest.raises(ValidationError) as excinfo:
        services.claim_create(text="x", speaker=SpeakerFactory(), status=Claim.Status.CHECKED)

    assert "status" in excinfo.value.message_dict
    assert not Claim.objects.exists()


def test_claim_create_refuses_an_unknown_status():
    with pytest.raises(ValidationError) as excinfo:
        services.claim_create(text="x", speaker=SpeakerFactory(), status="published")

    assert "status" in excinfo.value.message_dict
    assert not Claim.objects.exists()


# --- claim_set_status ---------------------------------------------------------------------


@pytest.mark.parametrize("status", ["in_review", "dismissed", "new"])
def test_claim_set_status_moves_along_the_workflow(status):
    claim = ClaimFactory(status="in_review" if status == "new" else "new")

    services.claim_set_status(claim=claim, status=status)

    assert fresh(claim).status == status


def test_claim_set_status_refuses_checked():
    claim = ClaimFactory(status="in_review")

    with pytest.raises(ValidationError) as excinfo:
        services.claim_set_status(claim=claim, status=Claim.Status.CHECKED)

    assert "status" in excinfo.value.message_dict
    assert fresh(claim).status == "in_review"


def test_claim_set_status_refuses_an_unknown_status():
    claim = ClaimFactory()

    with pytest.raises(ValidationError):
        services.claim_set_status(claim=claim, status="published")

    assert fresh(claim).status == "new"


# --- verdict_publish ----------------------------------------------------------------------


def test_verdict_create_starts_a_draft_and_puts_a_new_claim_in_review():
    claim = ClaimFactory()

    verdict = services.verdict_create(claim=claim, rating=VerdictFactory.build().rating, summary="Draft")

    assert fresh(verdict).published_at is None
    assert fresh(claim).current_verdict is None
    # Someone is checking it now (issue 14); tests/claims/test_admin_desk.py covers the other statuses.
    assert fresh(claim).status == "in_review"


def test_verdict_publish_dates_the_verdict_and_makes_the_claim_checked():
    verdict = VerdictFactory()
    before = timezone.now()

    services.verdict_publish(verdict=verdict)

    verdict = fresh(verdict)
    assert before <= verdict.published_at <= timezone.now()
    claim = fresh(verdict.claim)
    assert (claim.status, claim.current_verdict) == ("checked", verdict)


def test_verdict_publish_keeps_a_given_date():
    verdict = VerdictFactory()
    when = datetime.datetime(2018, 9, 10, 9, 30, tzinfo=datetime.UTC)

    services.verdict_publish(verdict=verdict, published_at=when)

    assert fresh(verdict).published_at == when


def test_publishing_twice_is_refused_and_changes_nothing():
    verdict = published_verdict()
    claim = fresh(verdict.claim)

    with pytest.raises(services.AlreadyPublished):
        services.verdict_publish(verdict=verdict)

    assert fresh(verdict).published_at == verdict.published_at
    assert fresh(verdict).updated_at == verdict.updated_at
    after = fresh(Claim.objects.get(pk=claim.pk))
    assert (after.status, after.current_verdict, after.updated_at) == (
        claim.status,
        claim.current_verdict,
        claim.updated_at,
    )


def test_the_current_verdict_is_the_most_recently_published():
    claim = ClaimFactory()
    newer, older = VerdictFactory(claim=claim), VerdictFactory(claim=claim)
    now = timezone.now()

    services.verdict_publish(verdict=newer, published_at=now)
    # Published second, but reviewed earlier (an import keeping its original date).
    services.verdict_publish(verdict=older, published_at=now - datetime.timedelta(days=10))

    assert fresh(claim).current_verdict == newer

    newest = VerdictFactory(claim=claim)
    services.verdict_publish(verdict=newest)
    assert fresh(claim).current_verdict == newest


# --- verdict_withdraw and verdict_delete --------------------------------------------------


# _claim_refresh_current_verdict demotes a checked claim to in_review whenever it runs
# without mark_checked, even when a published verdict remains current.
def two_published_verdicts():
    claim = ClaimFactory()
    earlier = VerdictFactory(claim=claim, summary="Earlier")
    later = VerdictFactory(claim=claim, summary="Later")
    now = timezone.now()
    services.verdict_publish(verdict=earlier, published_at=now - datetime.timedelta(days=1))
    services.verdict_publish(verdict=later, published_at=now)
    assert fresh(claim).current_verdict == later
    return claim, earlier, later


def test_withdrawing_the_current_verdict_falls_back_to_the_previous_one():
    claim, earlier, later = two_published_verdicts()

    services.verdict_withdraw(verdict=later)

    assert fresh(later).published_at is None
    assert fresh(claim).current_verdict == earlier


def test_withdrawing_the_current_verdict_with_a_previous_one_keeps_the_claim_checked():
    claim, _, later = two_published_verdicts()

    services.verdict_withdraw(verdict=later)

    assert fresh(claim).status == "checked"


def test_withdrawing_an_older_verdict_leaves_the_claim_as_it_was():
    claim, earlier, later = two_published_verdicts()

    services.verdict_withdraw(verdict=earlier)

    claim = fresh(claim)
    assert (claim.current_verdict, claim.status) == (later, "checked")


def test_withdrawing_the_only_verdict_takes_the_claim_out_of_checked():
    verdict = published_verdict()

    services.verdict_withdraw(verdict=verdict)

    claim = fresh(verdict.claim)
    assert (claim.current_verdict, claim.status) == (None, "in_review")
    assert fresh(verdict).published_at is None


def test_withdrawing_a_draft_is_refused():
    verdict = VerdictFactory()

    with pytest.raises(ValidationError):
        services.verdict_withdraw(verdict=verdict)

    assert fresh(verdict.claim).status == "new"


def test_a_withdrawn_verdict_can_be_published_again():
    verdict = published_verdict()
    services.verdict_withdraw(verdict=verdict)

    services.verdict_publish(verdict=verdict)

    claim = fresh(verdict.claim)
    assert (claim.current_verdict, claim.status) == (verdict, "checked")


def test_deleting_the_current_verdict_falls_back_to_the_previous_one():
    claim, earlier, later = two_published_verdicts()

    services.verdict_delete(verdict=later)

    assert not Verdict.objects.filter(pk=later.pk).exists()
    assert fresh(claim).current_verdict == earlier


def test_deleting_the_current_verdict_with_a_previous_one_keeps_the_claim_checked():
    claim, _, later = two_published_verdicts()

    services.verdict_delete(verdict=later)

    assert fresh(claim).status == "checked"


def test_deleting_the_only_verdict_takes_the_claim_out_of_checked():
    verdict = published_verdict()

    services.verdict_delete(verdict=verdict)

    claim = fresh(Claim.objects.get(pk=verdict.claim_id))
    assert (claim.current_verdict, claim.status) == (None, "in_review")


def test_deleting_a_draft_leaves_a_checked_claim_as_it_was():
    published = published_verdict()
    draft = VerdictFactory(claim=published.claim)

    services.verdict_delete(verdict=draft)

    claim = fresh(published.claim)
    assert (claim.current_verdict, claim.status) == (published, "checked")


def test_deleting_a_draft_of_an_unchecked_claim_keeps_its_status():
    draft = VerdictFactory(claim=ClaimFactory(status="dismissed"))

    services.verdict_delete(verdict=draft)

    claim = fresh(draft.claim)
    assert (claim.current_verdict, claim.status) == (None, "dismissed")


def test_current_rating_follows_publish_withdraw_and_rating_edits():
    from claims.models import Claim

    from ..factories import ClaimFactory, VerdictFactory, rating

    claim = ClaimFactory()
    first = VerdictFactory(claim=claim, rating=rating("false"))
    services.verdict_publish(verdict=first)
    assert Claim.objects.get(pk=claim.pk).current_rating == rating("false")
    second = VerdictFactory(claim=claim, rating=rating("true"))
    services.verdict_publish(verdict=second)
    assert Claim.objects.get(pk=claim.pk).current_rating == rating("true")
    second.rating = rating("misleading")
    second.save()  # an edit of the current verdict's rating, by any path
    assert Claim.objects.get(pk=claim.pk).current_rating == rating("misleading")
    first.rating = rating("half-true")
    first.save()  # not the current verdict: no change
    assert Claim.objects.get(pk=claim.pk).current_rating == rating("misleading")
    services.verdict_withdraw(verdict=second)
    assert Claim.objects.get(pk=claim.pk).current_rating == rating("half-true")
    services.verdict_withdraw(verdict=first)
    assert Claim.objects.get(pk=claim.pk).current_rating is None


def test_publish_and_withdraw_record_who_did_it_in_the_audit_trail():
    """``by`` is used, not just accepted: the history names them even outside a request."""
    from ..factories import UserFactory

    editor = UserFactory()
    verdict = VerdictFactory()
    services.verdict_publish(verdict=verdict, by=editor)
    assert verdict.history.latest("history_id").history_user == editor
    assert verdict.claim.history.latest("history_id").history_user == editor
    other = UserFactory()
    services.verdict_withdraw(verdict=verdict, by=other)
    assert verdict.history.latest("history_id").history_user == other
    assert verdict.claim.history.latest("history_id").history_user == other
