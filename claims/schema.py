"""drf-spectacular extensions, so the schema tells the truth about fields DRF cannot describe."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension


class RatingFieldExtension(OpenApiSerializerFieldExtension):
    """``rating`` is a slug in requests and an object in responses."""

    target_class = "claims.serializers.RatingField"

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return {
                "type": "string",
                "description": "A rating slug, e.g. `false` (see /api/ratings/).",
            }
        from .serializers import RatingSummarySerializer

        return auto_schema.resolve_serializer(RatingSummarySerializer, direction).ref
