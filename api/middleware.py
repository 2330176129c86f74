"""Middleware for the API: security headers Django 5.2 does not set itself, and JSON
errors even where Django itself answers (DEBUG pages, APPEND_SLASH)."""

import json
from http import HTTPStatus

from django.conf import settings
from django.http import HttpResponse
from django.urls import is_valid_path
from django.utils.cache import patch_cache_control, patch_vary_headers


class APIContentSecurityPolicyMiddleware:
    """API responses are data, never pages: forbid them every script, style and frame.
    (The admin and the Swagger page keep Django's defaults; they need their own assets.)"""

    POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/") and not request.path.startswith("/api/docs/"):
            response.headers.setdefault("Content-Security-Policy", self.POLICY)
        return response


class APIJSONErrorsMiddleware:
    """Under /api/, an error is always the API's JSON error shape, never an HTML page:
    Django answers some requests before DRF sees them (unknown URLs) and renders its own
    error pages (technical ones with DEBUG on) for errors DRF does not handle. The browsable API
    (DEBUG only, for a client that asks for HTML) is left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def process_exception(self, request, exception):
        """The database failing where DRF's handler does not see it (middleware, sessions)
        is the same 503 as inside a view (api.exceptions)."""
        from .exceptions import database_error, is_database_unavailable

        if request.path.startswith("/api/") and is_database_unavailable(exception):
            body, retry_after = database_error(exception)
            response = HttpResponse(json.dumps(body), status=503, content_type="application/json")
            response["Retry-After"] = str(retry_after)
            return response
        return None

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "accepted_renderer", None)
        ):
            return self.json_error(response.status_code)
        return response

    @staticmethod
    def json_error(status_code: int) -> HttpResponse:
        phrase = HTTPStatus(status_code).phrase if status_code in HTTPStatus._value2member_map_ else "Error"
        code = phrase.lower().replace(" ", "_").replace("-", "_")
        return HttpResponse(
            json.dumps({"detail": f"{phrase}.", "code": code, "fields": {}}),
            status=status_code,
            content_type="application/json",
        )


class APIOptionalTrailingSlashMiddleware:
    """``/api/claims`` is served as ``/api/claims/``: Django's APPEND_SLASH would answer a
    redirect, which drops a POST's body (and under DEBUG, an error page). URLs the API
    writes keep their canonical trailing slash."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/api/") and not path.endswith("/") and is_valid_path(f"{path}/"):
            request.path_info = f"{path}/"
            request.path = f"{request.path}/"
        return self.get_response(request)


class APIPrivateResponsesMiddleware:
    """Caches cannot leak drafts (issue 12): a response to a request that carries
    credentials (a token or a session cookie) may show what only editors see, so it is
    ``Cache-Control: private``; every API response varies on ``Authorization`` and
    ``Cookie``, so a shared cache never hands one client's copy to another. Anonymous
    responses stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ("Authorization", "Cookie"))
            if "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_cache_control(response, private=True)
        return response
