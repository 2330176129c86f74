"""The API of "checked before?": ``GET /api/claims/similar/?text=…`` and
``GET /api/claims/{id}/similar/``, and the ``Checked-Before`` header of a created claim.

Registered in config/urls.py before the claims viewset, so ``claims/similar/`` is not
taken for a claim id."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.reverse import reverse

from api.filters import STANDARD_PARAMETERS, malformed_parameters
from api.pagination import UncountedPagination
from claims.models import Claim, Rating

from .search import Filters, Match, similar_claims


class CommaSeparated(serializers.ListField):
    """``a,b,c`` in one query parameter."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = [part for part in data.split(",") if part.strip()]
        return super().to_internal_value(data)


class SimilarQuerySerializer(serializers.Serializer):
    """The query parameters of both similar-claims routes."""

    rating = CommaSeparated(
        child=serializers.SlugRelatedField(slug_field="slug", queryset=Rating.objects.all()),
        required=False,
        help_text="Only matches whose current verdict has one of these ratings (slugs, comma-separated).",
    )
    publisher = CommaSeparated(
        child=serializers.CharField(),
        required=False,
        help_text="Only fact-checks by these publishers: ids of imported fact-checkers, or `desk` for this "
        "desk's own verdicts (comma-separated).",
    )
    claimed_after = serializers.DateField(required=False, help_text="Matched claims made on or after this date.")
    claimed_before = serializers.DateField(required=False, help_text="Matched claims made on or before this date.")
    scope = serializers.ChoiceField(
        choices=("checked", "all"),
        default="checked",
        help_text="`checked` (default): claims with a published verdict, here or imported; `all`: every claim "
        "(an exact scan: slower on large archives).",
    )
    min_score = serializers.FloatField(
        required=False,
        min_value=0,
        help_text="Lowest score returned; default the suggest threshold (MATCHING_SUGGEST_THRESHOLD).",
    )

    def validate_publisher(self, values):
        for value in values:
            if value != "desk" and not (value.isdigit() and int(value) < 2**63):
                raise serializers.ValidationError(f"“{value}” is neither a publisher id nor `desk`.")
        return values

    def filters(self, *, exclude_claim=None) -> tuple[Filters, dict]:
        data = self.validated_data
        publishers = data.get("publisher", [])
        return (
            Filters(
                rating=[r.slug for r in data.get("rating", [])],
                publisher=[int(p) for p in publishers if p != "desk"],
                desk_only="desk" in publishers and all(p == "desk" for p in publishers),
                claimed_after=data.get("claimed_after"),
                claimed_before=data.get("claimed_before"),
                exclude_claim=exclude_claim,
            ),
            {"checked_only": data["scope"] == "checked", "min_score": data.get("min_score")},
        )


class SimilarTextQuerySerializer(SimilarQuerySerializer):
    text = serializers.CharField(max_length=2000, help_text="The statement to look up (up to 2,000 characters).")


class MatchRatingSerializer(serializers.Serializer):
    slug = serializers.CharField()
    label = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)


class MatchPublisherSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="null for this desk's own verdicts.")
    name = serializers.CharField()


class MatchVerdictSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    rating = MatchRatingSerializer()
    textual_rating = serializers.CharField(help_text="The rating in the fact-checker's words, when imported.")
    summary = serializers.CharField()
    url = serializers.CharField()
    published_at = serializers.DateTimeField()
    publisher = MatchPublisherSerializer(help_text="Who published the fact-check.")


class MatchSpeakerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class MatchClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    status = serializers.CharField()
    claimed_at = serializers.DateField(allow_null=True)
    speaker = MatchSpeakerSerializer()


class MatchSerializer(serializers.Serializer):
    """One similar claim. ``score`` ranks: cosine similarity plus the weighted lexical share
    (README, "Checked before?")."""

    score = serializers.FloatField()
    level = serializers.ChoiceField(
        choices=("strong", "suggest"),
        allow_null=True,
        help_text="`strong`: already checked (score ≥ MATCHING_STRONG_THRESHOLD and a text of 8 words or more); "
        "`suggest`: possibly checked (score ≥ MATCHING_SUGGEST_THRESHOLD); null below.",
    )
    similarity = serializers.FloatField(allow_null=True, help_text="Cosine similarity; null without pgvector.")
    lexical = serializers.FloatField(help_text="BM25 share, 0 to 1.")
    claim = MatchClaimSerializer()
    verdict = MatchVerdictSerializer(allow_null=True, help_text="The current (published) verdict; null if none.")


def match_data(matches: list[Match]) -> list[dict]:
    return MatchSerializer(
        [
            {
                "score": m.score,
                "level": m.level,
                "similarity": m.similarity,
                "lexical": m.lexical,
                "claim": m.claim,
                "verdict": m.verdict,
            }
            for m in matches
        ],
        many=True,
    ).data


