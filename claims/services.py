"""Multi-step writes. The admin, the API and the management commands all call these,
so each rule lives here once: a claim's status moves only by ``claim_set_status`` and by
publishing/withdrawing, and ``Claim.current_verdict``/``current_rating`` and
``Verdict.published_at`` are only written here, under the claim's row lock.

**Lock order (issue 12).** Every write that touches a claim and its verdicts or
appearances locks the claim row first (``claim_lock``), then the verdict
(``verdict_lock``). Triggers on verdicts and appearances update their claim row; with the
claim locked first they never wait on it in the opposite order, so these writes cannot
deadlock each other.

**Ordinary edits write only what they change** (``save(update_fields=...)``): an edit read
before a concurrent publish cannot write the old ``current_verdict`` or ``status`` back."""

import copy
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from articles.models import Article, Publisher, integrity_error_as_validation_error

from .models import Appearance, Claim, Rating, Speaker, Verdict


class Conflict(ValidationError):
    """The write does not fit the object's current state; the API answers 409
    (``api.exceptions`` maps any Django ValidationError with this ``status_code``)."""

    status_code = 409


class AlreadyPublished(Conflict):
    """Publishing a verdict twice would publish it twice."""


class NotPublished(Conflict):
    """Only a published verdict can be withdrawn."""


def validated_save(instance: models.Model, **save_kwargs) -> None:
    """``full_clean()`` then ``save()``; a constraint lost to a concurrent writer is a
    ValidationError naming the field and the record that won (issue 12), not a 500."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save(**save_kwargs)
    except IntegrityError as error:
        raise integrity_error_as_validation_error(instance, error) from error


def _save_changes(instance: models.Model, changes: Mapping[str, Any]) -> list[str]:
    """Set ``changes`` on ``instance``, validate, and write only the fields that differ
    (plus ``updated_at``, the row version): an edit never writes back columns it did not
    change, such as derived state a concurrent service just set."""
    changed = [name for name, value in changes.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, changes[name])
    if changed:
        attnames = [instance._meta.get_field(name).attname for name in changed]
        validated_save(instance, update_fields=[*attnames, "updated_at"])
    return changed


# --- locks --------------------------------------------------------------------------------------


def claim_lock(claim_id: int) -> Claim:
    """Lock the claim row for the rest of the transaction and return it as stored.
    Raises ``Claim.DoesNotExist`` (a 404 in the API) if it is gone."""
    return Claim.objects.select_for_update(of=("self",)).get(pk=claim_id)


def verdict_lock(verdict_id: int) -> Verdict:
    """Lock the verdict's claim, then the verdict (the one lock order), and return the
    verdict as stored. Raises ``Verdict.DoesNotExist`` if it is gone (or goes meanwhile)."""
    # Of the claim only: a verdict never moves to another claim, so its claim_id is stable.
    Claim.objects.select_for_update(of=("self",)).filter(verdicts__pk=verdict_id).values_list("pk").first()
    return Verdict.objects.select_for_update(of=("self",)).get(pk=verdict_id)


def appearance_lock(appearance_id: int, *, also_claim_id: int | None = None) -> Appearance:
    """Lock the appearance's claim (and ``also_claim_id``, when it moves to another claim, in
    id order), then the appearance. The search trigger on appearances updates their claim."""
    claim_ids = set(Appearance.objects.filter(pk=appearance_id).values_list("claim_id", flat=True))
    if also_claim_id is not None:
        claim_ids.add(also_claim_id)
    list(Claim.objects.select_for_update(of=("self",)).filter(pk__in=claim_ids).order_by("pk").values_list("pk"))
    return Appearance.objects.select_for_update(of=("self",)).get(pk=appearance_id)


# --- claims -------------------------------------------------------------------------------------


@transaction.atomic
def appearance_create(
    *,
    claim: Claim,
    article: Article,
    quote: str,
    is_direct_quote: bool = True,
    start: int | None = None,
    end: int | None = None,
) -> Appearance:
    """Record that ``article`` quoted ``claim``; offsets are found in the body when not given."""
    claim_lock(claim.pk)
    appearance = Appearance(
        claim=claim,
        article=article,
        quote=quote,
        is_direct_quote=is_direct_quote,
        start=start,
        end=end,
    )
    validated_save(appearance)
    return appearance


@transaction.atomic
def appearance_update(*, appearance: Appearance, changes: Mapping[str, Any]) -> Appearance:
    """Change an appearance's fields (only those that differ are written), claim row first."""
    new_claim = changes.get("claim")
    locked = appearance_lock(appearance.pk, also_claim_id=new_claim.pk if new_claim is not None else None)
    _save_changes(locked, changes)
    return locked


