"""Serializer base shared by both apps."""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from rest_framework import serializers
from rest_framework.settings import api_settings
from rest_framework.validators import UniqueValidator

from articles.models import integrity_error_as_validation_error, name_existing_records


class ModelCleanSerializer(serializers.ModelSerializer):
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
