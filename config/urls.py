from django.contrib import admin
from django.urls import include, path
from django.views import defaults
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from articles.views import ArticleViewSet, PublisherViewSet
from claims.views import (
    AppearanceViewSet,
    ClaimReviewViewSet,
    ClaimViewSet,
    EvidenceViewSet,
    RatingViewSet,
    SpeakerViewSet,
    VerdictViewSet,
)
from config.exceptions import json_or_default

# One router for both apps: the API's paths are flat.
router = DefaultRouter()
router.register("publishers", PublisherViewSet)
router.register("articles", ArticleViewSet)
router.register("speakers", SpeakerViewSet)
router.register("claims", ClaimViewSet)
router.register("appearances", AppearanceViewSet)
router.register("verdicts", VerdictViewSet)
router.register("evidence", EvidenceViewSet)
router.register("ratings", RatingViewSet)
router.register("claimreview", ClaimReviewViewSet, basename="claimreview")

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/", include(router.urls)),
    path("admin/", admin.site.urls),
    # The admin's "View site" and a bare host both land on the API root.
    path("", RedirectView.as_view(url="/api/", permanent=False)),
]

# Under /api/ even Django's own errors are JSON in the API's error shape.
handler400 = json_or_default(defaults.bad_request, 400, "Bad request.", "bad_request")
handler403 = json_or_default(defaults.permission_denied, 403, "Permission denied.", "permission_denied")
handler404 = json_or_default(defaults.page_not_found, 404, "Not found.", "not_found")
handler500 = json_or_default(defaults.server_error, 500, "Server error.", "server_error")
