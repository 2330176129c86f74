"""FilterSet base shared by both apps."""

import datetime

import django_filters
from django import forms
from django.db.models import F

# Query parameters every list understands besides its filters.
STANDARD_PARAMETERS = frozenset({"page", "page_size", "format"})


class StrictFilterSet(django_filters.FilterSet):
    """Answers a misspelt parameter (``speakr=``) with a 400 that names it, instead of
    silently returning every row."""

    def unknown_parameters(self) -> list[str]:
        return sorted(set(self.data) - set(self.filters) - STANDARD_PARAMETERS)

    def is_valid(self):
        return super().is_valid() and not self.unknown_parameters()

    @property
    def errors(self):
        errors = self.form.errors
        allowed = ", ".join(sorted(set(self.filters) | STANDARD_PARAMETERS))
        for name in self.unknown_parameters():
            errors[name] = self.form.error_class([f"Unknown query parameter. Known: {allowed}."])
        return errors


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


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    """ISO 8601 date-time, compared in UTC: Python accepts offsets up to ±23:59, PostgreSQL
    only ±15:59, so an exotic offset would otherwise reach the database and fail there."""

    def filter(self, qs, value):
        if value is not None:
            value = value.astimezone(datetime.UTC)
        return super().filter(qs, value)
