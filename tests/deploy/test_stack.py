"""The production-shaped stack, end to end: over TLS through nginx a curator signs in to
the admin and publishes a release; a release published through one app instance is served
by the other on its next request (the shared cache is keyed to the published content)."""

from __future__ import annotations

import re
import secrets
import subprocess

import openpyxl
import pytest

from tests.conftest import DATA
from tests.deploy.conftest import Browser

CODE = "Q4390"
PASSWORD = "stack-" + secrets.token_urlsafe(12)


# The stack loads every bundled release, so a staged variant must be newer than the newest
# (July 2026) to be today's answer once published: the July workbook, dated one quarter on.
NEWEST_XLSX = DATA / "hcpcs" / "2026_JUL" / "hcpcs-2026.xlsx"
STAGED_EFFECTIVE = "2026-10-01"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    """The newest workbook, loaded once, to write variants that change one description."""
    book = openpyxl.load_workbook(NEWEST_XLSX)
    sheet = book.worksheets[0]
    header_row = next(
        row for row in sheet.iter_rows(min_row=1, max_row=30) if any(c.value == "HCPC" for c in row)
    )
    columns = {c.value: c.column for c in header_row}
    target = next(
        row[0].row
        for row in sheet.iter_rows(min_row=header_row[0].row + 1)
        if row[columns["HCPC"] - 1].value == CODE
    )
    folder = tmp_path_factory.mktemp("releases")

    def variant(description: str) -> str:
        sheet.cell(row=target, column=columns["SHORT DESCRIPTION"], value=description)
        path = folder / f"HCPC2026_OCT_ANWEB_{secrets.token_hex(4)}.xlsx"
        book.save(path)
        return str(path)

    return variant


@pytest.fixture(scope="module")
def curator(stack):
    stack.manage(
        "shell",
        "-c",
        (
            "from django.contrib.auth import get_user_model; "
            "User = get_user_model(); User.objects.filter(username='stackadmin').delete(); "
            f"User.objects.create_superuser('stackadmin', 'a@example.org', '{PASSWORD}')"
        ),
    )
    return "stackadmin"


def _stage(stack, path: str, label: str) -> int:
    stack.manage("import_hcpcs", path, "--label", label, "--effective-date", STAGED_EFFECTIVE)
    out = stack.manage(
        "shell",
        "-c",
        f"from codes.models import Release; print(Release.objects.get(label='{label}').pk)",
    )
    return int(out.stdout.strip().splitlines()[-1])


def _short_description(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_admin_sign_in_and_publish_over_tls(stack, curator, workbook):
    https = f"https://localhost:{stack.https_port}"
    browser = Browser(https, cafile=stack.dir / "tls" / "cert.pem")

    plain = subprocess.run(
        [
            "curl",
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code} %{redirect_url}",
            f"http://127.0.0.1:{stack.http_port}/codes/{CODE}/",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert plain.startswith("301 https://")

    page = browser.request(f"/codes/{CODE}/")
    assert page.status == 200
    assert "max-age=300" in page.headers["Strict-Transport-Security"]
    assert page.headers["Cache-Control"] == "public, max-age=300"

    description = f"TLS test {secrets.token_hex(3)}"
    release = _stage(stack, workbook(description), f"TLS {description}")
    browser.sign_in(curator, PASSWORD)
    for cookie in browser.jar:
        if cookie.name in {"sessionid", "csrftoken"}:
            assert cookie.secure, cookie.name
    published = browser.publish(release)
    assert published.status == 302, published.text[:3000]

    after = browser.request(f"/codes/{CODE}/")
    assert description in _short_description(after.text)
    release_page = browser.request(f"/releases/{release}/")
    assert release_page.status == 200


def test_a_release_published_through_one_instance_is_served_by_the_other(stack, curator, workbook):
    origin = f"https://localhost:{stack.https_port}"
    first, second = (
        Browser(f"http://127.0.0.1:{port}", via_proxy_of=origin) for port in stack.app_ports
    )
    before = second.request(f"/codes/{CODE}/")
    assert before.status == 200
    again = second.request(f"/codes/{CODE}/")
    assert again.headers["X-Cache"] == "hit"
    feed_before = second.request("/releases/feed/")
    assert second.request("/releases/feed/").headers["X-Cache"] == "hit"

    description = f"Scale test {secrets.token_hex(3)}"
    release = _stage(stack, workbook(description), f"Scale {description}")
    first.sign_in(curator, PASSWORD)
    published = first.publish(release)
    assert published.status == 302, published.text[:3000]

    served = second.request(f"/codes/{CODE}/")
    assert served.status == 200
    assert description in _short_description(served.text)
    assert served.headers["ETag"] != before.headers["ETag"]
    api = second.request(f"/api/v1/codes/{CODE}/")
    assert description in api.text
    # The Atom feed, cached on the other instance, names the new release on its next request.
    feed = second.request("/releases/feed/")
    assert feed.status == 200 and feed.headers["Content-Type"].startswith("application/atom+xml")
    assert f"Scale {description}" in feed.text and f"Scale {description}" not in feed_before.text


def test_a_billing_export_is_checked_through_the_proxy(stack):
    """The batch check behind nginx: an anonymous visitor's form token, a pasted export with
    billing-system column names, the columns read named on the page."""
    origin = f"https://localhost:{stack.https_port}"
    browser = Browser(origin, cafile=stack.dir / "tls" / "cert.pem")
    token = browser.csrf("/validate/")
    answer = browser.request(
        "/validate/",
        {
            "csrfmiddlewaretoken": token,
            "lines": "Line ID,HCPCS,Date of Service,Modifier 1\nCLM-1,Q4390,2025-11-01,LT\n",
            "default_date": "2026-11-01",
        },
    )
    assert answer.status == 200, answer.text[:2000]
    assert "“Modifier 1” as modifiers" in answer.text
    assert answer.headers["Cache-Control"] == "private, no-store"
