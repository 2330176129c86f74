"""A read serializer, compiled into a fast path for lists (issue 11).

A read shape (a claim as the API shows it) is defined once, as a DRF serializer: the schema
documents it and a write response can use it. Building a page of 50 nested claims through
serializer fields and model instances costs about three times the CPU of building the same
dicts from ``values_list()`` rows (issue 6, bench/README.md), so ``ReadShape`` reads the
serializer's declared fields once and derives from them the columns to select and a function
that turns a row into exactly the dict the serializer would return (byte for byte once
rendered; ``tests/claims/test_api_claims.py`` pins it). Nothing about the shape is written
twice: a field added to the serializer appears on both paths.

What it understands is what the read shapes here use, and it refuses anything else when the
shape is compiled (at the first request), rather than render something different:

- model fields whose representation is the value itself once rendered by ``api.renderers``
  (numbers, text, choices, booleans, dates and UTC datetimes), reached by ``source``;
- nested serializers by a to-one relation (``speaker``), or on the same row
  (``source="*"``); a nullable nested serializer is ``null`` when its ``id`` is;
- one level of ``many=True`` nested serializers by a reverse foreign key (``appearances``),
  read with one more query for the whole page, in the related model's given ordering.
"""

from collections.abc import Callable, Sequence
from functools import cached_property

from django.db import models
from rest_framework import serializers
from rest_framework.settings import api_settings

# Field classes whose to_representation() renders (through api.renderers.dumps) to the same
# bytes as the database value itself: checked here once, not per row.
VERBATIM_FIELDS = (
    serializers.IntegerField,
    serializers.CharField,  # SlugField, URLField, EmailField...
    serializers.ChoiceField,
    serializers.BooleanField,
    serializers.DateField,
    serializers.DateTimeField,
)


class SameRowSerializer(serializers.Serializer):
    """A nested shape read from its parent's own row (``source="*"``), e.g. a claim's current
    verdict from the claim's ``current_verdict_id`` and ``current_rating`` columns; ``null``
    when its ``id`` is, as ``ReadShape`` builds it."""

    def to_representation(self, instance):
        if self.fields["id"].get_attribute(instance) is None:
            return None
        return super().to_representation(instance)


class ReadShape:
    """``rows(queryset)`` selects what the serializer shows (lazy, so it pages);
    ``represent(rows)`` builds the representations, with one query per ``many`` field."""

    def __init__(
        self, serializer_class: type[serializers.Serializer], *, many_orderings: dict[str, Sequence] | None = None
    ):
        self.serializer_class = serializer_class
        # The order of each to-many field's items, e.g. {"appearances": ("article__published_at", "id")}.
        self.many_orderings = many_orderings or {}

    def rows(self, queryset: models.QuerySet) -> models.QuerySet:
        return queryset.prefetch_related(None).values_list(*self._compiled.columns)

    def represent(self, rows: Sequence[tuple]) -> list[dict]:
        compiled = self._compiled
        related = [many.fetch([row[compiled.pk_index] for row in rows]) for many in compiled.many]
        build = compiled.build
        return [build(row, *related) for row in rows]

    @cached_property
    def _compiled(self) -> "_Compiled":
        serializer = self.serializer_class()
        return _Compiled(serializer, model=serializer.Meta.model, many_orderings=self.many_orderings)


class _Many:
    """A ``many=True`` field: its items for a page of parents, in one query."""

    def __init__(self, field: serializers.ListSerializer, *, model: type[models.Model], ordering: Sequence):
        relation = model._meta.get_field(field.source)
        if not relation.one_to_many:
            raise TypeError(f"{field.field_name}: only reverse foreign keys are supported, not {relation!r}")
        self.related_model = relation.related_model
        self.parent = relation.field.attname  # e.g. claim_id
        self.ordering = ordering
        self.compiled = _Compiled(field.child, model=self.related_model, many_orderings={}, nested=True)

    def fetch(self, parent_ids: list) -> dict:
        items: dict = {}
        if not parent_ids:
            return items
        queryset = (
            self.related_model._default_manager.filter(**{f"{self.parent}__in": parent_ids})
            .order_by(*self.ordering)
            .values_list(*self.compiled.columns, self.parent)  # the parent's id last: build() ignores it
        )
        build = self.compiled.build
        for row in queryset:
            items.setdefault(row[-1], []).append(build(row))
        return items


class _Compiled:
    def __init__(self, serializer, *, model, many_orderings, nested=False):
        self.columns: list[str] = []
        self.many: list[_Many] = []
        expression = self._dict(serializer, prefix=(), model=model, many_orderings=many_orderings, nested=nested)
        if "id" not in self.columns:
            raise TypeError(f"{type(serializer).__name__} must show its id")
        self.pk_index = self.columns.index("id")
        arguments = ", ".join(["row", *(f"many_{index}" for index in range(len(self.many)))])
        source = f"def build({arguments}):\n    return {expression}\n"
        # The builder is generated Python (as dataclasses generates __init__): a dict literal
        # with indexes into the row, as fast as the hand-written one it replaces.
        namespace: dict = {}
        exec(compile(source, f"<read shape of {type(serializer).__name__}>", "exec"), namespace)
        self.build: Callable = namespace["build"]
        self.source = source

    def _column(self, path: str) -> int:
        if path not in self.columns:
            self.columns.append(path)
        return self.columns.index(path)

    def _dict(self, serializer, *, prefix, model, many_orderings, nested) -> str:
        items = []
        for name, field in serializer.fields.items():
            if field.write_only:
                continue
            path = (*prefix, *field.source_attrs)
            if isinstance(field, serializers.ListSerializer):
                if nested or prefix:
                    raise TypeError(f"{name}: many=True is supported on the top level only")
                if name not in many_orderings:
                    raise TypeError(f"{name}: give its ordering in many_orderings")
                self.many.append(_Many(field, model=model, ordering=many_orderings[name]))
                value = f"many_{len(self.many) - 1}.get(row[{self._column('id')}], [])"
            elif isinstance(field, serializers.BaseSerializer):
                value = self._dict(field, prefix=path, model=model, many_orderings={}, nested=True)
                if field.allow_null:  # null when its id is (SameRowSerializer says the same)
                    id_column = _column_name((*path, *field.fields["id"].source_attrs))
                    value = f"(None if row[{self._column(id_column)}] is None else {value})"
            elif _verbatim(field):
                value = f"row[{self._column(_column_name(path))}]"
            else:
                raise TypeError(f"{type(serializer).__name__}.{name}: {type(field).__name__} is not supported")
            items.append(f"{name!r}: {value}")
        return "{" + ", ".join(items) + "}"


def _column_name(path: tuple[str, ...]) -> str:
    # "current_verdict_id" is a column of the row itself; the id of a relation is read as
    # "<relation>_id" rather than "<relation>__id" so no join is added for it.
    if len(path) >= 2 and path[-1] == "id":
        return "__".join((*path[:-2], f"{path[-2]}_id"))
    return "__".join(path)


# Only the stock to_representation methods: a subclass that changes the value is refused.
_VERBATIM_METHODS = {cls.to_representation for cls in VERBATIM_FIELDS} | {
    serializers.SlugField.to_representation,
    serializers.URLField.to_representation,
}


def _verbatim(field) -> bool:
    if isinstance(field, serializers.BigIntegerField):  # verbatim unless coerced to a string
        return not getattr(field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING)
    return isinstance(field, VERBATIM_FIELDS) and type(field).to_representation in _VERBATIM_METHODS
