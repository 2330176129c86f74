"""One JSON shape for every API error:

    {"detail": "<summary>", "code": "<machine code>", "fields": {"<field>": ["<message>", ...]}}

``fields`` is empty unless the input had per-field problems. A 412 (stale ``If-Match``)
adds ``current``: the representation now stored.

The database being slow, locked or away is a 503 with ``Retry-After`` (issue 12), never a
500: lock and statement timeouts (settings ``DB_LOCK_TIMEOUT``/``DB_STATEMENT_TIMEOUT``), a
terminated backend or a refused connection, and a deadlock that repeated on retry. Django
drops a broken connection at the end of the request and opens a new one for the next, so
the API recovers by itself once the database is back."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from .concurrency import PreconditionFailed

NON_FIELD = "non_field_errors"


def _first_code(codes):
    while isinstance(codes, (list, dict)):
        if not codes:
            return "invalid"
        codes = next(iter(codes.values())) if isinstance(codes, dict) else codes[0]
    return codes or "invalid"


# SQLSTATE -> (code, message, Retry-After seconds)
DATABASE_ERRORS = {
    "55P03": ("lock_timeout", "The record is being changed by another request; try again shortly.", 2),
    "57014": ("statement_timeout", "The database took too long to answer; try again shortly.", 5),
    "40P01": ("write_conflict", "This collided with a simultaneous change; try again.", 1),
    "40001": ("write_conflict", "This collided with a simultaneous change; try again.", 1),
}
UNAVAILABLE = ("database_unavailable", "The database is unavailable; try again shortly.", 10)


def database_error(exc: DatabaseError) -> tuple[dict, int]:
    """The 503's body and its Retry-After seconds, for a database that cannot answer now."""
    code, detail, retry_after = DATABASE_ERRORS.get(getattr(exc.__cause__, "sqlstate", None), UNAVAILABLE)
    return {"detail": detail, "code": code, "fields": {}}, retry_after


def database_error_response(exc: DatabaseError) -> Response:
    body, retry_after = database_error(exc)
    return Response(body, status=status.HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": str(retry_after)})


def is_database_unavailable(exc) -> bool:
    return isinstance(exc, (OperationalError, InterfaceError))


def api_exception_handler(exc, context):
    if is_database_unavailable(exc):
        return database_error_response(exc)
    if isinstance(exc, ObjectDoesNotExist):
        # A row that went while the request worked on it (a concurrent delete).
        exc = exceptions.NotFound("No such object (it may just have been deleted).")
    if isinstance(exc, (ProtectedError, RestrictedError)):
        names = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        return error_response(
            status.HTTP_409_CONFLICT,
            f"Cannot delete this: {', '.join(names)} still refer to it.",
            "protected",
        )
    if isinstance(exc, DjangoValidationError) and getattr(exc, "status_code", None) == status.HTTP_409_CONFLICT:
        # A service's Conflict (claims.services): the write does not fit the current state.
        return error_response(status.HTTP_409_CONFLICT, exc.messages[0], exc.code or "conflict")
    if isinstance(exc, DjangoValidationError):
        # Raised by services and model full_clean(): same shape as serializer errors.
        exc = exceptions.ValidationError(as_serializer_error(exc))
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {NON_FIELD: exc.detail}
        codes = exc.get_codes()
        non_field = detail.get(NON_FIELD)
        summary = str(non_field[0]) if non_field else "Invalid input."
        response.data = {
            "detail": summary,
            "code": _first_code(codes) if non_field else "invalid",
            "fields": detail,
        }
    elif isinstance(exc, PreconditionFailed):
        response.data = {"detail": str(exc.detail), "code": exc.default_code, "fields": {}, "current": exc.current}
        response["ETag"] = exc.etag
    else:
        data = response.data if isinstance(response.data, dict) else {"detail": response.data}
        detail = data.get("detail", "Error.")
        response.data = {
            "detail": str(detail),
            "code": getattr(detail, "code", None) or getattr(exc, "default_code", "error"),
            "fields": {},
        }
    return response


def error_response(status_code: int, detail: str, code: str) -> Response:
    return Response({"detail": detail, "code": code, "fields": {}}, status=status_code)
