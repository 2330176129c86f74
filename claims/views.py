from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response

from api.concurrency import ETagMixin, retry_once_on_conflict
from api.pagination import UncountedPagination

from . import extensions, services
from .claimreview.export import exportable_verdicts
from .claimreview.serializers import ClaimReviewSerializer
from .claimreview.views import CLAIMREVIEW_RENDERERS
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
from .querysets import audit_trail
from .serializers import (
    CLAIM_READ,
    AppearanceSerializer,
    ClaimCreateSerializer,
    ClaimSerializer,
    ClaimUpdateSerializer,
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


@extend_schema_view(
    create=extend_schema(request=ClaimCreateSerializer, responses={201: ClaimSerializer}),
    update=extend_schema(request=ClaimUpdateSerializer, responses={200: ClaimSerializer}),
    partial_update=extend_schema(request=ClaimUpdateSerializer, responses={200: ClaimSerializer}),
)
class ClaimViewSet(AuditTrailMixin, ETagMixin, viewsets.ModelViewSet):
    # Every response shows a claim as ClaimSerializer defines it (issue 11): the list and the
    # detail through CLAIM_READ (rows, no model instances: the hot path at millions of claims,
    # issue 6), the writes through their serializers' to_representation(), which is the same
    # read shape, and so is what the ETag check compares. (A comment, not a docstring: the
    # schema would show a docstring as every operation's description.)
    queryset = Claim.objects.with_api_relations()
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilterSet
    # Millions of rows: no COUNT(*) per page (README, "Pagination").
    pagination_class = UncountedPagination

    def get_serializer_class(self):
        if self.action == "create":
            return ClaimCreateSerializer
        if self.action in ("update", "partial_update"):
            return ClaimUpdateSerializer
        return super().get_serializer_class()

    def filter_queryset(self, queryset):
        # After the filters (so ``q`` annotates the claims, not the rows): list and detail
        # select the read shape's columns only. get_object() then returns a row, after the
        # filters' 400s, the 404 and the permission checks every detail route makes.
        queryset = super().filter_queryset(queryset)
        return CLAIM_READ.rows(queryset) if self.action in ("list", "retrieve") else queryset

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        # Headers the apps above claims add (claims.extensions), e.g. matching's Checked-Before.
        for name, value in extensions.create_response_headers(response.data.serializer.instance, request).items():
            response[name] = value
        return response

    # Writes lock the claim row first (the load locks it: ETagMixin.lock_on_load), write
    # only the fields sent, and move the status only by the claim service's rule (issue 12).
    def perform_update(self, serializer):
        # The response (to_representation) reads the claim again, in the read shape.
        services.claim_update(claim=serializer.instance, changes=serializer.validated_data)

    def perform_destroy(self, instance):
        services.claim_delete(claim=instance)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(CLAIM_READ.represent(page))

    def retrieve(self, request, *args, **kwargs):
        try:
            row = self.get_object()
        except Http404:
            raise NotFound("No claim with this id.") from None
        return self.with_etag(request, Response(CLAIM_READ.represent([row])[0]))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.claim_create(article=data.pop("article_id", None), by=self.request.user, **data)

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

    # The search trigger on appearances updates their claim: claim row first (claims.services).
    lock_on_load = False

    def lock_for_write(self, instance):
        return services.appearance_lock(instance.pk).updated_at

    def perform_update(self, serializer):
        services.appearance_update(appearance=serializer.instance, changes=serializer.validated_data)

    def perform_destroy(self, instance):
        services.appearance_delete(appearance=instance)


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

    # The claim row first, then the verdict (claims.services); published_at is the
    # publish/withdraw services' alone (issue 12).
    lock_on_load = False

    def lock_for_write(self, instance):
        return services.verdict_lock(instance.pk).updated_at

    def perform_update(self, serializer):
        services.verdict_update(verdict=serializer.instance, changes=serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

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

    @retry_once_on_conflict
    def apply(self, service, request):
        verdict = self.get_object()
        service(verdict=verdict, by=request.user)  # a Conflict is a 409 (api.exceptions)
        return Response(self.get_serializer(self.get_queryset().get(pk=verdict.pk)).data)


class EvidenceViewSet(ETagMixin, viewsets.ModelViewSet):
    queryset = Evidence.objects.all()
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilterSet
    pagination_class = UncountedPagination

    def get_queryset(self):
        return super().get_queryset().filter(verdict__in=Verdict.objects.visible_to(self.request.user))
