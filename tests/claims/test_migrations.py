"""Migrations that change existing rows, run against a real database: migrated back, given
the rows an older version could have written, migrated forward again."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_UNIQUE_REVIEWS = [("claims", "0009_newest_first_undated_last")]
UTC = datetime.UTC


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_0010_merges_copies_of_an_imported_review_before_making_it_unique():
    apps = migrate(BEFORE_UNIQUE_REVIEWS)
    try:
        Speaker, Claim, Verdict = (apps.get_model("claims", name) for name in ("Speaker", "Claim", "Verdict"))
        Evidence, Rating = apps.get_model("claims", "Evidence"), apps.get_model("claims", "Rating")
        Publisher = apps.get_model("articles", "Publisher")
        false, true = Rating.objects.get(slug="false"), Rating.objects.get(slug="true")
        checker = Publisher.objects.create(name="Checker", slug="checker", domain="checker.example")
        speaker = Speaker.objects.create(name="Race Minister", slug="race-minister")
        url = "https://checker.example/reviews/1"

        # Three copies of one review, as concurrent imports made them: the first withdrawn
        # since, the other two published (one current), evidence added to one.
        raced = Claim.objects.create(text="Unemployment fell by half", speaker=speaker, status="in_review")
        first = Verdict.objects.create(claim=raced, rating=false, summary="s", url=url, publisher=checker)
        newer = Verdict.objects.create(
            claim=raced,
            rating=true,
            summary="s",
            url=url,
            publisher=checker,
            published_at=datetime.datetime(2024, 2, 1, tzinfo=UTC),
        )
        Verdict.objects.create(
            claim=raced,
            rating=false,
            summary="s",
            url=url,
            publisher=checker,
            published_at=datetime.datetime(2024, 1, 1, tzinfo=UTC),
        )
        # this desk's own verdict at the same address is not an import: it stays
        own = Verdict.objects.create(
            claim=raced, rating=true, summary="ours", url=url, published_at=datetime.datetime(2023, 6, 1, tzinfo=UTC)
        )
        evidence = Evidence.objects.create(verdict=newer, url="https://stats.example/table")
        Claim.objects.filter(pk=raced.pk).update(status="checked", current_verdict=newer, current_rating=true)
        # Two draft copies on another claim; a single imported review on a third.
        drafts = Claim.objects.create(text="Crime doubled", speaker=speaker, status="in_review")
        kept_draft = Verdict.objects.create(claim=drafts, rating=false, summary="s", url=url, publisher=checker)
        Verdict.objects.create(claim=drafts, rating=false, summary="s", url=url, publisher=checker)
        single = Claim.objects.create(text="Exports rose", speaker=speaker, status="in_review")
        alone = Verdict.objects.create(claim=single, rating=false, summary="s", url=url, publisher=checker)
    finally:
        apps = migrate(latest())

    Claim, Verdict, Evidence = (apps.get_model("claims", name) for name in ("Claim", "Verdict", "Evidence"))
    assert set(Verdict.objects.filter(claim_id=raced.pk).values_list("pk", flat=True)) == {first.pk, own.pk}
    kept = Verdict.objects.get(pk=first.pk)
    assert kept.published_at == datetime.datetime(2024, 1, 1, tzinfo=UTC)  # the earliest copy's publication
    assert Evidence.objects.get(pk=evidence.pk).verdict_id == first.pk
    raced = Claim.objects.get(pk=raced.pk)
    assert (raced.status, raced.current_verdict_id, raced.current_rating_id) == ("checked", first.pk, false.pk)
    assert list(Verdict.objects.filter(claim_id=drafts.pk).values_list("pk", "published_at")) == [(kept_draft.pk, None)]
    assert Claim.objects.get(pk=drafts.pk).status == "in_review"
    assert list(Verdict.objects.filter(claim_id=single.pk).values_list("pk", flat=True)) == [alone.pk]
    # and from now on the database refuses a copy
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(claim_id=single.pk, rating_id=false.pk, summary="s", url=url, publisher_id=checker.pk)


def test_0010_on_a_database_without_copies_changes_nothing():
    apps = migrate(BEFORE_UNIQUE_REVIEWS)
    try:
        Speaker, Claim, Verdict = (apps.get_model("claims", name) for name in ("Speaker", "Claim", "Verdict"))
        Rating, Publisher = apps.get_model("claims", "Rating"), apps.get_model("articles", "Publisher")
        checker = Publisher.objects.create(name="Checker", slug="checker", domain="checker.example")
        claim = Claim.objects.create(
            text="Exports rose", speaker=Speaker.objects.create(name="S", slug="s"), status="in_review"
        )
        rows = [
            Verdict.objects.create(
                claim=claim,
                rating=Rating.objects.get(slug="false"),
                summary="s",
                url=f"https://c.example/{n}",
                publisher=checker,
            ).pk
            for n in range(2)
        ]
    finally:
        apps = migrate(latest())
    assert sorted(apps.get_model("claims", "Verdict").objects.values_list("pk", flat=True)) == rows
