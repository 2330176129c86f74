from rest_framework import viewsets

from config.concurrency import ETagMixin

from .filters import ArticleFilterSet, PublisherFilterSet
from .models import Article, Publisher
from .serializers import ArticleSerializer, PublisherSerializer


class PublisherViewSet(ETagMixin, viewsets.ModelViewSet):
    queryset = Publisher.objects.all()
    serializer_class = PublisherSerializer
    filterset_class = PublisherFilterSet


class ArticleViewSet(ETagMixin, viewsets.ModelViewSet):
    queryset = Article.objects.select_related("publisher")
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilterSet
