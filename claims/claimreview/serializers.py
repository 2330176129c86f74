from rest_framework import serializers

from .export import RatingScale, claimreview


class ClaimReviewSerializer(serializers.Serializer):
    """A published verdict as schema.org ClaimReview, built by ``export.claimreview`` (its shape
    for the OpenAPI schema is in ``schema.py``). Read-only; a Serializer without fields rather
    than a BaseSerializer, so DRF's OPTIONS metadata can describe it."""

    def to_representation(self, verdict):
        # One RatingScale in the (shared) context: the scale is read once per response.
        scale = self.context.setdefault("rating_scale", RatingScale())
        return claimreview(verdict, scale=scale, request=self.context.get("request"))


class ClaimReviewImportReportSerializer(serializers.Serializer):
    """What an import of ClaimReview did, record by record."""

    class RejectedRecord(serializers.Serializer):
        position = serializers.CharField(help_text='Where in the document, e.g. "$.claims[2].claimReview[0]".')
        reason = serializers.CharField()

    created = serializers.IntegerField(help_text="Reviews recorded as new published verdicts.")
    skipped = serializers.IntegerField(
        help_text="Reviews imported before (same review URL and claim), left as they were."
    )
    errors = RejectedRecord(many=True, help_text="Records that could not be imported; nothing of them was written.")
    warnings = RejectedRecord(
        many=True,
        help_text="Records imported without part of them, e.g. an appearance in an article whose body "
        "does not print the claim (a quote must be the words as printed).",
    )
    unmapped_ratings = serializers.ListField(
        child=serializers.CharField(),
        help_text="Textual ratings with no mapping to the scale: kept verbatim on verdicts rated unproven. "
        "Map them in the admin (Rating labels).",
    )
