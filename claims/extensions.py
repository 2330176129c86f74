"""Extension points for the apps above claims (which claims never imports).

``register_create_response_headers(compute)``: ``compute(claim, request)`` returns headers
added to the answer of ``POST /api/claims/`` (201), e.g. matching's ``Checked-Before``. The
body stays the claim's one read shape (byte for byte what a GET then shows).

``register_claims_written(callback)``: ``callback(claim_ids)`` hears of claims written in bulk
(``claims.services.claims_bulk_record``, the ClaimReview import), which sends no ``post_save``
per row; matching re-embeds them after commit, in batches.
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


CLAIMS_WRITTEN: list[Callable] = []


def register_claims_written(callback: Callable) -> None:
    if callback not in CLAIMS_WRITTEN:
        CLAIMS_WRITTEN.append(callback)


def claims_written(claim_ids: list[int]) -> None:
    for callback in CLAIMS_WRITTEN:
        callback(claim_ids)
