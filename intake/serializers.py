from django.conf import settings
from rest_framework import serializers

from claims.models import Claim, Speaker

from .models import Suggestion


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


class SuggestionSpeakerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ("id", "name", "slug", "kind")
        read_only_fields = fields


class SimilarRatingSerializer(serializers.Serializer):
    slug = serializers.CharField()
    label = serializers.CharField()


class SuggestionSimilarClaimSerializer(serializers.Serializer):
    """The checked claim a suggestion most resembles ("checked before?")."""

    id = serializers.IntegerField()
    text = serializers.CharField()
    rating = SimilarRatingSerializer(
        source="current_rating", allow_null=True, help_text="Its current verdict's rating; null once withdrawn."
    )
    verdict_url = serializers.SerializerMethodField(help_text="Where its fact-check is published.")
    publisher = serializers.SerializerMethodField(help_text="Who published the fact-check.")

    def get_verdict_url(self, claim) -> str | None:
        verdict = claim.current_verdict
        return verdict.url if verdict is not None else None

    def get_publisher(self, claim) -> str | None:
        verdict = claim.current_verdict
        if verdict is None:
            return None
        if verdict.publisher is not None:
            return verdict.publisher.name
        return getattr(settings, "FACTCHECK_ORGANIZATION", {}).get("name", "")


class SuggestionSerializer(serializers.ModelSerializer):
    """A suggestion as the editor's desk shows it; written only through accept/reject."""

    article_id = serializers.IntegerField(read_only=True)
    speaker = SuggestionSpeakerSerializer(read_only=True, help_text="The matched speaker; null when new.")
    # A plain string in the schema: the same choices as Speaker.kind would make a second enum name.
    speaker_kind = serializers.CharField(read_only=True, help_text="Guessed: person, organization or group.")
    claim_id = serializers.IntegerField(read_only=True, allow_null=True)
    similar_claim_id = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text='"Checked before?": the best-matching claim with a published verdict, when its score reaches '
        "the suggest threshold (MATCHING_SUGGEST_THRESHOLD); null otherwise.",
    )
    similar_claim = SuggestionSimilarClaimSerializer(
        read_only=True, allow_null=True, help_text="That claim, its current rating, fact-check URL and publisher."
    )
    similarity = serializers.FloatField(
        read_only=True, allow_null=True, help_text="The match's score (as `score` in GET /api/claims/similar/)."
    )
    similar_level = serializers.SerializerMethodField(
        help_text="`strong` (already checked), `suggest` (possibly checked) or null, as in the similar-claims routes."
    )

    def get_similar_level(self, suggestion) -> str | None:
        claim = suggestion.similar_claim
        if suggestion.similarity is None or claim is None or claim.current_verdict_id is None:
            return None  # no match, or its verdict was withdrawn since
        from matching.search import level_of
        from matching.text import word_count

        return level_of(suggestion.similarity, word_count(suggestion.text))

    class Meta:
        model = Suggestion
        fields = (
            "id",
            "article_id",
            "start",
            "end",
            "quote",
            "text",
            "is_direct_quote",
            "speaker_mention",
            "speaker_kind",
            "speaker",
            "cue",
            "confidence",
            "state",
            "claim_id",
            "similar_claim_id",
            "similar_claim",
            "similarity",
            "similar_level",
            "created_at",
            "decided_at",
        )
        read_only_fields = fields


class SuggestionAcceptSerializer(serializers.Serializer):
    """Optional overrides of what the suggestion proposes."""

    text = serializers.CharField(
        required=False, max_length=Claim._meta.get_field("text").max_length, help_text="The claim's text."
    )
    speaker_id = serializers.PrimaryKeyRelatedField(
        queryset=Speaker.objects.all(),
        required=False,
        source="speaker",
        help_text="An existing speaker instead of the matched or new one.",
    )
    claimed_at = serializers.DateField(required=False, help_text="Defaults to the article's publication date.")
    context = serializers.CharField(
        required=False, allow_blank=True, max_length=Claim._meta.get_field("context").max_length
    )
