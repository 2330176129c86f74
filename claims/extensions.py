"""Extension points for the apps above claims (which claims never imports).

``register_create_response_field(name, compute)``: ``compute(claim, request)`` returns a
value added under ``name`` to the body of ``POST /api/claims/`` (201), e.g. matching's
``checked_before``. The read shape of a claim elsewhere is unchanged.
"""

from collections.abc import Callable

CREATE_RESPONSE_FIELDS: dict[str, Callable] = {}


def register_create_response_field(name: str, compute: Callable) -> None:
    CREATE_RESPONSE_FIELDS[name] = compute


def create_response_fields(claim, request) -> dict:
    return {name: compute(claim, request) for name, compute in CREATE_RESPONSE_FIELDS.items()}
