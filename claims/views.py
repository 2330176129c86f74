from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from config.exceptions import error_response
from config.pagination import UncountedPagination

from . import services
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
from .serializers import (
    AppearanceSerializer,
    ClaimSerializer,
    EvidenceSerializer,
    RatingSerializer,
    SpeakerRecordSerializer,
    SpeakerSerializer,
    VerdictSerializer,
)

ERROR = OpenApiResponse(description="Error: {detail, code, fields}")


class SpeakerViewSet(viewsets.ModelViewSet):
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
        responses={200: SpeakerRecordSerializer, 404: ERROR},
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def record(self, request, pk=None):
        speaker = self.get_object()
        claims = Claim.objects.filter(speaker=speaker)
        by_status = claims.count_by_status()
        record = {
            "speaker": speaker,
            "total": sum(by_status.values()),
            "by_status": by_status,
            "by_rating": claims.count_by_rating(),
        }
        return Response(SpeakerRecordSerializer(record).data)


class ClaimViewSet(viewsets.ModelViewSet):
    queryset = Claim.objects.with_api_relations()
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilterSet
    # Millions of rows: no COUNT(*) per page (README, "Pagination").
    pagination_class = UncountedPagination

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        claim = services.claim_create(article=data.pop("article_id", None), by=self.request.user, **data)
        serializer.instance = self.get_queryset().get(pk=claim.pk)


class AppearanceViewSet(viewsets.ModelViewSet):
    queryset = Appearance.objects.select_related("article")
    serializer_class = AppearanceSerializer
    filterset_class = AppearanceFilterSet
    pagination_class = UncountedPagination

    def perform_create(self, serializer):
        serializer.instance = services.appearance_create(**serializer.validated_data)


class RatingViewSet(viewsets.ModelViewSet):
    queryset = Rating.objects.all()
    serializer_class = RatingSerializer
    filterset_class = RatingFilterSet


class VerdictViewSet(viewsets.ModelViewSet):
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

    @extend_schema(
        summary="Publish a draft verdict",
        description="Sets published_at; the claim becomes `checked` with this as its current verdict. "
        "409 if the verdict is already published.",
        request=None,
        responses={200: VerdictSerializer, 401: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    )
    @action(detail=True, methods=["post"], permission_classes=[CanChangeVerdicts])
    def publish(self, request, pk=None):
        verdict = self.get_object()
        try:
            services.verdict_publish(verdict=verdict, by=request.user)
        except services.AlreadyPublished as error:
            return error_response(status.HTTP_409_CONFLICT, error.messages[0], "already_published")
        return Response(self.get_serializer(self.get_queryset().get(pk=verdict.pk)).data)

    @extend_schema(
        summary="Withdraw a published verdict",
        description="Turns it back into a draft; the claim falls back to its previous published verdict, "
        "or leaves `checked` if none is left. 409 if the verdict is a draft.",
        request=None,
        responses={200: VerdictSerializer, 401: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    )
    @action(detail=True, methods=["post"], permission_classes=[CanChangeVerdicts])
    def withdraw(self, request, pk=None):
        verdict = self.get_object()
        if not verdict.is_published:
            return error_response(status.HTTP_409_CONFLICT, "This verdict is a draft already.", "not_published")
        services.verdict_withdraw(verdict=verdict, by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=verdict.pk)).data)


class EvidenceViewSet(viewsets.ModelViewSet):
    queryset = Evidence.objects.all()
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilterSet
    pagination_class = UncountedPagination

    def get_queryset(self):
        return super().get_queryset().filter(verdict__in=Verdict.objects.visible_to(self.request.user))
