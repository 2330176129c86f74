"""HTTP caching for the public site (issue 17): pages are the same for every anonymous
reader, so shared caches and browsers may keep them; logged-in users get private answers
(the site's own pages hide drafts from them too, but a page for them may differ)."""

import hashlib
from functools import wraps

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag


def cacheable(view):
    """``ETag`` (from the rendered bytes), ``Last-Modified`` (a view sets
    ``response.last_modified``), ``Cache-Control`` and a 304 for a matching conditional
    request. Only successful answers are marked public."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:  # the sitemaps' TemplateResponse
            response.render()
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        elif response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.SITE_CACHE_SECONDS)
        patch_vary_headers(response, ("Cookie",))
        if response.status_code != 200 or response.streaming:
            return response
        etag = quote_etag(hashlib.md5(response.content, usedforsecurity=False).hexdigest())
        response.headers.setdefault("ETag", etag)
        last_modified = getattr(response, "last_modified", None)
        timestamp = int(last_modified.timestamp()) if last_modified else None
        if timestamp is not None:
            response.headers["Last-Modified"] = http_date(timestamp)
        return get_conditional_response(request, etag=response["ETag"], last_modified=timestamp, response=response)

    return wrapped
