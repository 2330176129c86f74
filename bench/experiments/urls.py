"""config.urls with the claim routes served by the prototypes (first match wins; other admin
pages fall through to the real admin)."""

from django.urls import path

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as base_urlpatterns

from .admin import site as archive_admin
from .fast import FastClaimViewSet

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [
    path("api/claims/", FastClaimViewSet.as_view({"get": "list", "post": "create"}), name="claim-list"),
    path(
        "api/claims/<int:pk>/",
        FastClaimViewSet.as_view({"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}),
        name="claim-detail",
    ),
    path("admin/", archive_admin.urls),
    *base_urlpatterns,
]
