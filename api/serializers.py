"""Serializer base shared by every app: strict input (issue 13) and the model's own validation."""

import copy
import math
from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from rest_framework import relations, serializers
from rest_framework.settings import api_settings
from rest_framework.validators import UniqueValidator

from articles.models import integrity_error_as_validation_error, name_existing_records

# Which JSON type each kind of field takes, as the OpenAPI schema documents it. DRF itself
# coerces (123 -> "123", 1.5 -> 1 for a primary key, "yes" -> True): a client's bug would
# be stored as data instead of answered.
STRING_FIELDS = (
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.TimeField,
    serializers.DurationField,
    serializers.UUIDField,
    relations.SlugRelatedField,
)
INTEGER_FIELDS = (serializers.IntegerField, relations.PrimaryKeyRelatedField)


def json_type_error(field: serializers.Field, value) -> str | None:
    """Why ``value`` is not of the JSON type ``field`` documents, or None. ``null`` is left
    to the field (``allow_null``)."""
    if value is None:
        return None
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else "Must be true or false."
    if isinstance(field, INTEGER_FIELDS):
        if isinstance(value, bool):
            return "Must be a whole number."
        if isinstance(value, int):
            return None
        # JSON Schema counts 1.0 as an integer; 1.5 and 1e999 (infinity) are not.
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            return None
        return "Must be a whole number."
    if isinstance(field, STRING_FIELDS):
        if not isinstance(value, str):
            return "Must be a string."
        if "\x00" in value:
            return "Null characters are not allowed."
        return None
    if isinstance(field, serializers.ListField):
        if not isinstance(value, list):
            return "Must be a list."
        for index, item in enumerate(value):
            problem = json_type_error(field.child, item)
            if problem is not None:
                return f"Item {index}: {problem}"
    return None


class StrictInputMixin:
    """A body is refused, naming each field, when it names a field the resource does not
    have (neither writable nor part of its representation: a misspelt ``speakr_id`` must
    not be silently ignored, like unknown query parameters) or gives a value of another
    JSON type than the schema documents."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = sorted(field.field_name for field in self._writable_fields)
            errors = {}
            # A write serializer apart from the read one names the read one's fields here.
            representation = set(self.fields) | set(getattr(self, "representation_fields", ()))
            for name in sorted(set(data) - representation):
                errors[name] = [f"Unknown field. Writable fields: {', '.join(writable)}."]
            for field in self._writable_fields:
                if field.field_name in data:
                    problem = json_type_error(field, data[field.field_name])
                    if problem is not None:
                        errors[field.field_name] = [problem]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class ModelCleanSerializer(StrictInputMixin, serializers.ModelSerializer):
    """Runs the model's ``full_clean()`` on the would-be row, so the API enforces exactly
    what the admin does (DRF never calls ``clean()`` itself), with errors under the API's
    field names (``speaker_id``, not ``speaker``)."""

    def get_fields(self):
        # Uniqueness is full_clean()'s (validate_unique), whose message names the record that
        # holds the value (articles.models.name_existing_records); DRF's own UniqueValidator
        # would answer first, without it.
        fields = super().get_fields()
        for field in fields.values():
            field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        model_fields = {field.name for field in model._meta.concrete_fields}
        values = {name: value for name, value in attrs.items() if name in model_fields}
        if self.instance is not None:
            instance = copy.copy(self.instance)
            for name, value in values.items():
                setattr(instance, name, value)
        else:
            instance = model(**values)
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(self.api_errors(name_existing_records(instance, error))) from error
        # clean() may normalise (URLs) or fill in (quote offsets): keep what it settled on.
        for field in self._writable_fields:
            if field.source in model_fields:
                attrs[field.source] = getattr(instance, field.source)
        return attrs

    def create(self, validated_data):
        try:
            with transaction.atomic():
                return super().create(validated_data)
        except IntegrityError as error:
            # A unique value taken by a concurrent request since validate() looked (issue 12).
            instance = self.Meta.model(**{k: v for k, v in validated_data.items() if not isinstance(v, list)})
            errors = self.api_errors(integrity_error_as_validation_error(instance, error))
            raise serializers.ValidationError(errors) from error

    def update(self, instance, validated_data):
        """Write only the fields that changed (and ``updated_at``, the row version): a PATCH
        read before a concurrent write cannot put that write's columns back (issue 12)."""
        changed = [name for name, value in validated_data.items() if getattr(instance, name) != value]
        for name in changed:
            setattr(instance, name, validated_data[name])
        if changed:
            attnames = [instance._meta.get_field(name).attname for name in changed]
            try:
                with transaction.atomic():
                    instance.save(update_fields=[*attnames, "updated_at"])
            except IntegrityError as error:
                raise serializers.ValidationError(
                    self.api_errors(integrity_error_as_validation_error(instance, error))
                ) from error
        return instance

    def api_errors(self, error: DjangoValidationError) -> dict:
        if not hasattr(error, "error_dict"):
            return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
        by_source = {field.source: name for name, field in self.fields.items()}
        errors = {}
        for model_field, messages in error.message_dict.items():
            name = by_source.get(model_field)
            if name is None or model_field == NON_FIELD_ERRORS:
                name = api_settings.NON_FIELD_ERRORS_KEY
            errors.setdefault(name, []).extend(messages)
        return errors
