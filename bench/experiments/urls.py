"""config.urls with the claim changelist served by the admin prototype (first match wins;
other admin pages fall through to the real admin)."""

from django.urls import path

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as base_urlpatterns

from .admin import site as archive_admin

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [
    path("admin/", archive_admin.urls),
    *base_urlpatterns,
]
