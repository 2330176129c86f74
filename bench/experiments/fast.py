"""Prototype: the claim list and detail without model instances or DRF field objects on
the read path, and orjson rendering. Same JSON as ``ClaimSerializer`` (checked by
``python -m bench.experiments.compare <database url>``), a fraction of the CPU.

What it changes, as the application would change it:

- ``ClaimQuerySet.api_rows()``: one ``values()`` query for the page (speaker, current
  verdict and rating joined) and one for its appearances, assembled into dicts;
- ``ClaimViewSet.list``/``retrieve`` return those rows; writes keep the serializer;
- ``retrieve`` does not run the list's filter backends (a FilterSet and its form per
  request otherwise);
- ``bench.experiments.renderers.ORJSONRenderer`` as the default renderer.
"""

from django.http import Http404
from rest_framework.response import Response

from claims.models import Appearance
from claims.views import ClaimViewSet

ROW_FIELDS = (
    "id",
    "text",
    "status",
    "claimed_at",
    "context",
    "language",
    "created_at",
    "updated_at",
    "speaker_id",
    "speaker__name",
    "speaker__slug",
    "current_verdict_id",
    "current_verdict__summary",
    "current_verdict__published_at",
    "current_verdict__rating__slug",
    "current_verdict__rating__label",
    "current_verdict__rating__value",
)


def api_rows(queryset) -> list[dict]:
    """The API representation of the claims ``queryset`` selects, in two queries."""
    rows = list(queryset.prefetch_related(None).values(*ROW_FIELDS))
    return assemble(rows)


def assemble(rows: list[dict]) -> list[dict]:
    appearances: dict[int, list] = {}
    quoted = (
        Appearance.objects.filter(claim_id__in=[row["id"] for row in rows])
        .order_by("article__published_at", "id")
        .values_list(
            "claim_id", "id", "article_id", "article__url", "article__title", "quote", "is_direct_quote", "start", "end"
        )
    )
    for claim_id, pk, article_id, url, title, quote, direct, start, end in quoted:
        appearances.setdefault(claim_id, []).append(
            {
                "id": pk,
                "article": {"id": article_id, "url": url, "title": title},
                "quote": quote,
                "is_direct_quote": direct,
                "start": start,
                "end": end,
            }
        )
    return [
        {
            "id": row["id"],
            "text": row["text"],
            "status": row["status"],
            "claimed_at": row["claimed_at"],
            "context": row["context"],
            "language": row["language"],
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
            "speaker": {"id": row["speaker_id"], "name": row["speaker__name"], "slug": row["speaker__slug"]},
            "appearances": appearances.get(row["id"], []),
            "verdict": None
            if row["current_verdict_id"] is None
            else {
                "id": row["current_verdict_id"],
                "rating": {
                    "slug": row["current_verdict__rating__slug"],
                    "label": row["current_verdict__rating__label"],
                    "value": row["current_verdict__rating__value"],
                },
                "summary": row["current_verdict__summary"],
                "published_at": row["current_verdict__published_at"],
            },
        }
        for row in rows
    ]


class FastClaimViewSet(ClaimViewSet):
    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        page = self.paginate_queryset(queryset.values(*ROW_FIELDS))
        return self.get_paginated_response(assemble(page))

    def retrieve(self, request, *args, **kwargs):
        rows = api_rows(self.get_queryset().filter(pk=kwargs["pk"]))
        if not rows:
            raise Http404("No Claim matches the given query.")
        return Response(rows[0])
