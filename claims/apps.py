from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and verdicts"

    def ready(self):
        # Registers the OpenAPI extensions.
        from . import schema  # noqa: F401
        from .claimreview import schema as claimreview_schema  # noqa: F401
