from rest_framework import viewsets

from .filters import ArticleFilterSet, PublisherFilterSet
from .models import Article, Publisher
from .serializers import ArticleSerializer, PublisherSerializer


class PublisherViewSet(viewsets.ModelViewSet):
    queryset = Publisher.objects.all()
    serializer_class = PublisherSerializer
    filterset_class = PublisherFilterSet


class ArticleViewSet(viewsets.ModelViewSet):
    queryset = Article.objects.select_related("publisher")
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilterSet
