from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from api.readshape import ReadShape, SameRowSerializer
from api.serializers import ModelCleanSerializer
from articles.models import Article

from . import services
from .models import Appearance, Claim, Evidence, Rating, Speaker, Verdict
from .querysets import APPEARANCES_IN_CLAIM_ORDER


class SpeakerSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ("id", "name", "slug")


class ArticleSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ("id", "url", "title")


class RatingSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ("slug", "label", "value")


class RatingField(serializers.SlugRelatedField):
    """Written as a slug (``"rating": "false"``), read as ``{slug, label, value}``; the
    schema extension in claims.schema documents the two shapes apart."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Rating.objects.all())
        super().__init__(slug_field="slug", **kwargs)

    def to_representation(self, rating):
        return RatingSummarySerializer(rating).data


class SpeakerSerializer(ModelCleanSerializer):
    slug = serializers.SlugField(max_length=220, required=False, help_text="Generated from the name when omitted.")
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        max_length=50,
        help_text='Other names the press uses, e.g. ["de Mistura"].',
    )
    claim_count = serializers.IntegerField(read_only=True, help_text="How many claims this speaker made.")

    class Meta:
        model = Speaker
        fields = (
            "id",
            "name",
            "slug",
            "kind",
            "role",
            "affiliation",
            "aliases",
            "claim_count",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("created_at", "updated_at")


class AppearanceInClaimSerializer(serializers.ModelSerializer):
    article = ArticleSummarySerializer(read_only=True)

    class Meta:
        model = Appearance
        fields = ("id", "article", "quote", "is_direct_quote", "start", "end")


class CurrentVerdictSerializer(SameRowSerializer):
    """The claim's current verdict, read from the claim's own row: ``current_verdict_id`` and
    the stored ``current_rating`` (the column the ``rating`` filter and the track record
    read, so a claim listed under ``?rating=false`` shows that rating)."""

    id = serializers.IntegerField(source="current_verdict_id", read_only=True)
    rating = RatingSummarySerializer(source="current_rating", read_only=True)
    summary = serializers.CharField(
        source="current_verdict.summary", read_only=True, max_length=300, help_text="One line a reader sees first."
    )
    published_at = serializers.DateTimeField(source="current_verdict.published_at", read_only=True)

    class Meta:
        ref_name = "CurrentVerdict"


class ClaimSerializer(serializers.ModelSerializer):
    """A claim as the API shows it: list, detail and every write response (issue 11). The
    list and detail build it through ``CLAIM_READ`` (rows, not instances), derived from this."""

    speaker = SpeakerSummarySerializer(read_only=True)
    appearances = AppearanceInClaimSerializer(many=True, read_only=True)
    verdict = CurrentVerdictSerializer(
        source="*",
        read_only=True,
        allow_null=True,
        help_text="The most recently published verdict; null if none.",
    )

    class Meta:
        model = Claim
        fields = (
            "id",
            "text",
            "status",
            "claimed_at",
            "context",
            "language",
            "created_at",
            "updated_at",
            "speaker",
            "appearances",
            "verdict",
        )


# The fast path for the list and the detail: the same shape from values_list() rows.
CLAIM_READ = ReadShape(ClaimSerializer, many_orderings={"appearances": APPEARANCES_IN_CLAIM_ORDER})


class ClaimWriteSerializer(ModelCleanSerializer):
    """What a claim's writes accept; the response is the read shape (``ClaimSerializer``)."""

    # Fields of the claim as read (ClaimSerializer): sent back, they are not unknown fields.
    representation_fields = ClaimSerializer.Meta.fields

    speaker_id = serializers.PrimaryKeyRelatedField(
        source="speaker",
        queryset=Speaker.objects.all(),
        help_text="Who made the claim.",
    )

    class Meta:
        model = Claim
        fields = ("text", "status", "claimed_at", "context", "language", "speaker_id")

    def validate(self, attrs):
        if "status" in attrs:
            # The claim service's rule, told per field (it checks again on the locked row).
            try:
                services.claim_check_status_move(claim=self.instance or Claim(), status=attrs["status"])
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.message_dict) from error
        return super().validate(attrs)

    def to_representation(self, instance):
        return CLAIM_READ.represent(CLAIM_READ.rows(Claim.objects.filter(pk=instance.pk)))[0]


class ClaimCreateSerializer(ClaimWriteSerializer):
    """A new claim, with its first appearance when ``article_id`` and ``quote`` are given
    (further ones: POST /api/appearances/)."""

    article_id = serializers.PrimaryKeyRelatedField(
        queryset=Article.objects.all(),
        required=False,
        help_text="The article the claim was first quoted in.",
    )
    quote = serializers.CharField(required=False, help_text="With article_id: the words as printed.")
    is_direct_quote = serializers.BooleanField(
        required=False,
        default=True,
        help_text="False when the article reports the claim in its own words.",
    )

    class Meta(ClaimWriteSerializer.Meta):
        ref_name = "ClaimCreate"
        fields = (*ClaimWriteSerializer.Meta.fields, "article_id", "quote", "is_direct_quote")


