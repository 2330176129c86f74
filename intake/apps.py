from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """The editor's desk intake: articles fetched by URL, and the statements extracted
    from them as claim suggestions."""

    name = "intake"
    verbose_name = "Intake and extraction"

    def ready(self):
        from . import signals

        signals.connect()