@transaction.atomic
def appearance_delete(*, appearance: Appearance) -> None:
    appearance_lock(appearance.pk).delete()


@transaction.atomic
def claim_create(
    *,
    text: str,
    speaker: Speaker,
    by=None,
    article: Article | None = None,
    quote: str = "",
    is_direct_quote: bool = True,
    start: int | None = None,
    end: int | None = None,
    claimed_at: date | None = None,
    context: str = "",
    status: str = Claim.Status.NEW,
    language: str = "en",
) -> Claim:
    """Log a claim, with its first appearance when ``article`` and ``quote`` are given. A new
    claim has no verdict, so it starts ``new``, ``in_review`` or ``dismissed``."""
    if article is not None and not (quote or "").strip():
        raise ValidationError({"quote": "Give the words as printed in the article."})
    if article is None and (quote or "").strip():
        raise ValidationError({"article_id": "Name the article the quote appeared in."})
    claim = Claim(
        text=text,
        speaker=speaker,
        claimed_at=claimed_at,
        context=context,
        status=Claim.Status.NEW,
        language=language,
        created_by=acting_user(by),
    )
    claim_check_status_move(claim=claim, status=status)
    claim.status = status
    validated_save(claim)
    if article is not None:
        appearance_create(
            claim=claim,
            article=article,
            quote=quote,
            is_direct_quote=is_direct_quote,
            start=start,
            end=end,
        )
    return claim


def claim_check_status_move(*, claim: Claim, status: str) -> None:
    """The one statement of the status rule (issue 12, the contract's "Claim status"):

    - ``checked`` is reached by publishing; by hand only to close a re-review
      (``in_review`` → ``checked``) while a published verdict is current;
    - ``in_review`` is always allowed (reopening a checked claim keeps its published verdict
      visible until it is replaced or withdrawn);
    - ``new`` and ``dismissed`` are refused while a published verdict is current: withdraw it
      first.

    Raises a ValidationError on ``status``. Callers that write pass a locked ``claim``."""
    if status not in Claim.Status.values:
        raise ValidationError({"status": f"“{status}” is not a status: one of {', '.join(Claim.Status.values)}."})
    if status == claim.status:
        return
    has_published = claim.current_verdict_id is not None
    if status == Claim.Status.CHECKED and not has_published:
        raise ValidationError({"status": "A claim becomes checked only when a verdict on it is published."})
    if status in (Claim.Status.NEW, Claim.Status.DISMISSED) and has_published:
        raise ValidationError(
            {"status": f"This claim has a published verdict; withdraw it before moving the claim to “{status}”."}
        )


@transaction.atomic
def claim_set_status(*, claim: Claim, status: str) -> Claim:
    """Move a claim along the desk's workflow (``claim_check_status_move``), under its lock."""
    locked = claim_lock(claim.pk)
    claim_check_status_move(claim=locked, status=status)
    _save_changes(locked, {"status": status})
    adopt(claim, locked)
    return claim


# What an editor may change on a claim; status goes through the status rule.
CLAIM_EDITABLE_FIELDS = ("text", "speaker", "claimed_at", "context", "status", "language")


@transaction.atomic
def claim_update(*, claim: Claim, changes: Mapping[str, Any]) -> Claim:
    """An editor's change to a claim (API PATCH/PUT, admin form): under the claim's row
    lock, status through the rule, and only the fields that differ are written — never the
    derived ``current_verdict``/``current_rating``."""
    unknown = set(changes) - set(CLAIM_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: "This field is not editable." for name in sorted(unknown)})
    locked = claim_lock(claim.pk)
    if "status" in changes:
        claim_check_status_move(claim=locked, status=changes["status"])
    _save_changes(locked, changes)
    adopt(claim, locked)
    return claim


@transaction.atomic
def claim_delete(*, claim: Claim) -> None:
    """Delete a claim with its appearances and verdicts; the claim row is locked first, so
    a concurrent publish or withdraw on it waits (or finds it gone) instead of deadlocking."""
    claim_lock(claim.pk).delete()


def adopt(instance: models.Model, stored: models.Model) -> None:
    """Give the caller's ``instance`` the values as stored: a row read earlier, or an unsaved
    admin object that a service has just created (the inlines, the change log and the
    redirect that follow then point at that row). A cached related object stays only while
    it is still the one the stored row names."""
    if instance is stored:
        return
    for f in stored._meta.concrete_fields:
        if f.is_relation and f.is_cached(instance):
            cached = f.get_cached_value(instance)
            if cached is None or cached.pk != getattr(stored, f.attname):
                f.delete_cached_value(instance)
        setattr(instance, f.attname, getattr(stored, f.attname))
    instance._state.adding = False
    instance._state.db = stored._state.db