def validated(serializer_class, request):
    """The query parameters as strictly as every list reads them (api.filters): unknown ones,
    and ones given twice or empty, are a 400 naming them."""
    unknown = sorted(set(request.query_params) - set(serializer_class().fields) - STANDARD_PARAMETERS)
    problems = {name: ["Unknown query parameter."] for name in unknown}
    problems |= {name: [problem] for name, problem in malformed_parameters(request.query_params, {}).items()}
    if problems:
        raise serializers.ValidationError(problems)
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query


SIMILAR_FILTERS = [
    OpenApiParameter("rating", OpenApiTypes.STR, description="Rating slugs, comma-separated."),
    OpenApiParameter("publisher", OpenApiTypes.STR, description="Fact-checker ids or `desk`, comma-separated."),
    OpenApiParameter("claimed_after", OpenApiTypes.DATE, description="Matched claims made on or after."),
    OpenApiParameter("claimed_before", OpenApiTypes.DATE, description="Matched claims made on or before."),
    OpenApiParameter("scope", OpenApiTypes.STR, enum=["checked", "all"], description="Default `checked`."),
    OpenApiParameter("min_score", OpenApiTypes.FLOAT, description="Default: the suggest threshold."),
]


class SimilarToTextViewSet(viewsets.GenericViewSet):
    """``GET /api/claims/similar/?text=…``: claims like a text not logged yet."""

    # Permissions read as for claims (reading is public); the rows come from similar_claims.
    queryset = Claim.objects.none()
    pagination_class = UncountedPagination
    serializer_class = MatchSerializer
    filter_backends = ()

    @extend_schema(
        operation_id="claims_similar_to_text",
        summary="Claims checked before that match a text",
        description="Claims with a published verdict (this desk's and imported ClaimReview; `scope=all` for every "
        "claim) ranked by hybrid similarity to `text`, best first, at or above `min_score`. Each match has its "
        "score, level (`strong`/`suggest`), the claim, its current verdict with rating and publisher.",
        parameters=[
            OpenApiParameter("text", OpenApiTypes.STR, required=True, description="The statement to look up."),
            *SIMILAR_FILTERS,
        ],
    )
    def list(self, request):
        query = validated(SimilarTextQuerySerializer, request)
        filters, options = query.filters()
        page = self.paginate_queryset(similar_claims(query.validated_data["text"], filters=filters, **options))
        return self.get_paginated_response(match_data(page))


class SimilarToClaimViewSet(viewsets.GenericViewSet):
    """``GET /api/claims/{id}/similar/``: claims like a logged one (itself excluded)."""

    # Permissions read as for claims (reading is public); the rows come from similar_claims.
    queryset = Claim.objects.none()
    pagination_class = UncountedPagination
    serializer_class = MatchSerializer
    filter_backends = ()

    @extend_schema(
        operation_id="claims_similar_to_claim",
        summary="Claims checked before that match this claim",
        description="As `GET /api/claims/similar/`, for the claim's own text; the claim itself is left out. "
        "404 if there is no such claim.",
        parameters=[
            OpenApiParameter("claim_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The claim's id."),
            *SIMILAR_FILTERS,
        ],
    )
    def list(self, request, claim_pk=None):
        known = str(claim_pk).isdigit() and int(claim_pk) < 2**63
        claim = Claim.objects.only("id", "text").filter(pk=claim_pk).first() if known else None
        if claim is None:
            raise NotFound("No claim with this id.")
        query = validated(SimilarQuerySerializer, request)
        filters, options = query.filters(exclude_claim=claim.pk)
        page = self.paginate_queryset(similar_claims(claim.text, filters=filters, **options))
        return self.get_paginated_response(match_data(page))


def checked_before_headers(claim, request) -> dict[str, str]:
    """``POST /api/claims/`` answers a claim that strongly matches a checked one with
    ``Checked-Before: <claim id>; rating=<slug>; score=<score>`` and a ``Link`` to the
    matched claim (rel ``checked-before``); no header when there is no strong match."""
    matches = similar_claims(claim.text, filters=Filters(exclude_claim=claim.pk), limit=1)
    if not matches or matches[0].level != "strong":
        return {}
    match = matches[0]
    rating = match.verdict["rating"]["slug"] if match.verdict else ""
    url = request.build_absolute_uri(reverse("claim-detail", args=[match.claim_id]))
    return {
        "Checked-Before": f"{match.claim_id}; rating={rating}; score={match.score:.3f}",
        "Link": f'<{url}>; rel="checked-before"',
    }
