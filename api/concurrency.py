"""No lost updates over the API: every detail response carries an ``ETag``; a write that
sends ``If-Match`` succeeds only if the object is still that version, else 412 with the
current version. The check runs on a locked row, so two racing writers cannot both pass.
A read with a matching ``If-None-Match`` is a 304."""

import hashlib

from django.db import transaction
from rest_framework import exceptions, status
from rest_framework.response import Response

from .renderers import dumps


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "Someone changed this since you read it; `current` holds the version now stored."
    default_code = "precondition_failed"

    def __init__(self, current: dict, etag: str):
        super().__init__()
        self.current = current
        self.etag = etag


def etag_of(data) -> str:
    """A strong validator: the digest of the representation's bytes, as rendered."""
    return '"' + hashlib.sha256(dumps(data)).hexdigest()[:40] + '"'


class ETagMixin:
    """For ModelViewSets: ETag on retrieve/update responses, If-Match on PATCH/PUT/DELETE."""

    def retrieve(self, request, *args, **kwargs):
        return self.with_etag(request, super().retrieve(request, *args, **kwargs))

    def with_etag(self, request, response):
        """Tag a detail response; a 304 when the client already holds this version."""
        etag = etag_of(response.data)
        if_none_match = {tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")}
        if etag in if_none_match or "*" in if_none_match:
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        response["ETag"] = etag
        return response

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            self.check_if_match(request)
            response = super().update(request, *args, **kwargs)
        response["ETag"] = etag_of(response.data)
        return response

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            self.check_if_match(request)
            return super().destroy(request, *args, **kwargs)

    def check_if_match(self, request) -> None:
        if_match = request.headers.get("If-Match")
        instance = self.get_object()  # permissions and 404 first
        if not if_match:
            return
        # Lock the row until this transaction ends, then read the version as stored.
        type(instance)._default_manager.select_for_update().filter(pk=instance.pk).exists()
        current = self.get_serializer(self.get_object()).data
        etag = etag_of(current)
        candidates = {tag.strip() for tag in if_match.split(",")}
        if "*" not in candidates and etag not in candidates:
            raise PreconditionFailed(current=current, etag=etag)
