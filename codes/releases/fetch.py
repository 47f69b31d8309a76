"""Download a CMS release file from an https address, for ``import_hcpcs`` and the admin's
Load CMS release page, which then read and check the bytes exactly as an uploaded file.

Plain Python on the standard library's ``http.client`` (no new dependency), because it
gives what a download from a server we do not control needs: separate connect and read
timeouts, a deadline for the whole download (so a server that drips a byte at a time cannot
hold a request), the size refused from ``Content-Length`` before reading and again while
streaming, and https only, with the certificate verified (redirects too must stay https).
"""

from __future__ import annotations

import http.client
import posixpath
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.template.defaultfilters import filesizeformat

CHUNK_BYTES = 64 * 1024
MAX_REDIRECTS = 5
REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = "hcpcs-site (CMS HCPCS release import)"


class FetchError(Exception):
    """A download refused or failed; the message says which address and why."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


@dataclass(frozen=True)
class Fetched:
    url: str  # the address given (a redirect's target is not kept)
    name: str  # the last part of the address's path, for messages and the release's label
    data: bytes


def looks_like_url(text: str) -> bool:
    """An argument meant as an address rather than a file path: it has a scheme."""
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.isalpha()


def file_name(url: str) -> str:
    """The name a downloaded file goes by: the last part of the address's path
    (``https://www.cms.gov/files/zip/hcpcs-2026.zip`` -> ``hcpcs-2026.zip``)."""
    parts = urlsplit(url)
    return posixpath.basename(unquote(parts.path)) or parts.hostname or url


def _https_parts(url: str, *, given: str):
    parts = urlsplit(url)
    if parts.scheme.lower() != "https":
        what = f"a {parts.scheme}:// address" if parts.scheme else "the address lacks https://"
        redirected = "" if url == given else f" (the server redirected to {url})"
        raise FetchError(
            given,
            f"{what}{redirected}; only https:// addresses are accepted, so that the file "
            "cannot be changed on its way here",
        )
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when asked
    except ValueError:
        raise FetchError(given, "the address's port is not a number") from None
    if not parts.hostname:
        raise FetchError(given, "the address names no server")
    return parts


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    connect_timeout: float  # the connection and the TLS handshake
    read_timeout: float  # each wait for data
    deadline_seconds: float  # the whole download, redirects included


def fetch(
    url: str,
    *,
    max_bytes: int,
    connect_timeout: float,
    read_timeout: float,
    deadline_seconds: float,
    cafile: str | None = None,
) -> Fetched:
    """The bytes at ``url`` (https only), at most ``max_bytes``.

    ``cafile`` trusts the certificate authorities in that PEM file instead of the system's
    (a private CA, or a test's server); verification itself is never turned off. Anything
    else than a 200 answer with a body within the limits is a ``FetchError``.
    """
    limits = Limits(max_bytes, connect_timeout, read_timeout, deadline_seconds)
    context = ssl.create_default_context(cafile=cafile)
    deadline = time.monotonic() + deadline_seconds
    target = url
    for _ in range(MAX_REDIRECTS + 1):
        parts = _https_parts(target, given=url)
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=connect_timeout, context=context
        )
        try:
            body, location = _get(connection, parts, url, limits, deadline)
        finally:
            connection.close()
        if location is None:
            return Fetched(url=url, name=file_name(target), data=body)
        target = urljoin(target, location)
    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")


def _get(connection, parts, url: str, limits: Limits, deadline: float):
    """One GET: (the body, None), or (b"", the address a redirect points to)."""
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        try:
            connection.connect()
        except TimeoutError:
            raise FetchError(
                url, f"no connection to {parts.hostname} within {limits.connect_timeout:g} s"
            ) from None
        connection.sock.settimeout(limits.read_timeout)
        connection.request(
            "GET", path, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        )
        response = connection.getresponse()
        if response.status in REDIRECTS and response.getheader("Location"):
            return b"", response.getheader("Location")
        if response.status != 200:
            reason = f"HTTP {response.status} {response.reason}".rstrip()
            raise FetchError(url, f"the server answered {reason}; check the address")
        declared = response.getheader("Content-Length", "")
        if declared.isdigit() and int(declared) > limits.max_bytes:
            size = f"is {filesizeformat(int(declared))}"
            raise FetchError(url, _too_big(size, limits.max_bytes))
        return _read_body(response, url, limits, deadline), None
    except TimeoutError:
        raise FetchError(url, f"the server sent nothing for {limits.read_timeout:g} s") from None
    except ConnectionRefusedError:
        raise FetchError(url, f"{parts.hostname} refused the connection") from None
    except socket.gaierror:
        raise FetchError(url, f"no server named {parts.hostname} was found") from None
    except ssl.SSLCertVerificationError as error:
        raise FetchError(
            url, f"the server's certificate could not be verified ({error.verify_message})"
        ) from None
    except ValueError as error:  # a character an HTTP request line cannot carry
        raise FetchError(url, f"the address cannot be requested ({error})") from None
    except (http.client.HTTPException, OSError) as error:
        raise FetchError(url, f"the download failed ({type(error).__name__}: {error})") from None


def _read_body(response, url: str, limits: Limits, deadline: float) -> bytes:
    """The body, streamed: refused as soon as it passes the size limit or the deadline.
    ``read1`` returns what one read of the socket gives, so a slow server is noticed."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(CHUNK_BYTES):
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(url, _too_big("is larger than that", limits.max_bytes))
        if time.monotonic() > deadline:
            raise FetchError(
                url,
                f"the download took longer than {limits.deadline_seconds:g} s "
                f"({filesizeformat(size)} read)",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(size: str, max_bytes: int) -> str:
    return (
        f"the file {size}; the largest file this site accepts is {filesizeformat(max_bytes)}. "
        "CMS release files are a few megabytes: check that the address is the HCPCS file"
    )


def fetch_release_file(url: str) -> Fetched:
    """``fetch`` with the site's limits: the upload size limit (``HCPCS_MAX_UPLOAD_BYTES``)
    and the ``HCPCS_FETCH_*`` timeouts and certificate authorities."""
    return fetch(
        url,
        max_bytes=settings.HCPCS_MAX_UPLOAD_BYTES,
        connect_timeout=settings.HCPCS_FETCH_CONNECT_TIMEOUT,
        read_timeout=settings.HCPCS_FETCH_READ_TIMEOUT,
        deadline_seconds=settings.HCPCS_FETCH_DEADLINE,
        cafile=settings.HCPCS_FETCH_CA_FILE or None,
    )
