"""One API test mixin, written once (NetBox's APIViewTestCases): a test class names its
route and how to make a row and a payload, and inherits the list/get/create/update/delete
cases, the permission cases and the fixed-query-count case. Create and PATCH are checked
against the row re-read from the database, field by field of what was sent."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils.dateparse import parse_date, parse_datetime


def assert_status(response, expected: int):
    """Compare the status, printing the body when it differs."""
    assert response.status_code == expected, (
        f"expected {expected}, got {response.status_code}: {response.content[:3000]!r}"
    )


def count_queries(callable_):
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


class APIViewTestCases:
    basename: str = ""
    # How many rows the list's fixed-query-count case grows to.
    many = 20

    # --- what a concrete test class provides -----------------------------------
    def make_object(self):
        raise NotImplementedError

    def create_payload(self) -> dict:
        raise NotImplementedError

    def update_payload(self) -> dict:
        raise NotImplementedError

    def invalid_payload(self) -> dict:
        return {}

    # --- helpers ------------------------------------------------------------------
    def list_url(self):
        return reverse(f"{self.basename}-list")

    def detail_url(self, obj):
        return reverse(f"{self.basename}-detail", args=[obj.pk])

    # --- list -----------------------------------------------------------------------
    def test_list_anonymous(self, api_client):
        obj = self.make_object()
        response = api_client.get(self.list_url())
        assert_status(response, 200)
        assert "next" in response.data and "results" in response.data
        assert obj.pk in [row["id"] for row in response.data["results"]]

    def test_list_costs_a_fixed_number_of_queries(self, api_client):
        self.make_object()
        one = count_queries(lambda: assert_status(api_client.get(self.list_url()), 200))
        for _ in range(self.many):
            self.make_object()
        response_holder = {}

        def fetch():
            response_holder["r"] = api_client.get(self.list_url(), {"page_size": 100})

        many = count_queries(fetch)
        assert_status(response_holder["r"], 200)
        assert len(response_holder["r"].data["results"]) >= self.many
        assert many == one, f"{one} queries for one row, {many} for {self.many + 1}"

    # --- retrieve -------------------------------------------------------------------
    def test_retrieve_anonymous(self, api_client):
        obj = self.make_object()
        response = api_client.get(self.detail_url(obj))
        assert_status(response, 200)
        assert response.data["id"] == obj.pk

    def test_retrieve_unknown_is_404_json(self, api_client):
        response = api_client.get(reverse(f"{self.basename}-detail", args=[987654321]))
        assert_status(response, 404)
        assert response.json()["code"] == "not_found"

    # --- create ---------------------------------------------------------------------
    def test_create_anonymous_is_401(self, api_client):
        assert_status(api_client.post(self.list_url(), self.create_payload(), format="json"), 401)

    def test_create_without_permission_is_403(self, api_client, plain_user):
        api_client.force_authenticate(plain_user)
        assert_status(api_client.post(self.list_url(), self.create_payload(), format="json"), 403)

    def test_create_as_editor(self, editor_api):
        payload = self.create_payload()
        response = editor_api.post(self.list_url(), payload, format="json")
        assert_status(response, 201)
        assert response.json()["id"]
        self.check_created(response.json(), payload)

    def check_created(self, data, payload):
        """The response shows what was sent, and so does the row as stored."""
        self.check_response_shows(data, payload)
        self.check_stored(self.model().objects.get(pk=data["id"]), payload)

    # --- update ---------------------------------------------------------------------
    def test_patch_as_editor(self, editor_api):
        obj = self.make_object()
        payload = self.update_payload()
        response = editor_api.patch(self.detail_url(obj), payload, format="json")
        assert_status(response, 200)
        self.check_updated(response.json(), payload)

    def check_updated(self, data, payload):
        self.check_response_shows(data, payload)
        self.check_stored(self.model().objects.get(pk=data["id"]), payload)

    # --- comparing what was sent ------------------------------------------------------
    def model(self):
        return resolve(self.list_url()).func.cls.queryset.model

    def check_response_shows(self, data, payload):
        for name, value in payload.items():
            if name in data and not name.endswith("_id"):
                assert data[name] == value, name

    def check_stored(self, row, payload):
        """Every field sent, read back from the database (not from the response)."""
        for name, value in payload.items():
            assert self.stored(row, name) == self.sent(value, self.stored(row, name)), name

    def stored(self, row, name):
        """The stored value an API field name stands for; override for names that are not
        the model's own attribute (and call super() for the rest)."""
        return getattr(row, name)

    @staticmethod
    def sent(value, stored):
        """The sent JSON value in the stored value's type (ISO dates and datetimes)."""
        if isinstance(stored, datetime.datetime) and isinstance(value, str):
            return parse_datetime(value)
        if isinstance(stored, datetime.date) and isinstance(value, str):
            return parse_date(value)
        return value

    def test_patch_without_permission_is_403(self, api_client, plain_user):
        obj = self.make_object()
        api_client.force_authenticate(plain_user)
        assert_status(api_client.patch(self.detail_url(obj), self.update_payload(), format="json"), 403)

    def test_patch_anonymous_is_401(self, api_client):
        obj = self.make_object()
        assert_status(api_client.patch(self.detail_url(obj), self.update_payload(), format="json"), 401)

    # --- delete ---------------------------------------------------------------------
    def test_delete_as_editor(self, editor_api):
        obj = self.make_object()
        assert_status(editor_api.delete(self.detail_url(obj)), 204)
        assert_status(editor_api.get(self.detail_url(obj)), 404)

    def test_delete_anonymous_is_401(self, api_client):
        obj = self.make_object()
        assert_status(api_client.delete(self.detail_url(obj)), 401)
        assert type(obj).objects.filter(pk=obj.pk).exists()


__all__ = ["APIViewTestCases", "assert_status", "count_queries", "pytest"]
