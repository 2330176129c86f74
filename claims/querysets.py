"""Read vocabulary for claims, speakers and verdicts: every view, the admin and the
ClaimReview export compose these instead of repeating joins and visibility rules."""

import itertools
import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Transform

from articles.querysets import count_related

SEARCH_CONFIG = "english"
# A claim's appearances as the API lists them: earliest article first.
APPEARANCES_IN_CLAIM_ORDER = ("article__published_at", "id")
# Joins aliases into one string for matching; a character no name contains.
ALIAS_SEPARATOR = "\x1f"


class Joined(Transform):
    """``aliases__joined``: an array's items as one string, so the ordinary text lookups
    (``icontains``, ``iregex``) and the admin's ``search_fields`` work on aliases without
    naming the table and without adding rows."""

    lookup_name = "joined"
    function = "array_to_string"
    template = "%(function)s(%(expressions)s, chr(31))"  # chr(31) is ALIAS_SEPARATOR
    output_field = models.TextField()


class SpeakerQuerySet(models.QuerySet):
    def with_track_record(self):
        """Annotate ``claim_count``, cheap per row at any table size."""
        from .models import Claim

        return self.annotate(claim_count=count_related(Claim, "speaker"))

    def matching_name(self, name: str):
        """Speakers whose name or one of whose aliases is ``name`` (case-insensitive)."""
        name = name.strip()
        alias = f"(^|{ALIAS_SEPARATOR}){re.escape(name)}($|{ALIAS_SEPARATOR})"
        return self.filter(Q(name__iexact=name) | Q(aliases__joined__iregex=alias))

    def name_contains(self, text: str):
        """Speakers whose name or one of whose aliases contains ``text`` (case-insensitive)."""
        text = text.strip()
        return self.filter(Q(name__icontains=text) | Q(aliases__joined__icontains=text))


def may_see_drafts(user) -> bool:
    """Staff, and users who may change verdicts; never anonymous users."""
    return bool(
        user is not None and user.is_authenticated and (user.is_staff or user.has_perm("claims.change_verdict"))
    )


class VerdictQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def drafts(self):
        return self.filter(published_at__isnull=True)

    def visible_to(self, user):
        """The one home of draft hiding: staff and whoever may change verdicts (the Editors
        group holds ``claims.change_verdict``, so an editor can publish the drafts it writes;
        issue 12) see drafts, everyone else only published verdicts."""
        if may_see_drafts(user):
            return self
        return self.published()


class ClaimQuerySet(models.QuerySet):
    def with_api_relations(self):
        """Everything a claim's API representation shows, in a fixed number of queries."""
        from .models import Appearance

        return self.select_related("speaker", "current_verdict", "current_rating").prefetch_related(
            Prefetch(
                "appearances",
                queryset=Appearance.objects.select_related("article")
                .only(
                    "id",
                    "claim_id",
                    "quote",
                    "is_direct_quote",
                    "start",
                    "end",
                    "article__id",
                    "article__url",
                    "article__title",
                    "article__published_at",
                )
                .order_by(*APPEARANCES_IN_CLAIM_ORDER),
            )
        )

    def search(self, text: str):
        """Full-text match over claim text, quotes and speaker names, annotated with ``rank``."""
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        return self.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))

    def quoted_in(self, article_ids):
        from .models import Appearance

        return self.filter(Exists(Appearance.objects.filter(claim=OuterRef("pk"), article_id__in=article_ids)))

    def published_by(self, publisher_ids):
        from .models import Appearance

        return self.filter(
            Exists(Appearance.objects.filter(claim=OuterRef("pk"), article__publisher_id__in=publisher_ids))
        )

    def track_record(self) -> tuple[dict[str, int], list[dict]]:
        """Claims per status (every status, zero included) and per current rating (every
        rating on the scale), from one GROUP BY the (speaker, status, current_rating) index
        answers without touching the table."""
        from .models import Claim, Rating

        by_status = dict.fromkeys(Claim.Status.values, 0)
        by_rating = {}
        # COUNT(*), not COUNT(id): id is not in the index, and reading it means the heap.
        grouped = self.order_by().values_list("status", "current_rating_id").annotate(n=Count("*"))
        for status, rating_id, n in grouped:
            by_status[status] += n
            if rating_id is not None:
                by_rating[rating_id] = by_rating.get(rating_id, 0) + n
        ratings = [
            {"slug": r.slug, "label": r.label, "value": r.value, "count": by_rating.get(r.pk, 0)}
            for r in Rating.objects.all()
        ]
        return by_status, ratings


# Fields that change on every save and say nothing about what an editor did.
UNAUDITED_FIELDS = frozenset({"updated_at", "search_vector"})


def audit_trail(*history_querysets) -> list[dict]:
    """Audit entries (newest first) from django-simple-history tables, each with the fields
    its change touched: compared with the same object's previous record, in Python, so a
    claim's whole trail is one query per table."""
    entries = []
    for queryset in history_querysets:
        records = list(queryset.select_related("history_user").order_by("id", "history_date", "history_id"))
        model = queryset.model.instance_type
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if field.attname not in UNAUDITED_FIELDS and field.name in {f.name for f in queryset.model._meta.fields}
        ]
        previous = {}
        for record in records:
            before = previous.get(record.id)
            after = {name: getattr(record, name) for name in fields}
            changes = [] if record.history_type == "-" else _changes(before, after)
            previous[record.id] = after
            entries.append(
                {
                    "object_type": model._meta.model_name,
                    "object_id": record.id,
                    "action": {"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                    "at": record.history_date,
                    "by": record.history_user,
                    "changes": changes,
                }
            )
    entries.sort(key=lambda entry: entry["at"], reverse=True)
    return entries


def _changes(before: dict | None, after: dict) -> list[dict]:
    if before is None:  # created: every field given a value
        return [
            {"field": name, "old": None, "new": value} for name, value in after.items() if value not in (None, "", [])
        ]
    return [
        {"field": name, "old": before.get(name), "new": value}
        for name, value in after.items()
        if before.get(name) != value
    ]


def verdict_corrections(verdict) -> list[dict]:
    """Rating changes made while the verdict was published, oldest first, from its audit trail:
    what readers must be told as corrections (issue 14). Two queries."""
    from .models import Rating, Verdict

    records = list(
        Verdict.history.filter(id=verdict.pk)
        .order_by("history_date", "history_id")
        .values("history_date", "history_user__username", "rating_id", "published_at")
    )
    changes = [
        (before, after)
        for before, after in itertools.pairwise(records)
        if before["rating_id"] != after["rating_id"] and before["published_at"] and after["published_at"]
    ]
    if not changes:
        return []
    ratings = Rating.objects.in_bulk({r["rating_id"] for pair in changes for r in pair})
    return [
        {
            "at": after["history_date"],
            "by": after["history_user__username"] or "",
            "old": ratings.get(before["rating_id"]),
            "new": ratings.get(after["rating_id"]),
        }
        for before, after in changes
    ]
