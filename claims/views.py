from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission, IsAdminUser
from rest_framework.response import Response
from rest_framework.settings import api_settings

from api.concurrency import ETagMixin
from api.exceptions import error_response
from api.pagination import UncountedPagination
from api.parsers import JSONParser

from . import services
from .claimreview import IMPORT_SCHEMA, NotClaimReview, data_feed, exportable_verdicts, import_document
from .filters import (
    AppearanceFilterSet,
    ClaimFilterSet,
    EvidenceFilterSet,
    RatingFilterSet,
    SpeakerFilterSet,
    VerdictFilterSet,
)
from .models import Appearance, Claim, Evidence, Rating, Speaker, Verdict
from .permissions import CanChangeVerdicts
from .querysets import api_representations, audit_trail
from .serializers import (
    AppearanceSerializer,
    ClaimReviewImportReportSerializer,
    ClaimReviewSerializer,
    ClaimSerializer,
    EvidenceSerializer,
    HistoryEntrySerializer,
    RatingSerializer,
    SpeakerRecordSerializer,
    SpeakerSerializer,
    VerdictSerializer,
)


class AuditTrailMixin:
    """``GET .../{id}/history/``: the object's audit trail, staff only."""

    def history_response(self, *history_querysets):
        page = self.paginate_queryset(audit_trail(*history_querysets))
        return self.get_paginated_response(HistoryEntrySerializer(page, many=True).data)


HISTORY_SCHEMA = extend_schema(
    summary="Audit trail",
    description="Every create, change and delete, newest first: who, when, and each changed field's "
    "old and new value. Staff only.",
    responses=HistoryEntrySerializer(many=True),
)


class JSONLDRenderer(renderers.JSONRenderer):
    """schema.org JSON-LD is JSON under its own media type. Errors are the API's plain
    {detail, code, fields}, not JSON-LD, so they keep application/json."""

    media_type = "application/ld+json"
    format = "jsonld"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code >= 400:
            response["Content-Type"] = renderers.JSONRenderer.media_type
        return super().render(data, accepted_media_type, renderer_context)


# JSON-LD unless the client asks for application/json.
CLAIMREVIEW_RENDERERS = (JSONLDRenderer, renderers.JSONRenderer)


class SpeakerViewSet(ETagMixin, viewsets.ModelViewSet):
    queryset = Speaker.objects.with_track_record()
    serializer_class = SpeakerSerializer
    filterset_class = SpeakerFilterSet

    def perform_create(self, serializer):
        serializer.save()
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)  # with claim_count

    perform_update = perform_create

    @extend_schema(
        summary="A speaker's track record",
        description="The speaker's claims counted by status and by the rating of their current verdict.",
        responses={200: SpeakerRecordSerializer},
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def record(self, request, pk=None):
        speaker = self.get_object()
        by_status, by_rating = Claim.objects.filter(speaker=speaker).track_record()
        record = {"speaker": speaker, "total": sum(by_status.values()), "by_status": by_status, "by_rating": by_rating}
        return Response(SpeakerRecordSerializer(record).data)

    def get_queryset(self):
        # The record counts claims itself; the list's claim_count subquery would be wasted.
        return Speaker.objects.all() if self.action == "record" else super().get_queryset()


class ClaimViewSet(AuditTrailMixin, ETagMixin, viewsets.ModelViewSet):
    queryset = Claim.objects.with_api_relations()
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilterSet
    # Millions of rows: no COUNT(*) per page (README, "Pagination").
    pagination_class = UncountedPagination

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        claim = services.claim_create(article=data.pop("article_id", None), by=self.request.user, **data)
        serializer.instance = self.get_queryset().get(pk=claim.pk)

    # Reads skip model instances and serializer fields: the hot path at millions of claims
    # (issue 6). ClaimQuerySet.api_rows() renders exactly what ClaimSerializer would.
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()).api_values())
        return self.get_paginated_response(api_representations(page))

    def retrieve(self, request, *args, **kwargs):
        rows = self.get_queryset().filter(pk=kwargs["pk"]).api_rows() if str(kwargs["pk"]).isdigit() else []
        if not rows:
            raise NotFound("No claim with this id.")
        return self.with_etag(request, Response(rows[0]))

    @extend_schema(
        summary="The claim's current verdict as schema.org ClaimReview",
        description="JSON-LD (`application/ld+json`; `application/json` on request). 404 if the claim has no "
        "published verdict.",
        responses={200: ClaimReviewSerializer},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="claimreview",
        renderer_classes=CLAIMREVIEW_RENDERERS,
        filterset_class=None,
        pagination_class=None,
    )
    def claimreview(self, request, pk=None):
        claim = self.get_object()
        verdict = exportable_verdicts().filter(pk=claim.current_verdict_id).first()
        if verdict is None:
            raise NotFound("This claim has no published verdict.")
        return Response(ClaimReviewSerializer(verdict, context=self.get_serializer_context()).data)

    @HISTORY_SCHEMA
    @action(detail=True, methods=["get"], permission_classes=[IsAdminUser], filterset_class=None)
    def history(self, request, pk=None):
        """The claim's own changes and those of its appearances."""
        claim = self.get_object()
        return self.history_response(Claim.history.filter(id=claim.pk), Appearance.history.filter(claim_id=claim.pk))


