from rest_framework import serializers


class ArticleIntakeSerializer(serializers.Serializer):
    """What ``POST /api/articles/intake/`` takes: a URL alone (the server fetches the page), or a
    URL with the page's HTML or its plain text (nothing is fetched)."""

    url = serializers.CharField(
        max_length=2000, help_text="The article's address (http or https); fetched unless html or text is given."
    )
    html = serializers.CharField(
        required=False, allow_blank=False, trim_whitespace=False, help_text="The page's HTML, instead of fetching."
    )
    text = serializers.CharField(required=False, allow_blank=False, help_text="The article's plain text.")
    title = serializers.CharField(required=False, max_length=500, help_text="Required with text.")

    def validate(self, attrs):
        if "html" in attrs and "text" in attrs:
            raise serializers.ValidationError({"text": ["Give html or text, not both."]})
        if "text" in attrs and not attrs.get("title", "").strip():
            raise serializers.ValidationError({"title": ["Give the article's title with its text."]})
        if "\x00" in "".join(str(value) for value in attrs.values()):
            raise serializers.ValidationError({"url": ["NUL bytes are not allowed."]})
        return attrs
