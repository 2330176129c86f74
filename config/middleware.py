"""Security headers Django 5.2 does not set itself."""


class APIContentSecurityPolicyMiddleware:
    """API responses are data, never pages: forbid them every script, style and frame.
    (The admin and the Swagger page keep Django's defaults; they need their own assets.)"""

    POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/") and not request.path.startswith(("/api/docs/", "/api/redoc/")):
            response.headers.setdefault("Content-Security-Policy", self.POLICY)
        return response
