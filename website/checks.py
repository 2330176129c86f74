from django.conf import settings
from django.core.checks import Warning, register

from .branding import AA_NORMAL_TEXT, HEX_COLOUR, contrast


@register()
def accent_colour_check(app_configs, **kwargs):
    """The accent colours links on white: it must be #rrggbb and readable (WCAG 2.1 AA)."""
    colour = settings.SITE_ACCENT_COLOR
    if not HEX_COLOUR.match(colour):
        return [Warning(f"SITE_ACCENT_COLOR {colour!r} is not #rrggbb; the default is used.", id="website.W001")]
    ratio = contrast(colour, "#ffffff")
    if ratio < AA_NORMAL_TEXT:
        return [
            Warning(
                f"SITE_ACCENT_COLOR {colour} has a contrast of {ratio:.1f}:1 with white; WCAG 2.1 AA needs "
                f"{AA_NORMAL_TEXT}:1 for the links it colours. Choose a darker colour.",
                id="website.W002",
            )
        ]
    return []
