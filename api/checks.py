"""System checks for deployment (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def throttle_counters_are_shared(app_configs, **kwargs):
    """Throttle limits are global only if their counters are (issue 12)."""
    if settings.CACHES["default"]["BACKEND"] not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            "API throttle counters live in each process's memory: with several gunicorn workers or "
            "servers, each one admits the full rate.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so the counters are shared; for a single "
            "process, silence this with SILENCED_SYSTEM_CHECKS=api.W001.",
            id="api.W001",
        )
    ]
