"""Extension points for the apps above claims (which claims never imports).

``register_create_response_headers(compute)``: ``compute(claim, request)`` returns headers
added to the answer of ``POST /api/claims/`` (201), e.g. matching's ``Checked-Before``. The
body stays the claim's one read shape (byte for byte what a GET then shows).
"""

from collections.abc import Callable

CREATE_RESPONSE_HEADERS: list[Callable] = []


def register_create_response_headers(compute: Callable) -> None:
    if compute not in CREATE_RESPONSE_HEADERS:
        CREATE_RESPONSE_HEADERS.append(compute)


def create_response_headers(claim, request) -> dict[str, str]:
    headers = {}
    for compute in CREATE_RESPONSE_HEADERS:
        headers.update(compute(claim, request))
    return headers
