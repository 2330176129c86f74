"""The OpenAPI description of ClaimReview: the exported object (which the serializer builds
by hand, so drf-spectacular cannot infer it) and the import's request body."""

from drf_spectacular.extensions import OpenApiSerializerExtension

from .export import CONTEXT

_ORGANIZATION_SCHEMA = {
    "type": "object",
    "required": ["@type", "name"],
    "properties": {
        "@type": {"type": "string", "enum": ["Organization"]},
        "name": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
    },
}
_CREATIVE_WORK_SCHEMA = {
    "type": "object",
    "description": "An article that quoted the claim.",
    "required": ["@type", "url"],
    "properties": {
        "@type": {"type": "string", "enum": ["CreativeWork"]},
        "url": {"type": "string", "format": "uri"},
        "headline": {"type": "string"},
        "datePublished": {"type": "string", "format": "date"},
        "publisher": _ORGANIZATION_SCHEMA,
    },
}
CLAIMREVIEW_SCHEMA = {
    "type": "object",
    "description": "A published verdict as schema.org ClaimReview (https://schema.org/ClaimReview).",
    "required": [
        "@context",
        "@type",
        "url",
        "name",
        "datePublished",
        "claimReviewed",
        "author",
        "reviewRating",
        "itemReviewed",
    ],
    "properties": {
        "@context": {"type": "string", "enum": [CONTEXT]},
        "@type": {"type": "string", "enum": ["ClaimReview"]},
        "url": {
            "type": "string",
            "format": "uri",
            "description": "The published fact-check: the verdict's own URL, else the claim's page on this site.",
        },
        "name": {"type": "string", "description": "The verdict's one-line summary."},
        "datePublished": {"type": "string", "format": "date", "description": "When the verdict was published."},
        "claimReviewed": {"type": "string", "description": "The claim's text."},
        "author": {
            **_ORGANIZATION_SCHEMA,
            "properties": {
                **_ORGANIZATION_SCHEMA["properties"],
                "member": {
                    "type": "object",
                    "description": "This desk's reviewer who wrote the verdict, when named.",
                    "required": ["@type", "name"],
                    "properties": {"@type": {"type": "string", "enum": ["Person"]}, "name": {"type": "string"}},
                },
            },
            "description": "This desk (FACTCHECK_ORGANIZATION; url defaults to the site as requested), or the "
            "fact-checker an imported verdict came from.",
        },
        "reviewRating": {
            "type": "object",
            "description": "The rating; off-scale ratings (unproven, misleading) carry only alternateName.",
            "required": ["@type", "alternateName"],
            "properties": {
                "@type": {"type": "string", "enum": ["Rating"]},
                "ratingValue": {"type": "integer", "description": "The rating's value; best is highest."},
                "bestRating": {"type": "integer"},
                "worstRating": {"type": "integer"},
                "alternateName": {"type": "string", "description": "The rating in words."},
                "ratingExplanation": {"type": "string", "description": "Why: the verdict's summary."},
            },
        },
        "itemReviewed": {
            "type": "object",
            "required": ["@type", "author"],
            "properties": {
                "@type": {"type": "string", "enum": ["Claim"]},
                "author": {
                    "type": "object",
                    "description": "The speaker; jobTitle (their role) for people, when known.",
                    "required": ["@type", "name"],
                    "properties": {
                        "@type": {"type": "string", "enum": ["Person", "Organization"]},
                        "name": {"type": "string"},
                        "jobTitle": {"type": "string"},
                    },
                },
                "datePublished": {"type": "string", "format": "date", "description": "When the claim was made."},
                "inLanguage": {"type": "string"},
                "appearance": {"type": "array", "items": _CREATIVE_WORK_SCHEMA},
                "firstAppearance": _CREATIVE_WORK_SCHEMA,
            },
        },
    },
}
IMPORT_SCHEMA = {
    "description": "schema.org ClaimReview JSON-LD (one object, a list, or a DataFeed) or a Google Fact "
    "Check Tools claims:search response (an object with `claims`). Free-form JSON as far as the "
    "schema goes (issue 13): records that are not reviews are reported one by one in `errors`, "
    "not refused with the whole document; only a document in neither shape is a 400.",
}


class ClaimReviewSerializerExtension(OpenApiSerializerExtension):
    """The ClaimReview serializer builds its dict here; its schema is written out here."""

    target_class = "claims.claimreview.serializers.ClaimReviewSerializer"

    def map_serializer(self, auto_schema, direction):
        return CLAIMREVIEW_SCHEMA
