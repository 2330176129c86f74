"""Fetching an article page from a URL an editor (or an API client) typed, safely (issue 14).

The server fetches on someone else's behalf, so a URL must not reach what only the server can
reach (SSRF): cloud metadata at 169.254.169.254, the database on 127.0.0.1, the office network.
Every hop (redirects included) is resolved once, every address it resolves to is checked, and
the connection goes to the checked address itself, so a name that resolves differently a
second later (DNS rebinding) cannot slip through. TLS still verifies the certificate against
the host name (SNI + hostname check). Bodies are capped and every read has a timeout.

``INTAKE_ALLOW_LOOPBACK`` (tests only) lets 127.0.0.1 through so the suite can serve saved
pages from a local ``http.server``; production leaves it off.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings

MAX_REDIRECTS = 5
USER_AGENT = "ClaimTrackerIntake/1.0 (+fact-checking desk article intake)"


class FetchError(Exception):
    """The page could not be fetched; the message says why in an editor's words."""


@dataclass(frozen=True)
class FetchedPage:
    url: str  # after redirects
    html: str


def _settings():
    return {
        "max_bytes": getattr(settings, "INTAKE_MAX_BYTES", 5 * 1024 * 1024),
        "timeout": getattr(settings, "INTAKE_TIMEOUT_SECONDS", 10.0),
        "allow_loopback": getattr(settings, "INTAKE_ALLOW_LOOPBACK", False),
    }


def check_address(address: str, *, allow_loopback: bool = False) -> ipaddress._BaseAddress:
    """The address, if a public server may live there; else FetchError."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if allow_loopback and ip.is_loopback:
        return ip
    if (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    ):
        raise FetchError(f"Refusing to fetch from {ip}: it is an internal or reserved address, not a public website.")
    return ip


def resolve(host: str, port: int, *, allow_loopback: bool = False) -> str:
    """One address of ``host`` that passed ``check_address``; every resolved address must pass,
    so a name pointing at both a public and an internal address is refused."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"The host name {host!r} could not be resolved.") from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(f"The host name {host!r} could not be resolved.")
    for address in addresses:
        check_address(address, allow_loopback=allow_loopback)
    return addresses[0]


def _check_url(url: str):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError("Only http:// and https:// addresses can be fetched.")
    if not parts.hostname:
        raise FetchError("The address has no host name.")
    if parts.username or parts.password:
        raise FetchError("Addresses with a user name or password are not fetched.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchError("The address has an invalid port.") from error
    return parts, port


def fetch(url: str) -> FetchedPage:
    """GET ``url`` and follow up to five redirects, checking each hop; the decoded HTML."""
    config = _settings()
    timeout = urllib3.Timeout(connect=config["timeout"], read=config["timeout"])
    for _hop in range(MAX_REDIRECTS + 1):
        parts, port = _check_url(url)
        address = resolve(parts.hostname, port, allow_loopback=config["allow_loopback"])
        common = {"port": port, "timeout": timeout, "retries": False, "maxsize": 1}
        if parts.scheme == "https":
            # Connect to the checked address; verify the certificate against the host name.
            pool = urllib3.HTTPSConnectionPool(
                address,
                server_hostname=parts.hostname,
                assert_hostname=parts.hostname,
                cert_reqs="CERT_REQUIRED",
                ca_certs=certifi.where(),
                **common,
            )
        else:
            pool = urllib3.HTTPConnectionPool(address, **common)
        host_header = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            response = pool.urlopen(
                "GET",
                path,
                headers={
                    "Host": host_header,
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5",
                },
                redirect=False,
                preload_content=False,
                assert_same_host=False,
            )
        except urllib3.exceptions.TimeoutError as error:
            raise FetchError(f"The site did not answer within {config['timeout']:g} seconds.") from error
        except urllib3.exceptions.SSLError as error:
            raise FetchError("The site's HTTPS certificate could not be verified.") from error
        except urllib3.exceptions.HTTPError as error:
            raise FetchError(f"The site could not be reached ({error.__class__.__name__}).") from error
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"The site answered {response.status} without saying where to go.")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchError(f"The site answered {response.status} {response.reason or ''}".strip() + ".")
            content_type = response.headers.get("Content-Type", "").lower()
            if content_type and not any(kind in content_type for kind in ("html", "xml", "text/plain")):
                raise FetchError(f"The address is not a web page ({content_type.split(';')[0]}).")
            body = _read_capped(response, config["max_bytes"], config["timeout"])
        finally:
            response.release_conn()
            pool.close()
        return FetchedPage(url=url, html=_decode(body, _charset_of(content_type)))
    raise FetchError(f"The site redirected more than {MAX_REDIRECTS} times.")


def _read_capped(response, max_bytes: int, timeout: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"The page is larger than {max_bytes // 1024} KiB.")
    chunks, size = [], 0
    try:
        for chunk in response.stream(64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"The page is larger than {max_bytes // 1024} KiB.")
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError as error:
        raise FetchError(f"The site did not answer within {timeout:g} seconds.") from error
    except urllib3.exceptions.HTTPError as error:
        raise FetchError("The page could not be read completely.") from error
    return b"".join(chunks)


def _charset_of(content_type: str) -> str | None:
    for piece in content_type.split(";")[1:]:
        name, _, value = piece.strip().partition("=")
        if name == "charset" and value:
            return value.strip("\"'")
    return None


def _decode(body: bytes, charset: str | None) -> str:
    for candidate in (charset, "utf-8"):
        if candidate:
            try:
                return body.decode(candidate)
            except (LookupError, UnicodeDecodeError):
                continue
    return body.decode("cp1252", errors="replace")
