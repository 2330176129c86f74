from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from articles.models import Article
from articles.serializers import ArticleSerializer

from . import services
from .serializers import ArticleIntakeSerializer


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