def acting_user(by):
    """Who an audit field names: the signed-in user, or nobody (a command, an anonymous call)."""
    return by if by is not None and by.is_authenticated else None


# --- verdicts -----------------------------------------------------------------------------------


@transaction.atomic
def verdict_create(
    *,
    claim: Claim,
    rating: Rating,
    summary: str,
    analysis: str = "",
    reviewer: str = "",
    url: str = "",
    by=None,
    publisher: Publisher | None = None,
    textual_rating: str = "",
) -> Verdict:
    """Start a draft verdict; nobody outside the desk sees it until it is published.
    ``publisher`` and ``textual_rating`` are for another fact-checker's imported verdict.

    Drafting a verdict on a ``new`` claim moves it to ``in_review`` (issue 14): someone is
    checking it now. Other statuses are left alone (a dismissed claim stays dismissed until an
    editor reopens it; a checked one stays checked while its published verdict is current)."""
    verdict = Verdict(
        claim=claim,
        rating=rating,
        summary=summary,
        analysis=analysis,
        reviewer=reviewer,
        url=url,
        created_by=acting_user(by),
        publisher=publisher,
        textual_rating=textual_rating,
    )
    validated_save(verdict)
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.status == Claim.Status.NEW:
        # save(), not update(): the audit trail records the move.
        locked.status = Claim.Status.IN_REVIEW
        locked.save(update_fields=("status", "updated_at"))
        claim.status, claim.updated_at = locked.status, locked.updated_at
    return verdict


# What an editor may change on a verdict; publication goes through publish/withdraw.
VERDICT_EDITABLE_FIELDS = ("rating", "summary", "analysis", "reviewer", "url", "claim")


@transaction.atomic
def verdict_update(*, verdict: Verdict, changes: Mapping[str, Any]) -> Verdict:
    """An editor's change to a verdict: claim row first, then the verdict; only the fields
    that differ are written, never ``published_at``. A rating change of the current verdict
    reaches the claim's stored rating through the database trigger."""
    unknown = set(changes) - set(VERDICT_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: "This field is not editable." for name in sorted(unknown)})
    locked = verdict_lock(verdict.pk)
    if "claim" in changes and changes["claim"].pk != locked.claim_id:
        raise ValidationError({"claim": "A verdict cannot move to another claim."})
    _save_changes(locked, {name: value for name, value in changes.items() if name != "claim"})
    adopt(verdict, locked)
    return verdict


def _attribute_to(instance: models.Model, by) -> None:
    """The audit trail names ``by`` as the author of the next save of ``instance``, whatever
    request (or none: a command) the service runs in."""
    if acting_user(by) is not None:
        instance._history_user = by  # django-simple-history's per-instance override


def _claim_refresh_current_verdict(claim: Claim, *, mark_checked: bool = False, by=None) -> Claim:
    """Point the (locked) claim at its most recently published verdict; a claim left with
    none is no longer ``checked``."""
    _attribute_to(claim, by)
    claim.current_verdict = (
        Verdict.objects.published().filter(claim_id=claim.pk).order_by("-published_at", "-id").first()
    )
    claim.current_rating_id = claim.current_verdict.rating_id if claim.current_verdict else None
    if mark_checked:
        claim.status = Claim.Status.CHECKED
    elif claim.current_verdict is None and claim.status == Claim.Status.CHECKED:
        claim.status = Claim.Status.IN_REVIEW
    claim.save(update_fields=("current_verdict", "current_rating", "status", "updated_at"))
    return claim


@transaction.atomic
def verdict_publish(*, verdict: Verdict, by=None, published_at: datetime | None = None) -> Verdict:
    """Publish a draft: it gets a date, its claim becomes ``checked`` and, being the newest,
    its current verdict. ``published_at`` lets imports keep the original review date; the
    audit trail records ``by`` as who published."""
    locked = verdict_lock(verdict.pk)
    _attribute_to(locked, by)
    if locked.published_at is not None:
        raise AlreadyPublished(
            f"This verdict was already published on {locked.published_at:%Y-%m-%d %H:%M} UTC.",
            code="already_published",
        )
    locked.published_at = published_at or timezone.now()
    locked.save(update_fields=("published_at", "updated_at"))
    _claim_refresh_current_verdict(claim_lock(locked.claim_id), mark_checked=True, by=by)
    adopt(verdict, locked)
    return verdict


