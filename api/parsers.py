"""A JSON parser that survives hostile bodies: too large (413), too deeply nested,
not UTF-8, not JSON, or with a key given twice (400) — never a 500."""

import json

from django.conf import settings
from rest_framework import exceptions, parsers, status


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large."
    default_code = "too_large"


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise RequestTooLarge(f"Request body too large: at most {limit} bytes.")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise exceptions.ParseError("JSON parse error - the body is not valid UTF-8.") from error
        try:
            return json.loads(text, parse_constant=self._reject_constant, object_pairs_hook=self._unique_keys)
        except RecursionError as error:
            raise exceptions.ParseError("JSON parse error - nested too deeply.") from error
        except ValueError as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from error

    @staticmethod
    def _unique_keys(pairs):
        # Python keeps the last of duplicate keys, another parser the first: refuse them
        # rather than let a proxy, a validator and this app read different bodies (issue 13).
        result = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(f"the key {key!r} is given twice")
            result[key] = value
        return result

    @staticmethod
    def _reject_constant(name):
        # NaN and Infinity are not JSON; PostgreSQL and clients choke on them.
        raise ValueError(f"{name} is not valid JSON")
