"""Export: one published verdict as a schema.org ClaimReview dict (``claimreview``), a page of
them as a ``DataFeed`` (``data_feed``), and the queryset that loads what they show in a fixed
number of queries (``exportable_verdicts``)."""

import datetime
from functools import cached_property
from urllib.parse import urljoin

from django.conf import settings
from django.db.models import Max, Min, Prefetch

from ..models import Appearance, Rating, Speaker, Verdict

CONTEXT = "https://schema.org"


def exportable_verdicts():
    """Published verdicts (never drafts, whoever asks) with everything their ClaimReview
    shows: one query for a page of verdicts, one for all their claims' appearances."""
    return (
        Verdict.objects.published()
        .select_related("claim__speaker", "rating", "publisher")
        .prefetch_related(
            Prefetch(
                "claim__appearances",
                queryset=Appearance.objects.select_related("article__publisher").order_by(
                    "article__published_at", "id"
                ),
            )
        )
    )


class RatingScale:
    """The best and worst value on the rating scale, read once per response and only when a
    rating on the scale needs them."""

    @cached_property
    def bounds(self) -> tuple[int | None, int | None]:
        values = Rating.objects.aggregate(best=Max("value"), worst=Min("value"))
        return values["best"], values["worst"]

    @classmethod
    def of(cls, ratings) -> "RatingScale":
        """The scale of ratings already read (a page that shows them all), without a query."""
        scale = cls()
        values = [rating.value for rating in ratings if rating.value is not None]
        scale.bounds = (max(values), min(values)) if values else (None, None)
        return scale


def claimreview(verdict: Verdict, *, scale: RatingScale, request=None) -> dict:
    """A published verdict as schema.org ClaimReview; ``request`` makes ``url`` absolute."""
    claim = verdict.claim
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": review_url(verdict, request=request),
        "name": verdict.summary,
        "datePublished": _utc_date(verdict.published_at).isoformat(),
        "claimReviewed": claim.text,
        "author": _review_author(verdict, request=request),
        "reviewRating": _review_rating(verdict, scale),
        "itemReviewed": _claim(claim),
    }


def review_url(verdict: Verdict, *, request=None) -> str:
    """Where a reader finds the fact-check, as aggregators expect in ``url``: the verdict's own
    page when it has one (an imported review), else the claim's public fact-check page
    (``Claim.get_absolute_url``, issue 17), absolute for ``request`` or under ``FACTCHECK_ORG_URL``."""
    if verdict.url:
        return verdict.url
    path = verdict.claim.get_absolute_url()
    if request is not None:
        return request.build_absolute_uri(path)
    return urljoin(organization_url(), path)


def organization_url(request=None) -> str:
    """This desk's web address: ``FACTCHECK_ORG_URL`` when set, else the site's root as the
    request reached it (issue 13: not 127.0.0.1:8000 whatever host and port serve it)."""
    configured = settings.FACTCHECK_ORGANIZATION["url"]
    if configured or request is None:
        return configured
    return request.build_absolute_uri("/")


def data_feed(elements: list[dict], *, next_url: str | None = None, previous_url: str | None = None) -> dict:
    """A page of ClaimReviews as a schema.org DataFeed, with the API's usual page links."""
    return {
        "@context": CONTEXT,
        "@type": "DataFeed",
        "name": f"{settings.FACTCHECK_ORGANIZATION['name']}: fact-checks",
        "dataFeedElement": elements,
        "next": next_url,
        "previous": previous_url,
    }


def _utc_date(moment: datetime.datetime) -> datetime.date:
    # UTC on both sides, whatever TIME_ZONE says: an imported "2020-03-05" is stored as
    # midnight UTC and must come back as 2020-03-05.
    return moment.astimezone(datetime.UTC).date()


def _review_author(verdict: Verdict, *, request=None) -> dict:
    # An imported fact-check is credited to whoever published it, not to this desk.
    if verdict.publisher_id is not None:
        publisher = verdict.publisher
        author = {"@type": "Organization", "name": publisher.name}
        if publisher.domain:
            author["url"] = f"https://{publisher.domain}/"
        return author
    organization = settings.FACTCHECK_ORGANIZATION
    author = {"@type": "Organization", "name": organization["name"], "url": organization_url(request)}
    if verdict.reviewer:
        # This desk's own review: who wrote it, as a Person under the organisation (issue 13).
        author["member"] = {"@type": "Person", "name": verdict.reviewer}
    return author


def _review_rating(verdict: Verdict, scale: RatingScale) -> dict:
    rating = verdict.rating
    label = verdict.textual_rating or rating.label
    # Why the rating: the verdict's one-line summary, which Google shows with the rating.
    explanation = {"ratingExplanation": verdict.summary} if verdict.summary else {}
    if rating.value is None:  # off the scale ("Unproven"): a label, no number
        return {"@type": "Rating", "alternateName": label, **explanation}
    best, worst = scale.bounds
    return {
        "@type": "Rating",
        "ratingValue": rating.value,
        "bestRating": best,
        "worstRating": worst,
        "alternateName": label,
        **explanation,
    }


def _claim(claim) -> dict:
    speaker = claim.speaker
    if speaker.kind == Speaker.Kind.PERSON:
        author = {"@type": "Person", "name": speaker.name}
        if speaker.role:
            author["jobTitle"] = speaker.role
    else:  # organisations and groups ("Russian officials")
        author = {"@type": "Organization", "name": speaker.name}
    item = {"@type": "Claim", "author": author}
    if claim.claimed_at is not None:
        item["datePublished"] = claim.claimed_at.isoformat()
    if claim.language:
        item["inLanguage"] = claim.language
    appearances, seen = [], set()
    recorded = list(claim.appearances.all())  # prefetched, earliest article first
    for appearance in recorded:
        if appearance.article_id not in seen:
            seen.add(appearance.article_id)
            appearances.append(_creative_work(appearance.article))
    if appearances:
        item["appearance"] = appearances
        # The first appearance as recorded (the claim's first, or an import's firstAppearance,
        # which the import records first), not the earliest-dated article: it survives a round trip.
        item["firstAppearance"] = _creative_work(min(recorded, key=lambda appearance: appearance.pk).article)
    return item


def _creative_work(article) -> dict:
    work = {"@type": "CreativeWork", "url": article.url, "headline": article.title}
    if article.published_at is not None:
        work["datePublished"] = _utc_date(article.published_at).isoformat()
    work["publisher"] = {"@type": "Organization", "name": article.publisher.name}
    return work


def script_safe(rendered: bytes) -> bytes:
    """JSON that is safe inside ``<script type="application/ld+json">`` (issue 13): ``<``, ``>``
    and ``&`` as ``\\u003c``…, the same JSON to any parser, but a claim text such as
    ``</script><script>…`` can no longer close the element it is embedded in."""
    return rendered.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")