class AppearanceViewSet(ETagMixin, viewsets.ModelViewSet):
    queryset = Appearance.objects.select_related("article")
    serializer_class = AppearanceSerializer
    filterset_class = AppearanceFilterSet
    pagination_class = UncountedPagination

    def perform_create(self, serializer):
        serializer.instance = services.appearance_create(**serializer.validated_data)


class RatingViewSet(ETagMixin, viewsets.ModelViewSet):
    queryset = Rating.objects.all()
    serializer_class = RatingSerializer
    filterset_class = RatingFilterSet


class VerdictViewSet(AuditTrailMixin, ETagMixin, viewsets.ModelViewSet):
    queryset = Verdict.objects.select_related("claim__speaker", "rating").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("id"))
    )
    serializer_class = VerdictSerializer
    filterset_class = VerdictFilterSet
    pagination_class = UncountedPagination

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.verdict_create(by=self.request.user, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.verdict_delete(verdict=instance)

    @HISTORY_SCHEMA
    @action(detail=True, methods=["get"], permission_classes=[IsAdminUser], filterset_class=None)
    def history(self, request, pk=None):
        """The verdict's own changes (rating, summary, publication) and those of its evidence."""
        verdict = self.get_object()
        return self.history_response(
            Verdict.history.filter(id=verdict.pk), Evidence.history.filter(verdict_id=verdict.pk)
        )

    @extend_schema(
        summary="Publish a draft verdict",
        description="Sets published_at; the claim becomes `checked` with this as its current verdict. "
        "409 if the verdict is already published.",
        request=None,
        responses={200: VerdictSerializer},
    )
    @action(detail=True, methods=["post"], permission_classes=[CanChangeVerdicts])
    def publish(self, request, pk=None):
        return self.apply(services.verdict_publish, request)

    @extend_schema(
        summary="Withdraw a published verdict",
        description="Turns it back into a draft; the claim falls back to its previous published verdict, "
        "or leaves `checked` if none is left. 409 if the verdict is a draft.",
        request=None,
        responses={200: VerdictSerializer},
    )
    @action(detail=True, methods=["post"], permission_classes=[CanChangeVerdicts])
    def withdraw(self, request, pk=None):
        return self.apply(services.verdict_withdraw, request)

    def apply(self, service, request):
        verdict = self.get_object()
        try:
            service(verdict=verdict, by=request.user)
        except services.Conflict as error:
            return error_response(status.HTTP_409_CONFLICT, error.messages[0], error.code)
        return Response(self.get_serializer(self.get_queryset().get(pk=verdict.pk)).data)


class EvidenceViewSet(ETagMixin, viewsets.ModelViewSet):
    queryset = Evidence.objects.all()
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilterSet
    pagination_class = UncountedPagination

    def get_queryset(self):
        return super().get_queryset().filter(verdict__in=Verdict.objects.visible_to(self.request.user))


class DataFeedPagination(UncountedPagination):
    """The ClaimReview feed is a schema.org DataFeed: the page in ``dataFeedElement``,
    ``next``/``previous`` as on every other list."""

    def get_paginated_response(self, data):
        links = super().get_paginated_response(data).data
        return Response(data_feed(data, next_url=links["next"], previous_url=links["previous"]))

    def get_paginated_response_schema(self, schema):
        links = super().get_paginated_response_schema(schema)["properties"]
        return {
            "type": "object",
            "required": ["@context", "@type", "dataFeedElement", "next", "previous"],
            "properties": {
                "@context": {"type": "string", "enum": ["https://schema.org"]},
                "@type": {"type": "string", "enum": ["DataFeed"]},
                "name": {"type": "string"},
                "dataFeedElement": schema,
                "next": links["next"],
                "previous": links["previous"],
            },
        }


class JSONLDParser(JSONParser):
    media_type = "application/ld+json"


class CanImportClaimReview(BasePermission):
    """An import creates publishers, articles, speakers, claims and appearances, and
    publishes verdicts: it takes the right to do each."""

    PERMISSIONS = (
        "articles.add_publisher",
        "articles.add_article",
        "claims.add_speaker",
        "claims.add_claim",
        "claims.add_appearance",
        "claims.add_verdict",
        "claims.change_verdict",
    )

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.has_perms(self.PERMISSIONS))


