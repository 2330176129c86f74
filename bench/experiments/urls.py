"""config.urls with the claim changelist served by the admin prototype (first match wins;
other admin pages fall through to the real admin)."""

from django.urls import path

from config.urls import urlpatterns as base_urlpatterns

from .admin import site as archive_admin

urlpatterns = [
    path("admin/", archive_admin.urls),
    *base_urlpatterns,
]