@transaction.atomic
def verdict_withdraw(*, verdict: Verdict, by=None) -> Verdict:
    """Turn a published verdict back into a draft; the claim falls back to its previous verdict.
    The audit trail records ``by`` as who withdrew it."""
    locked = verdict_lock(verdict.pk)
    _attribute_to(locked, by)
    if locked.published_at is None:
        raise NotPublished("This verdict is a draft already.", code="not_published")
    locked.published_at = None
    locked.save(update_fields=("published_at", "updated_at"))
    _claim_refresh_current_verdict(claim_lock(locked.claim_id), by=by)
    adopt(verdict, locked)
    return verdict


@transaction.atomic
def verdict_delete(*, verdict: Verdict) -> None:
    """Delete a verdict and, if it was the claim's current one, fall back to the previous."""
    # Unpublish first so the claim's current verdict moves off it before the row goes;
    # save(), not update(), so the audit trail records both steps.
    locked = verdict_lock(verdict.pk)
    if locked.published_at is not None:
        locked.published_at = None
        locked.save(update_fields=("published_at", "updated_at"))
        _claim_refresh_current_verdict(claim_lock(locked.claim_id))
    locked.delete()


# --- in bulk (the ClaimReview import) -----------------------------------------------------------

BULK_BATCH_SIZE = 1000  # rows per INSERT: within PostgreSQL's 65,535 parameters for every table here