@extend_schema_view(
    list=extend_schema(
        summary="Feed of published verdicts as schema.org ClaimReview",
        description="A schema.org DataFeed (`application/ld+json`; `application/json` on request) of every "
        "published verdict as ClaimReview, newest first, paginated like every list, with the verdict list's "
        "filters (`published_after` for harvesting what is new). Drafts never appear.",
        responses={200: ClaimReviewSerializer(many=True)},
    )
)
class ClaimReviewViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """schema.org ClaimReview: the feed of this desk's published verdicts, and the import of
    other fact-checkers' reviews (issue 5)."""

    serializer_class = ClaimReviewSerializer
    pagination_class = DataFeedPagination
    renderer_classes = CLAIMREVIEW_RENDERERS
    filterset_class = VerdictFilterSet

    def get_queryset(self):
        # Published only, whoever asks (staff too): the feed is what the desk has published.
        return exportable_verdicts().order_by("-published_at", "-id")

    @extend_schema(
        summary="Import ClaimReview",
        description="Imports schema.org ClaimReview JSON-LD (one object, a list, or a DataFeed) or a Google Fact "
        "Check Tools claims:search response. Publishers, speakers (by name or alias), articles and claims are "
        "reused or created; each review becomes a published verdict with the review's URL and date. Textual "
        "ratings map to the scale through the Rating labels in the admin; an unmapped one is kept verbatim on "
        "an unproven verdict and reported. Reviews already imported are skipped. A record that cannot be "
        "imported is reported with its position and reason and leaves nothing behind; the others still "
        "import. Needs the rights to add publishers, articles, speakers, claims, appearances and verdicts "
        "and to change (publish) verdicts.",
        request={"application/json": IMPORT_SCHEMA, "application/ld+json": IMPORT_SCHEMA},
        responses={200: ClaimReviewImportReportSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        permission_classes=[CanImportClaimReview],
        parser_classes=[JSONParser, JSONLDParser],
        renderer_classes=api_settings.DEFAULT_RENDERER_CLASSES,
        pagination_class=None,
    )
    def import_reviews(self, request):
        try:
            report = import_document(request.data, by=request.user)
        except NotClaimReview as error:
            raise serializers.ValidationError(str(error)) from error
        return Response(ClaimReviewImportReportSerializer(report).data)
