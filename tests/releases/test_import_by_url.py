"""Loading a CMS release by its https address, with ``import_hcpcs`` and in the admin,
against a real HTTPS server on 127.0.0.1 serving the real CMS files: the file is read as a
local one would be, and every refusal (not https, a timeout, too big, not a CMS file, an
error status, a refused connection, an untrusted certificate) says why and changes nothing.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from codes.models import AuditEntry, CodeVersion, Release
from tests.conftest import shared_file
from tests.curation import FIRST40_TXT, db_snapshot
from tests.https_server import https_server, make_certificates
from tests.ops.servers import free_port
from tests.parsed_files import read_release

UPLOAD = "/admin/codes/release/upload/"
JAN_2025_TXT = "2025_JAN/HCPC2025_JAN_ANWEB_12172024.txt"
NOT_CMS = "not-cms/HCPC2025_JUL_ANWEB_v3_cut_to_4_columns.xlsx"


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    return make_certificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def server(certificates, settings):
    """The test server, trusted through the setting (verification stays on), with short
    timeouts so that the slow cases take a fraction of a second."""
    settings.HCPCS_FETCH_CA_FILE = str(certificates.ca_file)
    settings.HCPCS_FETCH_CONNECT_TIMEOUT = 2
    settings.HCPCS_FETCH_READ_TIMEOUT = 0.5
    settings.HCPCS_FETCH_DEADLINE = 5
    with https_server(certificates) as running:
        yield running


def counts() -> tuple[int, int, int]:
    return Release.objects.count(), CodeVersion.objects.count(), AuditEntry.objects.count()


def by_command(url: str) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("import_hcpcs", url, "--publish", verbosity=0)
    return str(refused.value)


def by_admin(client, url: str) -> str:
    response = client.post(UPLOAD, {"url": url})
    assert response.status_code == 200  # the form again, with the error
    page = response.content.decode()
    assert '<ul class="errorlist">' in page
    return page


# -------------------------------------------------------------------------------------
# A real release by its address


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_import_hcpcs_publishes_a_real_release_from_its_https_address(server, empty_codes):
    path = shared_file(JAN_2025_TXT)
    url = server.serve("/files/zip/HCPC2025_JAN_ANWEB_12172024.txt", body=path.read_bytes())
    call_command("import_hcpcs", url, "--publish", verbosity=0)
    release = Release.objects.get()
    local = read_release(path)
    assert release.status == "published"
    assert (release.label, release.effective_date) == ("2025 January", local.effective_date)
    assert release.source_name == path.name and release.sha256 == local.sha256
    assert release.versions.count() == len({r["code"] for r in local.records})
    assert server.requests == ["/files/zip/HCPC2025_JAN_ANWEB_12172024.txt"]


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_the_admin_stages_a_real_release_from_its_https_address(
    server, curator, as_user, empty_codes
):
    path = shared_file(JAN_2025_TXT)
    url = server.serve("/files/HCPC2025_JAN_ANWEB_12172024.txt", body=path.read_bytes())
    response = as_user(curator).post(UPLOAD, {"url": url})
    release = Release.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/codes/release/{release.pk}/confirm/"
    assert (release.status, release.label, release.source_name) == (
        "draft",
        "2025 January",
        path.name,
    )
    assert release.sha256 == read_release(path).sha256
    assert release.created_by == curator


def test_a_redirect_to_another_https_address_is_followed(server, empty_codes):
    server.serve("/files/latest.txt", body=FIRST40_TXT.read_bytes())  # real, 40 codes
    url = server.serve(
        "/hcpcs/current", status=302, headers={"Location": "/files/latest.txt"}, body=b""
    )
    call_command("import_hcpcs", url, verbosity=0)
    assert Release.objects.get().status == "draft"
    assert server.requests == ["/hcpcs/current", "/files/latest.txt"]


# -------------------------------------------------------------------------------------
# Refusals: each says what and why, and nothing changes


def refusal_cases(server) -> dict[str, tuple[str, str]]:
    """Name -> (address, what the message says)."""
    real = shared_file(JAN_2025_TXT).read_bytes()
    return {
        "not https": (
            server.url("/files/HCPC2025_JAN_ANWEB_12172024.txt").replace("https:", "http:"),
            "a http:// address; only https:// addresses are accepted",
        ),
        "slow server": (
            server.serve("/slow.txt", body=real, delay=2),
            "the server sent nothing for 0.5 s",
        ),
        "too big, declared": (
            server.serve("/big.txt", body=real),
            "the file is 4.8\xa0MB; the largest file this site accepts is 976.6\xa0KB",
        ),
        "too big, streamed": (
            server.serve("/big-no-length.txt", body=real, content_length=False),
            "the file is larger than that; the largest file this site accepts is 976.6\xa0KB",
        ),
        "not a CMS file": (
            server.serve("/cut.xlsx", body=shared_file(NOT_CMS).read_bytes()),
            "this is not a CMS HCPCS release file: the header row lacks 44 of the 48",
        ),
        "404": (server.url("/files/missing.txt"), "the server answered HTTP 404 Not Found"),
        "server error": (
            server.serve("/broken.txt", status=503, body=b"maintenance"),
            "the server answered HTTP 503 Service Unavailable",
        ),
        "connection refused": (
            f"https://127.0.0.1:{free_port()}/hcpcs.txt",
            "127.0.0.1 refused the connection",
        ),
        "drip past the deadline": (
            server.serve("/drip.txt", body=b"x" * 40_000, chunk=1000, drip=0.2),
            "the download took longer than 1 s",
        ),
        "redirect to http": (
            server.serve("/moved", status=301, headers={"Location": "http://127.0.0.1/x.txt"}),
            "(the server redirected to http://127.0.0.1/x.txt); only https:// addresses",
        ),
    }


CASES = [
    "not https",
    "slow server",
    "too big, declared",
    "too big, streamed",
    "not a CMS file",
    "404",
    "server error",
    "connection refused",
    "drip past the deadline",
    "redirect to http",
]


@pytest.fixture
def small_limits(settings):
    settings.HCPCS_MAX_UPLOAD_BYTES = 1_000_000
    settings.HCPCS_FETCH_DEADLINE = 1


@pytest.mark.parametrize("case", CASES)
def test_import_hcpcs_refuses_and_saves_nothing(case, server, small_limits, bundled):
    url, expected = refusal_cases(server)[case]
    before = db_snapshot()
    message = by_command(url)
    assert url in message
    assert expected in message and message.endswith("Nothing was saved.")
    assert db_snapshot() == before


@pytest.mark.parametrize("case", CASES)
def test_the_admin_refuses_and_saves_nothing(case, server, small_limits, curator, as_user, bundled):
    url, expected = refusal_cases(server)[case]
    before = counts()
    page = by_admin(as_user(curator), url)
    assert expected.replace("'", "&#x27;") in page
    assert "Nothing was saved." in page
    assert counts() == before


def test_a_certificate_the_site_does_not_trust_is_refused(server, settings, bundled):
    """Verification is on: without the test's authority the same server is refused."""
    settings.HCPCS_FETCH_CA_FILE = ""
    real = shared_file(JAN_2025_TXT).read_bytes()
    url = server.serve("/files/HCPC2025_JAN_ANWEB_12172024.txt", body=real)
    before = counts()
    message = by_command(url)
    assert "the server's certificate could not be verified" in message
    assert counts() == before
    assert server.requests == []  # refused during the handshake, before asking for the file