@transaction.atomic
def claims_bulk_record(
    *,
    speakers: list[Speaker] = (),
    publishers: list[Publisher] = (),
    articles: list[Article] = (),
    claims: list[Claim] = (),
    appearances: list[Appearance] = (),
    verdicts: list[Verdict] = (),
    by=None,
) -> None:
    """``claim_create`` + ``appearance_create`` + ``verdict_create`` + ``verdict_publish`` for
    many rows at once, with the same rules and in a fixed number of queries (per
    ``BULK_BATCH_SIZE`` rows), for the ClaimReview import (issue 12: 2,000 reviews in seconds,
    not one round trip after another).

    Every instance is new and already validated by the caller (``full_clean`` without the
    database checks: uniqueness is the caller's lookups, under its locks, and the
    constraints hold it). Relations may point at instances of the same call, which are
    inserted first (speakers and publishers get generated slugs by the single-create rule,
    ``assign_generated_slugs``). ``verdicts`` carry the ``published_at`` to publish them on;
    their claims may be new or existing.

    The rules, as the single-row services apply them: a new claim starts ``new``; drafting a
    verdict on a ``new`` claim moves it to ``in_review``; publishing makes the claim
    ``checked`` with its most recently published verdict (and its rating) current. Existing
    claims are locked first, in id order (the one lock order), before anything on them is
    written. The audit trail gets the same entries as one save at a time would write: each
    created row, the claim's move to ``in_review``, its publication and the verdict's."""
    now = timezone.now()
    # The audit trail orders one object's entries by time: each step a microsecond later.
    drafted_at, published_on = now + timedelta(microseconds=1), now + timedelta(microseconds=2)
    history_user = acting_user(by)
    verdict_claims = {id(verdict.claim): verdict.claim for verdict in verdicts}
    touched = {claim.pk for claim in verdict_claims.values() if claim.pk is not None}
    touched |= {appearance.claim.pk for appearance in appearances if appearance.claim.pk is not None}
    # One query whatever is touched (an empty array when nothing is), like every lookup here.
    existing = {
        claim.pk: claim
        for claim in Claim.objects.raw(
            "SELECT * FROM claims_claim WHERE id = ANY(%s) ORDER BY id FOR UPDATE", [sorted(touched)]
        )
    }
    from articles.models import assign_generated_slugs

    assign_generated_slugs(list(speakers), source="name", max_length=220)
    assign_generated_slugs(list(publishers), source="name", max_length=200)
    Speaker.objects.bulk_create(speakers, batch_size=BULK_BATCH_SIZE)
    Publisher.objects.bulk_create(publishers, batch_size=BULK_BATCH_SIZE)
    Article.objects.bulk_create(articles, batch_size=BULK_BATCH_SIZE)
    for claim in claims:
        claim.status = Claim.Status.NEW
        claim.created_by = history_user
    Claim.objects.bulk_create(claims, batch_size=BULK_BATCH_SIZE)
    Claim.history.bulk_history_create(claims, batch_size=BULK_BATCH_SIZE, default_user=history_user, default_date=now)
    Appearance.objects.bulk_create(appearances, batch_size=BULK_BATCH_SIZE)
    Appearance.history.bulk_history_create(
        appearances, batch_size=BULK_BATCH_SIZE, default_user=history_user, default_date=now
    )

    # Verdicts: created as drafts, then published (two audit entries, one INSERT).
    published_at = {id(verdict): verdict.published_at for verdict in verdicts}
    for verdict in verdicts:
        verdict.created_by = history_user
    Verdict.objects.bulk_create(verdicts, batch_size=BULK_BATCH_SIZE)
    for verdict in verdicts:
        verdict.published_at = None
    Verdict.history.bulk_history_create(
        verdicts, batch_size=BULK_BATCH_SIZE, default_user=history_user, default_date=now
    )
    for verdict in verdicts:
        verdict.published_at = published_at[id(verdict)]
    Verdict.history.bulk_history_create(
        verdicts, update=True, batch_size=BULK_BATCH_SIZE, default_user=history_user, default_date=published_on
    )

    # Their claims: new → in_review (a draft is being written), then checked with the most
    # recently published verdict current (verdict_create, then verdict_publish's refresh).
    refreshed = [existing.get(claim.pk, claim) for claim in {c.pk: c for c in verdict_claims.values()}.values()]
    drafted = [claim for claim in refreshed if claim.status == Claim.Status.NEW]
    for claim in drafted:
        claim.status = Claim.Status.IN_REVIEW
        claim.updated_at = now
    Claim.history.bulk_history_create(
        drafted, update=True, batch_size=BULK_BATCH_SIZE, default_user=history_user, default_date=drafted_at
    )
    # Each publication is a step of the claim's audit trail, as verdict_publish writes one per
    # verdict: the current verdict after each (the newest published so far), then the final
    # state, read back from the verdicts themselves (the refresh's own query).
    before = {claim.pk: claim.current_verdict_id for claim in refreshed if claim.current_verdict_id}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, published_at, rating_id FROM claims_verdict WHERE id = ANY(%s)", [sorted(before.values())]
        )
        current = {pk: (published, pk, rating_id) for pk, published, rating_id in cursor.fetchall()}
    latest = {
        claim_id: (verdict_id, rating_id)
        for claim_id, verdict_id, rating_id in Verdict.objects.published()
        .filter(claim_id__in=[claim.pk for claim in refreshed])
        .order_by("claim_id", "-published_at", "-id")
        .distinct("claim_id")
        .values_list("claim_id", "id", "rating_id")
    }
    published_in_order: dict[int, list[Verdict]] = {}
    for verdict in verdicts:
        published_in_order.setdefault(verdict.claim.pk, []).append(verdict)
    steps = []
    for claim in refreshed:
        best = current.get(before.get(claim.pk))
        claim_verdicts = published_in_order[claim.pk]
        for step, verdict in enumerate(claim_verdicts[:-1]):
            if best is None or (verdict.published_at, verdict.pk) > best[:2]:
                best = (verdict.published_at, verdict.pk, verdict.rating_id)
            snapshot = copy.copy(claim)
            snapshot.current_verdict_id, snapshot.current_rating_id = best[1], best[2]
            snapshot.status, snapshot.updated_at = Claim.Status.CHECKED, now
            snapshot._history_date = published_on + timedelta(microseconds=step)
            steps.append(snapshot)
        claim.current_verdict_id, claim.current_rating_id = latest[claim.pk]
        claim.status = Claim.Status.CHECKED
        claim.updated_at = now
        claim._history_date = published_on + timedelta(microseconds=len(claim_verdicts) - 1)
        steps.append(claim)
    if refreshed:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE claims_claim c SET current_verdict_id = v.verdict_id, current_rating_id = v.rating_id, "
                "status = %s, updated_at = %s "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS v(claim_id, verdict_id, rating_id) "
                "WHERE c.id = v.claim_id",
                [
                    Claim.Status.CHECKED,
                    now,
                    [claim.pk for claim in refreshed],
                    [claim.current_verdict_id for claim in refreshed],
                    [claim.current_rating_id for claim in refreshed],
                ],
            )
    Claim.history.bulk_history_create(steps, update=True, batch_size=BULK_BATCH_SIZE, default_user=history_user)
    for claim in refreshed:
        del claim._history_date
    written = sorted({claim.pk for claim in claims} | {claim.pk for claim in refreshed})
    if written:
        from . import extensions

        extensions.claims_written(written)
