"""What the public site reads (issue 17), each shape defined once and shared by pages, feeds
and the sitemap. Everything here is published: a claim is on the site only through its
``current_verdict``, which ``claims.services`` points at published verdicts alone, and every
verdict is read through ``exportable_verdicts()`` (``Verdict.objects.published()``), so no
page, feed or sitemap can show a draft or a draft's words."""

from dataclasses import dataclass

from django.db.models import F, Prefetch

from claims.claimreview.export import exportable_verdicts
from claims.filters import ClaimFilterSet
from claims.models import Claim, Evidence, Rating, Verdict
from claims.slugs import claim_slug

PAGE_SIZE = 20

# One row of a fact-check list (home, browse, speaker, article, feeds).
ROW_FIELDS = (
    "id", "text", "language", "claimed_at", "updated_at",
    "speaker__name", "speaker__slug",
    "current_verdict__summary", "current_verdict__published_at", "current_verdict__updated_at",
    "current_rating__slug", "current_rating__label", "current_rating__value",
)  # fmt: skip


def fact_checked_claims():
    """Claims with a published verdict: the only claims the site shows."""
    return Claim.objects.filter(current_verdict__isnull=False)


def rows(queryset) -> list[dict]:
    """List rows with their page URL and last modification, from one query."""
    result = []
    for row in queryset.values(*ROW_FIELDS):
        row["slug"] = claim_slug(row["text"])
        row["last_modified"] = max(row["updated_at"], row["current_verdict__updated_at"])
        result.append(row)
    return result


def latest_fact_checks():
    """Newest publications first (the verdict's date), for the home page. Spelled so the
    partial index on published verdicts (published_at DESC, id DESC) drives the query and
    each claim is one index probe: no sort of every fact-check at a million claims."""
    return Claim.objects.filter(current_verdict__published_at__isnull=False).order_by(
        F("current_verdict__published_at").desc(), F("current_verdict_id").desc()
    )


# What a reader may filter by on the site; the rest of the API's claim filters (status is
# always "checked" here, article and publisher have pages of their own) are left out.
SITE_FILTERS = ("q", "speaker_slug", "rating", "claimed_after", "claimed_before", "ordering")


def filtered(params) -> ClaimFilterSet:
    """The API's claim filterset (the same semantics: full-text ``q`` with websearch syntax,
    rating by slug, inclusive dates) over the fact-checked claims. Only the site's own
    parameters are read: shared links carry ``utm_source`` and friends, which must not turn
    a reader's page into an error."""
    data = {name: params[name] for name in SITE_FILTERS if params.get(name, "").strip()}
    return ClaimFilterSet(data=data, queryset=fact_checked_claims())


@dataclass
class Page:
    """One page of a list without COUNT(*): one row more than the page says whether there is
    a next one, so a page costs the same at a million claims as at ten."""

    number: int
    items: list
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_of(queryset, number: int, size: int = PAGE_SIZE) -> Page:
    start = (number - 1) * size
    items = rows(queryset[start : start + size + 1])
    return Page(number=number, items=items[:size], has_next=len(items) > size)


def fact_check(claim_id: int) -> Verdict | None:
    """The claim's current (published) verdict with everything its page and its ClaimReview
    show: three queries (verdict with claim, speaker, rating and publisher; appearances with
    their articles; evidence)."""
    return (
        exportable_verdicts()
        .filter(claim_id=claim_id, claim__current_verdict=F("pk"))
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
        .first()
    )


def was_published(claim_id: int) -> bool:
    """Whether a verdict on the claim was ever published (the audit trail remembers a
    withdrawn or deleted one): such a page is gone (410), not unknown (404)."""
    return Verdict.history.filter(claim_id=claim_id, published_at__isnull=False).exists()


@dataclass
class Correction:
    at: object
    field: str  # "rating" or "summary"
    old: str
    new: str


def corrections(verdict: Verdict, ratings: dict[int, Rating]) -> list[Correction]:
    """Changes to the rating or summary of a verdict since it was published, oldest first,
    from its audit trail (one query, of the two columns compared: not claims.querysets'
    audit_trail, which loads and diffs every column of every record). Edits of the draft
    before publication are not corrections and are not shown."""
    records = (
        Verdict.history.filter(id=verdict.pk)
        .order_by("history_date", "history_id")
        .values("history_date", "history_type", "rating_id", "summary")
    )
    found = []
    before: dict = {}
    for after in records:
        if after["history_type"] == "~" and after["history_date"] > verdict.published_at:
            if before.get("rating_id") != after["rating_id"]:
                old, new = ratings.get(before.get("rating_id")), ratings.get(after["rating_id"])
                found.append(Correction(after["history_date"], "rating", str(old or ""), str(new or "")))
            if before.get("summary") != after["summary"]:
                found.append(Correction(after["history_date"], "summary", before.get("summary"), after["summary"]))
        before = after
    return found
