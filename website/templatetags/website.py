import json

from django import template
from django.utils.safestring import mark_safe

from claims.claimreview.export import script_safe

register = template.Library()


@register.filter
def jsonld(value) -> str:
    """``value`` as JSON safe to place inside ``<script type="application/ld+json">``."""
    # The API's escaping (claims.claimreview.export.script_safe), so page and API agree.
    return mark_safe(script_safe(json.dumps(value, ensure_ascii=False, indent=2).encode()).decode())
