from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from articles.views import ArticleViewSet, PublisherViewSet
from claims.claimreview.views import ClaimReviewViewSet
from claims.views import (
    AppearanceViewSet,
    ClaimViewSet,
    EvidenceViewSet,
    RatingViewSet,
    SpeakerViewSet,
    VerdictViewSet,
)
from intake.views import ArticleExtractView, ArticleIntakeView, SuggestionViewSet
from matching.api import SimilarToClaimViewSet, SimilarToTextViewSet

# One router for both apps: the API's paths are flat.
router = DefaultRouter()
router.register("publishers", PublisherViewSet)
router.register("articles", ArticleViewSet)
router.register("speakers", SpeakerViewSet)
# Before "claims": otherwise claims/similar/ would be read as the claim with id "similar".
router.register("claims/similar", SimilarToTextViewSet, basename="claims-similar")
router.register(r"claims/(?P<claim_pk>\d+)/similar", SimilarToClaimViewSet, basename="claim-similar")
router.register("claims", ClaimViewSet)
router.register("appearances", AppearanceViewSet)
router.register("verdicts", VerdictViewSet)
router.register("evidence", EvidenceViewSet)
router.register("ratings", RatingViewSet)
router.register("claimreview", ClaimReviewViewSet, basename="claimreview")
router.register("suggestions", SuggestionViewSet)

# The desk's name instead of "Django administration" (issue 14).
admin.site.site_header = settings.FACTCHECK_ORGANIZATION["name"]
admin.site.site_title = settings.FACTCHECK_ORGANIZATION["name"]
admin.site.index_title = "Editor's desk"

urlpatterns = [
    # Before the router, whose articles/{pk}/ route would otherwise take "intake" for an id.
    path("api/articles/intake/", ArticleIntakeView.as_view(), name="article-intake"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's init script as a file, so the page runs no inline
    # script (api.middleware.ContentSecurityPolicyMiddleware).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/articles/<int:pk>/extract/", ArticleExtractView.as_view(), name="article-extract"),
    path("api/", include(router.urls)),
    path("admin/", admin.site.urls),
    # The public fact-check site (issue 17) at the root: /, /fact-checks/, /speakers/..., feeds, sitemap.xml.
    path("", include("website.urls")),
]

# Unknown URLs outside /api/ get the site's 404 page (api.middleware answers /api/ in JSON).
handler404 = "website.views.page_not_found"
