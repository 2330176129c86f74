"""Multi-step writes. The admin, the API and the management commands all call these,
so each rule lives here once: a claim becomes ``checked`` only through
``verdict_publish``, and ``Claim.current_verdict`` is only changed here."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from articles.models import Article, Publisher

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
    """``full_clean()`` then ``save()``; a constraint lost to a concurrent writer is a ValidationError too."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save(**save_kwargs)
    except IntegrityError as error:
        raise ValidationError(
            "This conflicts with a record that was saved at the same time; reload and try again.",
            code="conflict",
        ) from error


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
    """Log a claim, with its first appearance when ``article`` and ``quote`` are given."""
    if article is not None and not (quote or "").strip():
        raise ValidationError({"quote": "Give the words as printed in the article."})
    if article is None and (quote or "").strip():
        raise ValidationError({"article_id": "Name the article the quote appeared in."})
    claim = Claim(
        text=text,
        speaker=speaker,
        claimed_at=claimed_at,
        context=context,
        status=status,
        language=language,
        created_by=by if by is not None and by.is_authenticated else None,
    )
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


@transaction.atomic
def claim_set_status(*, claim: Claim, status: str) -> Claim:
    """Move a claim along the desk's workflow; ``checked`` is reached only by publishing."""
    if status == Claim.Status.CHECKED and claim.status != Claim.Status.CHECKED:
        raise ValidationError({"status": "A claim becomes checked only when a verdict on it is published."})
    claim.status = status
    validated_save(claim)
    return claim


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
        created_by=by if by is not None and by.is_authenticated else None,
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


def _attribute_to(instance: models.Model, by) -> None:
    """The audit trail names ``by`` as the author of the next save of ``instance``, whatever
    request (or none: a command) the service runs in."""
    if by is not None and by.is_authenticated:
        instance._history_user = by  # django-simple-history's per-instance override


def _claim_refresh_current_verdict(claim_id: int, *, mark_checked: bool = False, by=None) -> Claim:
    """Point the claim at its most recently published verdict; a claim left with none is
    no longer ``checked``."""
    claim = Claim.objects.select_for_update().get(pk=claim_id)
    _attribute_to(claim, by)
    claim.current_verdict = (
        Verdict.objects.published().filter(claim_id=claim_id).order_by("-published_at", "-id").first()
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
    locked = Verdict.objects.select_for_update().get(pk=verdict.pk)
    _attribute_to(locked, by)
    if locked.published_at is not None:
        raise AlreadyPublished(
            f"This verdict was already published on {locked.published_at:%Y-%m-%d %H:%M} UTC.",
            code="already_published",
        )
    locked.published_at = published_at or timezone.now()
    locked.save(update_fields=("published_at", "updated_at"))
    _claim_refresh_current_verdict(locked.claim_id, mark_checked=True, by=by)
    verdict.published_at = locked.published_at
    return verdict


@transaction.atomic
def verdict_withdraw(*, verdict: Verdict, by=None) -> Verdict:
    """Turn a published verdict back into a draft; the claim falls back to its previous verdict.
    The audit trail records ``by`` as who withdrew it."""
    locked = Verdict.objects.select_for_update().get(pk=verdict.pk)
    _attribute_to(locked, by)
    if locked.published_at is None:
        raise NotPublished("This verdict is a draft already.", code="not_published")
    locked.published_at = None
    locked.save(update_fields=("published_at", "updated_at"))
    _claim_refresh_current_verdict(locked.claim_id, by=by)
    verdict.published_at = None
    return verdict


@transaction.atomic
def verdict_delete(*, verdict: Verdict) -> None:
    """Delete a verdict and, if it was the claim's current one, fall back to the previous."""
    # Unpublish first so the claim's current verdict moves off it before the row goes;
    # save(), not update(), so the audit trail records both steps.
    locked = Verdict.objects.select_for_update().get(pk=verdict.pk)
    if locked.published_at is not None:
        locked.published_at = None
        locked.save(update_fields=("published_at", "updated_at"))
    _claim_refresh_current_verdict(locked.claim_id)
    locked.delete()
