import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# What must not appear raw inside <script>: "</script>" or "<!--" in a claim's text would
# end the element or open a comment; & keeps entities from meaning anything.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.filter
def jsonld(value) -> str:
    """``value`` as JSON safe to place inside ``<script type="application/ld+json">``."""
    return mark_safe(json.dumps(value, ensure_ascii=False, indent=2).translate(_SCRIPT_ESCAPES))
