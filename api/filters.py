"""The API's filtering: the strict FilterSet base every app's filters use, and the backend."""

import datetime

import django_filters
from django import forms
from django.db.models import F
from django_filters.rest_framework import DjangoFilterBackend

# Query parameters every list understands besides its filters.
STANDARD_PARAMETERS = frozenset({"page", "page_size", "format"})


class StrictFilterSet(django_filters.FilterSet):
    """Answers a misspelt parameter (``speakr=``) with a 400 that names it, instead of
    silently returning every row; likewise an empty value (``claimed_after=`` is not "no
    filter"), a parameter given twice (``q=a&q=b``: which one did the client mean?) and an
    empty item in a comma-separated list (``ordering=,``)."""

    def unknown_parameters(self) -> list[str]:
        return sorted(set(self.data) - set(self.filters) - STANDARD_PARAMETERS)

    @classmethod
    def asks_for_no_filter(cls, data) -> bool:
        """Only well-formed standard parameters (or none): the common request, a plain page
        or a detail route. Then there is nothing to validate or filter, and the API's backend
        builds no filterset: django-filter deep-copies every filter and its field per
        instance, which was a third of a claim list's CPU (issue 11)."""
        return data.keys() <= STANDARD_PARAMETERS and not malformed_parameters(data, {})

    def malformed_parameters(self) -> dict[str, str]:
        return malformed_parameters(self.data, self.filters)

    def is_valid(self):
        return super().is_valid() and not self.unknown_parameters() and not self.malformed_parameters()

    @property
    def errors(self):
        errors = self.form.errors
        allowed = ", ".join(sorted(set(self.filters) | STANDARD_PARAMETERS))
        for name in self.unknown_parameters():
            errors[name] = self.form.error_class([f"Unknown query parameter. Known: {allowed}."])
        for name, problem in self.malformed_parameters().items():
            errors[name] = self.form.error_class([problem])
        return errors


def malformed_parameters(data, filters) -> dict[str, str]:
    """A parameter given twice, with an empty value, or with an empty item in a
    comma-separated filter's list, each with what is wrong."""
    problems = {}
    for name in data:
        values = data.getlist(name) if hasattr(data, "getlist") else [data[name]]
        if len(values) > 1:
            problems[name] = f"Given {len(values)} times; give it once (several values: comma-separated)."
        elif values[0] == "":
            problems[name] = "Empty value: give a value, or leave the parameter out."
        elif isinstance(filters.get(name), django_filters.filters.BaseCSVFilter) and "" in [
            part.strip() for part in values[0].split(",")
        ]:
            problems[name] = "An empty item in the comma-separated list."
    return problems


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend that builds no filterset for a request that asks for no
    filter (StrictFilterSet.asks_for_no_filter): most requests, and the hottest ones."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        strict = filterset_class is not None and issubclass(filterset_class, StrictFilterSet)
        if strict and filterset_class.asks_for_no_filter(request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


class IdFilter(django_filters.ModelChoiceFilter):
    """A row named by id (or ``to_field_name``), as a plain text input in the browsable API's
    filter form (a ``<select>`` would list every speaker and article: 200,000 options at
    bench size, issue 13), and an error that says what was not found."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        model = field.queryset.model
        key = self.extra.get("to_field_name") or "id"
        field.error_messages["invalid_choice"] = f"No {model._meta.verbose_name} with {key} '%(value)s'."
        return field


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering that always ends on ``id`` in the same direction as the first key, so
    pages never repeat or skip rows and the composite ``(..., -id)`` indexes serve it.
    Descending puts empty values last ("newest first" never opens with undated rows)."""

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in value:
            if not param:
                continue
            name = self.get_ordering_value(param)
            ordering.append(F(name[1:]).desc(nulls_last=True) if name.startswith("-") else F(name).asc())
        if not ordering:
            return qs
        tie_break = F("id").desc() if ordering[0].descending else F("id").asc()
        return qs.order_by(*ordering, tie_break)


class ChoiceInFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """Comma-separated values, each one checked against the choices."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # BaseCSVFilter's stock help text would otherwise replace the label in the schema.
        if self.label:
            self.extra["help_text"] = self.label


class StrictBooleanField(forms.ChoiceField):
    """``true``/``false`` (or 1/0); anything else is an error, not "no filter"."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def __init__(self, *args, **kwargs):
        kwargs.pop("empty_label", None)
        super().__init__(*args, choices=[(key, key) for key in self.VALUES], **kwargs)

    def to_python(self, value):
        return super().to_python(value).lower()

    def clean(self, value):
        value = super().clean(value)
        return self.VALUES.get(value)


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class UTCDateTimeField(django_filters.fields.IsoDateTimeField):
    """ISO 8601 date-time, converted to UTC here: Python accepts offsets up to ±23:59, PostgreSQL
    only ±15:59, so an exotic offset would otherwise reach the database and fail there; and
    a date at the edge of the calendar (0001-01-01T00:00+05:00) has no UTC time at all."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError as error:
            raise forms.ValidationError(
                "%(value)s is outside the dates that can be compared (years 1 to 9999 in UTC).",
                code="invalid",
                params={"value": value.isoformat()},
            ) from error


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField
