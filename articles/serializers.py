from rest_framework import serializers

from api.serializers import ModelCleanSerializer

from .models import Article, Publisher


class PublisherSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Publisher
        fields = ("id", "name", "slug", "domain")


class PublisherSerializer(ModelCleanSerializer):
    slug = serializers.SlugField(max_length=200, required=False, help_text="Generated from the name when omitted.")

    class Meta:
        model = Publisher
        fields = ("id", "name", "slug", "domain", "created_at", "updated_at")
        read_only_fields = ("created_at", "updated_at")


class ArticleSerializer(ModelCleanSerializer):
    publisher = PublisherSummarySerializer(read_only=True)
    publisher_id = serializers.PrimaryKeyRelatedField(
        source="publisher", queryset=Publisher.objects.all(), write_only=True
    )

    class Meta:
        model = Article
        fields = (
            "id",
            "url",
            "title",
            "publisher",
            "publisher_id",
            "byline",
            "published_at",
            "language",
            "body",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("created_at", "updated_at")
