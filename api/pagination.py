"""Pagination for every list: ``results`` + ``next``/``previous``, ``page_size`` up to 500."""

from collections import OrderedDict

from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

MAX_PAGE_SIZE = 500
# Past this, OFFSET overflows PostgreSQL's bigint; no archive is that deep anyway.
MAX_OFFSET = 2**62


def page_number(raw: str, page_size: int) -> int | None:
    """The page ``raw`` names, from 1; None for anything else: not a whole number, below 1,
    or so deep that its OFFSET would overflow PostgreSQL's bigint. The API and the site alike."""
    try:
        number = int(raw)
    except ValueError:
        return None
    if number < 1 or (number - 1) * page_size > MAX_OFFSET:
        return None
    return number


def requested_page_size(request, default: int) -> int:
    raw = request.query_params.get("page_size")
    if raw in (None, ""):
        return default
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if size < 1:
        raise ValidationError({"page_size": [f"Give a whole number from 1 to {MAX_PAGE_SIZE}."]})
    return min(size, MAX_PAGE_SIZE)


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's page numbers with a ``count``; for collections small enough to count."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return requested_page_size(request, self.page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters


class UncountedPagination(pagination.BasePagination):
    """Page numbers without ``COUNT(*)``: fetches one row more than the page to know
    whether a next page exists, so page 1 of a million claims costs what page 1 of ten does."""

    page_size = 50
    page_query_param = "page"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = requested_page_size(request, self.page_size)
        page = page_number(request.query_params.get(self.page_query_param, "1"), self.page_size)
        if page is None:
            raise NotFound("Invalid page: pages are numbered from 1.")
        self.page = page
        offset = (page - 1) * self.page_size
        rows = list(queryset[offset : offset + self.page_size + 1])
        if not rows and self.page > 1:
            raise NotFound("Invalid page: there are no results this far.")
        self.has_next = len(rows) > self.page_size
        return rows[: self.page_size]

    def _page_link(self, page):
        from rest_framework.utils.urls import remove_query_param, replace_query_param

        url = self.request.build_absolute_uri()
        if page == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, page)

    def get_paginated_response(self, data):
        return Response(
            OrderedDict(
                (
                    ("next", self._page_link(self.page + 1) if self.has_next else None),
                    ("previous", self._page_link(self.page - 1) if self.page > 1 else None),
                    ("results", data),
                )
            )
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page number within the paginated result set (from 1).",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": f"Number of results per page (1 to {MAX_PAGE_SIZE}; default 50).",
                "schema": {"type": "integer", "minimum": 1},
            },
        ]