def test_the_admin_wants_a_file_or_an_address_not_both(server, curator, as_user, bundled):
    url = server.serve("/x.txt", body=FIRST40_TXT.read_bytes())
    file = SimpleUploadedFile(FIRST40_TXT.name, FIRST40_TXT.read_bytes())
    before = counts()
    page = as_user(curator).post(UPLOAD, {"file": file, "url": url}).content.decode()
    assert "Give either a file or its https address, not both." in page
    assert server.requests == []  # not downloaded
    assert counts() == before
    page = as_user(curator).post(UPLOAD, {}).content.decode()
    assert "This field is required: choose a CMS file, or give its https address." in page


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("www.cms.gov/files/zip/hcpcs.zip", "the address lacks https://"),
        ("ftp://ftp.cms.gov/hcpcs.zip", "a ftp:// address; only https:// addresses"),
        ("https://127.0.0.1:port/hcpcs.zip", "the address&#x27;s port is not a number"),
        ("https:///hcpcs.zip", "the address names no server"),
        ("/files/fichier-é.txt", "the address cannot be requested"),
    ],
)
def test_the_admin_refuses_an_address_it_cannot_request(
    address, expected, server, curator, as_user, bundled
):
    url = server.url(address) if address.startswith("/") else address
    before = counts()
    page = by_admin(as_user(curator), url)
    assert expected in page
    assert counts() == before
    assert server.requests == []
