"""Serializer base shared by both apps."""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.settings import api_settings


class ModelCleanSerializer(serializers.ModelSerializer):
    """Runs the model's ``full_clean()`` on the would-be row, so the API enforces exactly
    what the admin does (DRF never calls ``clean()`` itself), with errors under the API's
    field names (``speaker_id``, not ``speaker``)."""

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
            raise serializers.ValidationError(self.api_errors(error)) from error
        # clean() may normalise (URLs) or fill in (quote offsets): keep what it settled on.
        for field in self._writable_fields:
            if field.source in model_fields:
                attrs[field.source] = getattr(instance, field.source)
        return attrs

    def api_errors(self, error: DjangoValidationError) -> dict:
        by_source = {field.source: name for name, field in self.fields.items()}
        errors = {}
        for model_field, messages in error.message_dict.items():
            name = by_source.get(model_field)
            if name is None or model_field == NON_FIELD_ERRORS:
                name = api_settings.NON_FIELD_ERRORS_KEY
            errors.setdefault(name, []).extend(messages)
        return errors
