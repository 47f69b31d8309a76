"""A real HTTPS server on 127.0.0.1 for the download tests: a certificate authority and a
server certificate for 127.0.0.1 made at test time with the openssl command line, and
``http.server`` behind an ssl context serving the routes a test gives it (real files from
../shared, a slow server, a server that drips, an error status, a redirect)."""

from __future__ import annotations

import http.server
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Certificates:
    ca_file: Path  # the authority a client is told to trust
    cert_file: Path  # the server's certificate, signed by it, for 127.0.0.1 and localhost
    key_file: Path


def make_certificates(folder: Path) -> Certificates:
    """A throwaway CA and a server certificate it signs, made with the openssl CLI."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Test CA",
        "-keyout", "ca.key", "-out", "ca.pem",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
        "-keyout", "server.key", "-out", "server.csr",
    )  # fmt: skip
    (folder / "san.ext").write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
    )
    openssl(
        "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.pem",
    )  # fmt: skip
    return Certificates(folder / "ca.pem", folder / "server.pem", folder / "server.key")


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_length: bool = True  # without it the body ends when the connection closes
    delay: float = 0.0  # seconds before the answer's first byte
    drip: float = 0.0  # seconds between chunks of the body
    chunk: int = 64 * 1024
    headers: dict[str, str] | None = None


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        route = self.server.routes.get(self.path)
        self.server.requests.append(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        time.sleep(route.delay)
        self.send_response(route.status)
        for name, value in (route.headers or {}).items():
            self.send_header(name, value)
        if route.content_length:
            self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        try:
            for start in range(0, len(route.body), route.chunk):
                self.wfile.write(route.body[start : start + route.chunk])
                self.wfile.flush()
                time.sleep(route.drip)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass  # the client gave up, as it should

    def log_message(self, format, *args) -> None:  # noqa: A002 - quiet in tests
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # a sleeping handler does not hold up the test's end


@dataclass
class HttpsServer:
    port: int
    routes: dict[str, Route]
    requests: list[str]
    certificates: Certificates

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, **route) -> str:
        """Answer GET ``path`` with a ``Route``; returns its https address."""
        self.routes[path] = Route(**route)
        return self.url(path)


@contextmanager
def https_server(certificates: Certificates) -> Iterator[HttpsServer]:
    server = _Server(("127.0.0.1", 0), _Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates.cert_file, certificates.key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.routes = {}
    server.requests = []
    # shutdown() waits for the serving loop's next poll: 0.5 s by default, at every test's end.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield HttpsServer(server.server_address[1], server.routes, server.requests, certificates)
    finally:
        server.shutdown()
        server.server_close()
