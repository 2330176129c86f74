"""Branding from settings (``SITE_NAME``, ``SITE_LOGO``, ``SITE_ACCENT_COLOR``) and the
contrast arithmetic that keeps a chosen accent colour readable (WCAG 2.1 AA)."""

import re

from django.conf import settings
from django.templatetags.static import static

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_ACCENT = "#0b5cad"
AA_NORMAL_TEXT = 4.5


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def accent() -> str:
    colour = settings.SITE_ACCENT_COLOR
    return colour if HEX_COLOUR.match(colour) else DEFAULT_ACCENT


def on_accent(colour: str) -> str:
    """Text on the accent colour: white or near-black, whichever contrasts more."""
    return "#ffffff" if contrast(colour, "#ffffff") >= contrast(colour, "#111111") else "#111111"


def logo_url() -> str:
    # A static file, served by the app like every asset (no third-party host: the CSP allows
    # only the site's own images).
    return static(settings.SITE_LOGO)


def site(request) -> dict:
    from claims.claimreview.export import organization_url

    """Template context processor: ``site.name``, ``site.logo``, ``site.organization``."""
    return {
        "site": {
            "name": settings.SITE_NAME,
            "logo": logo_url(),
            # FACTCHECK_ORG_URL, else the site as requested (issue 13), like the ClaimReview author.
            "organization": {**settings.FACTCHECK_ORGANIZATION, "url": organization_url(request)},
        }
    }
