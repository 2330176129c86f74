"""The ClaimReview API: the feed of this desk's published verdicts (``/api/claimreview/``), the
import of other fact-checkers' reviews (``/api/claimreview/import/``), and the JSON-LD
renderer the claim's own ``/api/claims/{id}/claimreview/`` uses too."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, renderers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings

from api.pagination import UncountedPagination
from api.parsers import JSONParser

from ..filters import VerdictFilterSet
from .export import CONTEXT, data_feed, exportable_verdicts, script_safe
from .parsing import NotClaimReview, parse
from .schema import IMPORT_SCHEMA
from .serializers import ClaimReviewImportReportSerializer, ClaimReviewSerializer
from .services import claimreview_import


class ScriptSafeJSONRenderer(renderers.JSONRenderer):
    """ClaimReview as plain JSON, escaped like the JSON-LD (sites embed either)."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return script_safe(super().render(data, accepted_media_type, renderer_context))


class JSONLDRenderer(ScriptSafeJSONRenderer):
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
CLAIMREVIEW_RENDERERS = (JSONLDRenderer, ScriptSafeJSONRenderer)


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
                "@context": {"type": "string", "enum": [CONTEXT]},
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
            report = claimreview_import(parsed=parse(request.data), by=request.user)
        except NotClaimReview as error:
            raise serializers.ValidationError(str(error)) from error
        return Response(ClaimReviewImportReportSerializer(report).data)
