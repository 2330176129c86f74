from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import error_response
from articles.models import Article
from articles.serializers import ArticleSerializer
from claims.models import Claim
from claims.serializers import CLAIM_READ, ClaimSerializer

from . import services
from .filters import SuggestionFilterSet
from .models import Suggestion
from .permissions import IsEditor
from .serializers import ArticleIntakeSerializer, SuggestionAcceptSerializer, SuggestionSerializer


class ArticleIntakeView(generics.GenericAPIView):
    """``POST /api/articles/intake/``: add an article by URL. A route of its own rather than a
    url-only ``POST /api/articles/``, so that endpoint keeps its contract (every field given,
    nothing fetched) and the fetch's own errors are documented apart."""

    queryset = Article.objects.all()  # DjangoModelPermissions: needs articles.add_article
    serializer_class = ArticleIntakeSerializer

    @extend_schema(
        summary="Add an article by URL",
        description="The server fetches the page (http/https only; internal addresses refused, redirects "
        "checked, size- and time-capped) and fills title, byline, publication date, language, body and "
        "publisher (by the URL's domain, created when new). With `html` or `text` nothing is fetched. "
        "Errors (unreachable page, no text, URL already on the desk) are a 400 on `url`; nothing is saved.",
        request=ArticleIntakeSerializer,
        responses={201: ArticleSerializer, 400: OpenApiResponse(description="Invalid input or unfetchable page")},
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "html" in data:
            article = services.article_create_from_html(url=data["url"], html=data["html"], by=request.user)
        elif "text" in data:
            article = services.article_create_from_text(
                url=data["url"], text=data["text"], title=data["title"], by=request.user
            )
        else:
            article = services.article_create_from_url(url=data["url"], by=request.user)
        article = Article.objects.select_related("publisher").get(pk=article.pk)
        return Response(ArticleSerializer(article, context={"request": request}).data, status=status.HTTP_201_CREATED)


class SuggestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Statements the extractor found in articles, for editors to accept or reject."""

    queryset = Suggestion.objects.with_api_relations().order_by("article_id", "start", "id")
    serializer_class = SuggestionSerializer
    filterset_class = SuggestionFilterSet
    permission_classes = [IsEditor]

    @extend_schema(
        summary="Accept a suggestion",
        description="Creates the claim, its appearance at the suggestion's exact offsets and, when no speaker "
        "is matched or given, a new speaker — in one transaction. Optional overrides: `text`, `speaker_id`, "
        "`claimed_at` (default: the article's publication date), `context`. Answers 201 with the claim; "
        "409 if the suggestion is no longer pending.",
        request=SuggestionAcceptSerializer,
        responses={201: ClaimSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def accept(self, request, pk=None):
        suggestion = self.get_object()
        overrides = SuggestionAcceptSerializer(data=request.data)
        overrides.is_valid(raise_exception=True)
        try:
            claim = services.suggestion_accept(suggestion=suggestion, by=request.user, **overrides.validated_data)
        except services.Conflict as error:
            return error_response(status.HTTP_409_CONFLICT, error.messages[0], error.code)
        row = CLAIM_READ.represent(CLAIM_READ.rows(Claim.objects.filter(pk=claim.pk)))[0]
        return Response(row, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Reject a suggestion",
        description="It stays recorded as rejected, so extracting again does not propose it again. "
        "409 if it is no longer pending.",
        request=None,
        responses={200: SuggestionSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def reject(self, request, pk=None):
        suggestion = self.get_object()
        try:
            services.suggestion_reject(suggestion=suggestion, by=request.user)
        except services.Conflict as error:
            return error_response(status.HTTP_409_CONFLICT, error.messages[0], error.code)
        return Response(self.get_serializer(self.get_queryset().get(pk=suggestion.pk)).data)


class ArticleExtractView(APIView):
    """``POST /api/articles/{id}/extract/``: lives in intake because articles must not
    depend on it."""

    permission_classes = [IsEditor]

    @extend_schema(
        summary="Extract claim suggestions from an article",
        description="Runs the extractor on the article's current body. Idempotent: spans already suggested "
        "for this body are not suggested again; suggestions of earlier versions of the body become `stale`. "
        "Answers with the suggestions for the current body.",
        request=None,
        responses={200: SuggestionSerializer(many=True)},
        tags=["articles"],
    )
    def post(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        suggestions = services.article_extract(article)
        return Response(SuggestionSerializer(suggestions, many=True).data)
