"""The public site's Content-Security-Policy (issue 17)."""


class SiteContentSecurityPolicyMiddleware:
    """The site's pages use only their own stylesheets and images: no script runs on them
    (the ClaimReview JSON-LD is data, which CSP does not block), nothing is framed, forms
    submit only to the site. The API and the admin have policies of their own."""

    POLICY = (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    )
    EXCLUDED_PREFIXES = ("/api/", "/admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.EXCLUDED_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", self.POLICY)
        return response
