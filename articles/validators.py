"""Validators for what articles and claims store about the web and languages (issue 13):
maintained libraries and Django's own validators rather than hand-written patterns."""

import ipaddress
from urllib.parse import urlsplit

import langcodes
from django.core.exceptions import ValidationError
from django.core.validators import DomainNameValidator


def validate_language_tag(value: str) -> None:
    """A well-formed, registered BCP 47 tag (``en``, ``pt-BR``, ``zh-Hant-TW``), checked by
    ``langcodes`` against the IANA registry it ships."""
    # langcodes also reads "en_US" (a POSIX locale, not BCP 47): tags are letters, digits and hyphens.
    letters = (value or "").replace("-", "")
    if not (letters.isascii() and letters.isalnum() and langcodes.tag_is_valid(value)):
        raise ValidationError(
            "%(value)s is not a BCP 47 language tag (e.g. en, fr, pt-BR).",
            code="invalid_language",
            params={"value": value},
        )


_domain_name = DomainNameValidator(message="Enter a host name such as pakistanpoint.com.")


def validate_host_name(value: str) -> None:
    """A host as a URL names it: a domain name (Django's DomainNameValidator, IDNA included)
    or an IP address (an outlet served from an address, a local test server)."""
    try:
        ipaddress.ip_address(value)
    except ValueError:
        _domain_name(value)


def split_url(url: str):
    """``urlsplit`` with its ``ValueError``s (an unclosed IPv6 bracket, a port that is not a
    number or out of range) as ValidationErrors, so no URL reaches the parser unchecked."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- parsing the port is what raises
    except ValueError as error:
        raise ValidationError(f"Enter a valid URL: {error}.", code="invalid_url") from error
    return parts


def validate_article_url(url: str) -> None:
    """An article's address: it parses, its port is a real one, and it names no user:
    credentials in a stored URL would be published with every claim."""
    parts = split_url(url)
    if parts.username is not None or parts.password is not None:
        raise ValidationError("URLs with a user name or password are not accepted.", code="credentials")