class ClaimUpdateSerializer(ClaimWriteSerializer):
    """A change to a claim (PUT, PATCH). Appearances are not changed here."""

    CREATE_ONLY = ("article_id", "quote", "is_direct_quote")

    class Meta(ClaimWriteSerializer.Meta):
        ref_name = "Claim"

    def validate(self, attrs):
        sent = [name for name in self.CREATE_ONLY if name in self.initial_data]
        if sent:
            raise serializers.ValidationError(
                {name: "Only on create; add further appearances with POST /api/appearances/." for name in sent}
            )
        return super().validate(attrs)


class AppearanceSerializer(ModelCleanSerializer):
    claim_id = serializers.PrimaryKeyRelatedField(source="claim", queryset=Claim.objects.all())
    article = ArticleSummarySerializer(read_only=True)
    article_id = serializers.PrimaryKeyRelatedField(source="article", queryset=Article.objects.all(), write_only=True)

    class Meta:
        model = Appearance
        fields = (
            "id",
            "claim_id",
            "article",
            "article_id",
            "quote",
            "is_direct_quote",
            "start",
            "end",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("created_at", "updated_at")


class EvidenceSerializer(ModelCleanSerializer):
    verdict_id = serializers.PrimaryKeyRelatedField(source="verdict", queryset=Verdict.objects.none())

    class Meta:
        model = Evidence
        fields = (
            "id",
            "verdict_id",
            "url",
            "title",
            "source",
            "excerpt",
            "stance",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("created_at", "updated_at")

    def get_fields(self):
        fields = super().get_fields()
        # Only verdicts the requester may see can be named (drafts: staff only).
        request = self.context.get("request")
        fields["verdict_id"].queryset = Verdict.objects.visible_to(getattr(request, "user", None))
        return fields


class EvidenceInVerdictSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ("id", "url", "title", "source", "excerpt", "stance")


class ClaimSummarySerializer(serializers.ModelSerializer):
    speaker = SpeakerSummarySerializer(read_only=True)

    class Meta:
        model = Claim
        fields = ("id", "text", "speaker")


class VerdictSerializer(ModelCleanSerializer):
    claim = ClaimSummarySerializer(read_only=True)
    claim_id = serializers.PrimaryKeyRelatedField(
        source="claim",
        queryset=Claim.objects.all(),
        write_only=True,
        help_text="The claim this verdict checks.",
    )
    rating = RatingField(help_text="A rating slug, e.g. false.")
    is_published = serializers.BooleanField(read_only=True)
    evidence = EvidenceInVerdictSerializer(many=True, read_only=True)

    class Meta:
        model = Verdict
        fields = (
            "id",
            "claim",
            "claim_id",
            "rating",
            "summary",
            "analysis",
            "reviewer",
            "url",
            "published_at",
            "is_published",
            "evidence",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("published_at", "created_at", "updated_at")

    def validate(self, attrs):
        if self.instance is not None and "claim" in attrs and attrs["claim"] != self.instance.claim:
            raise serializers.ValidationError({"claim_id": "A verdict cannot move to another claim."})
        return super().validate(attrs)


class RatingSerializer(ModelCleanSerializer):
    class Meta:
        model = Rating
        fields = ("id", "slug", "label", "value", "description", "created_at", "updated_at")
        read_only_fields = ("created_at", "updated_at")


class SpeakerRecordSerializer(serializers.Serializer):
    """A speaker's track record: claims counted by status and by current rating."""

    class RatingCount(serializers.Serializer):
        slug = serializers.SlugField(allow_null=True)
        label = serializers.CharField(allow_null=True)
        value = serializers.IntegerField(allow_null=True)
        count = serializers.IntegerField()

    speaker = SpeakerSummarySerializer()
    total = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())
    by_rating = RatingCount(many=True)


class UserSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field's column name, e.g. status, rating_id.")
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    """One create, change or delete in the audit trail."""

    object_type = serializers.ChoiceField(choices=("claim", "appearance", "verdict", "evidence"))
    object_id = serializers.IntegerField()
    action = serializers.ChoiceField(choices=("created", "changed", "deleted"))
    at = serializers.DateTimeField()
    by = UserSummarySerializer(allow_null=True, help_text="Who made the change; null for scripts.")
    changes = HistoryChangeSerializer(many=True)
