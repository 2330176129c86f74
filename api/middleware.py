"""Middleware for the API and the site: the Content-Security-Policy Django 5.2 does not set
itself, and JSON errors under /api/ even where Django itself answers (DEBUG pages, APPEND_SLASH)."""

import json
from http import HTTPStatus

from django.conf import settings
from django.http import HttpResponse
from django.urls import is_valid_path
from django.utils.cache import patch_cache_control, patch_vary_headers


class ContentSecurityPolicyMiddleware:
    """The one place every response gets its Content-Security-Policy, chosen by path (first
    matching prefix in ``POLICIES``) and by whether the response is a page or data. Another
    part of the site (the public site, issue 17) adds its prefix and policies here.

    API data is never a page: no script, style or frame at all. The browsable API (DEBUG
    only, for a client that asks for HTML), the Swagger page and the admin are pages that
    load their own static files ('self'); none may run inline script. The public site runs
    no script at all. Their inline styles
    (DRF's code highlighting, Swagger's layout, the admin's widgets) are allowed: a style
    cannot run code."""

    API = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    PAGE = (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'self'"
    )
    # The public site (website/, issue 17): its own stylesheets and images, no script at all
    # (its ClaimReview JSON-LD is data, which CSP does not block), nothing framed.
    SITE = (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    )
    # (path prefix, policy for HTML pages, policy for everything else); first match wins.
    POLICIES = (
        ("/api/docs/", PAGE, PAGE),  # Swagger UI page and its own init script
        ("/api/", PAGE, API),  # HTML here is the browsable API
        ("/admin/", PAGE, PAGE),
        ("/", SITE, SITE),
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = self.policy_for(request.path, response)
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        return response

    @classmethod
    def policy_for(cls, path: str, response) -> str | None:
        is_page = response.get("Content-Type", "").startswith("text/html")
        for prefix, page_policy, other_policy in cls.POLICIES:
            if path.startswith(prefix):
                return page_policy if is_page else other_policy
        return None


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
