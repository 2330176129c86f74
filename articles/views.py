from rest_framework import viewsets

from api.concurrency import ETagMixin
from api.pagination import UncountedPagination

from .filters import ArticleFilterSet, PublisherFilterSet
from .models import Article, Publisher
from .serializers import ArticleSerializer, PublisherSerializer


class PublisherViewSet(ETagMixin, viewsets.ModelViewSet):
    queryset = Publisher.objects.all()
    serializer_class = PublisherSerializer
    filterset_class = PublisherFilterSet


class ArticleViewSet(ETagMixin, viewsets.ModelViewSet):
    queryset = Article.objects.select_related("publisher")
    # Hundreds of thousands of articles: no COUNT(*) per page.
    pagination_class = UncountedPagination
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilterSet
