"""No lost updates over the API, and no 500s when writers collide (issues 7 and 12).

**ETags are row versions.** Every detail response carries
``ETag: "<version>.<digest>"``: the version is the row's ``updated_at`` (every write bumps
it, the services included; ``row_version``), the digest that of the representation as
rendered. ``If-Match`` on PATCH/PUT/DELETE compares the *version* only, on the locked row:
a write succeeds if nobody wrote this row since the client read it, else 412 with the
current version. Edits of *other* rows that show inside this one (a speaker's name inside a
claim, a new claim in a speaker's count) change the digest but not the version, so they
never make an ``If-Match`` stale. ``If-None-Match`` compares the whole tag, weakly (``W/``
prefixes are ignored), so a cached copy is revalidated whenever what it shows changed.

The admin's stale-form guard (claims.forms) uses the same ``row_version``.

**Deadlocks and serialization failures** are retried once (the whole write, after its
transaction rolled back); a second failure is answered 503 with ``Retry-After``
(api.exceptions), never a 500."""

import functools
import hashlib
from datetime import UTC, datetime, timedelta

from django.db import OperationalError, connection, transaction
from rest_framework import exceptions, status
from rest_framework.response import Response

from .renderers import dumps

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# SQLSTATEs worth one more try: the transaction was rolled back and nothing was written.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "Someone changed this since you read it; `current` holds the version now stored."
    default_code = "precondition_failed"

    def __init__(self, current: dict, etag: str):
        super().__init__()
        self.current = current
        self.etag = etag


def row_version(updated_at: datetime | str) -> str:
    """The row version as a short token: ``updated_at`` in microseconds since the epoch,
    base 36. Shared by the API's ETags and the admin's stale-form guard."""
    if isinstance(updated_at, str):
        updated_at = datetime.fromisoformat(updated_at)
    micros = (updated_at - EPOCH) // timedelta(microseconds=1)
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    token = ""
    while micros:
        micros, remainder = divmod(micros, 36)
        token = digits[remainder] + token
    return token or "0"


def etag_of(data) -> str:
    """``"<row version>.<digest of the rendered representation>"``."""
    digest = hashlib.sha256(dumps(data)).hexdigest()[:20]
    return f'"{row_version(data["updated_at"])}.{digest}"'


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def if_match_versions(header: str) -> set[str] | None:
    """The row versions an ``If-Match`` names; None for ``*`` (any). Weak tags never match
    (RFC 9110: If-Match uses the strong comparison)."""
    versions = set()
    for tag in _tags(header):
        if tag == "*":
            return None
        if tag.startswith('"') and tag.endswith('"'):
            versions.add(tag[1:-1].split(".", 1)[0])
    return versions


def is_retryable(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) in RETRYABLE_SQLSTATES


def retry_once_on_conflict(method):
    """Run a write again if the database rolled it back for a deadlock or a serialization
    failure — only when it ran in a transaction of its own (nothing of it committed)."""

    @functools.wraps(method)
    def wrapper(self, request, *args, **kwargs):
        try:
            return method(self, request, *args, **kwargs)
        except OperationalError as error:
            if not is_retryable(error) or connection.in_atomic_block:
                raise
        return method(self, request, *args, **kwargs)

    return wrapper


class ETagMixin:
    """For ModelViewSets: ETag on retrieve/update responses, If-Match on PATCH/PUT/DELETE.

    A write loads the object once (``get_object``: permissions, visibility, 404), locks its
    row (``lock_for_write``, which viewsets override to lock a claim before its verdicts),
    compares the version stored with ``If-Match``, then saves only the fields that changed."""

    def retrieve(self, request, *args, **kwargs):
        return self.with_etag(request, super().retrieve(request, *args, **kwargs))

    def with_etag(self, request, response):
        """Tag a detail response; a 304 when the client already holds this representation."""
        etag = etag_of(response.data)
        held = {tag.removeprefix("W/") for tag in _tags(request.headers.get("If-None-Match", ""))}
        if etag in held or "*" in held:
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        response["ETag"] = etag
        return response

    # Whether the write's one load (get_object) takes the row lock itself. Viewsets whose
    # rows must be locked after another (a verdict after its claim) set it False and
    # override lock_for_write.
    lock_on_load = True

    def get_queryset(self):
        queryset = super().get_queryset()
        if getattr(self, "_loading_for_write", False) and self.lock_on_load:
            queryset = queryset.select_for_update(of=("self",))
        return queryset

    def lock_for_write(self, instance):
        """Lock ``instance``'s row until the transaction ends; return its ``updated_at`` as
        stored. By default the load itself locked the row (``lock_on_load``)."""
        return instance.updated_at

    def locked_object(self, request):
        """The object to write: loaded once, row locked, ``If-Match`` checked."""
        self._loading_for_write = True
        try:
            instance = self.get_object()
        finally:
            self._loading_for_write = False
        stored = self.lock_for_write(instance)
        versions = if_match_versions(request.headers.get("If-Match", "")) if request.headers.get("If-Match") else None
        if versions is not None and row_version(stored) not in versions:
            current = self.get_serializer(self.get_object()).data
            raise PreconditionFailed(current=current, etag=etag_of(current))
        return instance

    @retry_once_on_conflict
    def create(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().create(request, *args, **kwargs)

    @retry_once_on_conflict
    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            instance = self.locked_object(request)
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            self.perform_update(serializer)
        response = Response(serializer.data)
        response["ETag"] = etag_of(response.data)
        return response

    @retry_once_on_conflict
    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self.locked_object(request)
            self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)
