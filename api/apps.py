from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API's shared machinery: errors, pagination, strict filtersets, parsers,
    renderers, ETags and schema hooks, used by every domain app's viewsets."""

    name = "api"
    verbose_name = "API"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
