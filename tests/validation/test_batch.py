"""Batch validation on the bundled 2025 releases: the /validate/ page, its downloads, and
POST /api/v1/validate/."""

from __future__ import annotations

import csv
import html
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from codes.models import AuditEntry, CodeVersion, HcpcsCode, Release

LINES = "\n".join(
    [
        "Q4390, 2025-11-01, LT",
        "c9304 2025-05-15",
        "C9304, 2025-08-01",
        "Q4390, 2025-06-30",
        "J2310, 2025-06-30",
        "J2310, 2025-07-01",
        "G0503, 2025-01-01",
        "ZZ999, 2025-01-01",
        "J2310, 2025-13-01",
        '=HYPERLINK("http://x"), 2025-01-01',
        "A0021, 2025-01-01, ZZ",
    ]
)


@pytest.fixture
def post(client, bundled):
    def send(**data):
        return client.post("/validate/", data)

    return send


def test_page_answers_each_line_in_order(post):
    response = post(lines=LINES, default_date="2025-03-01")
    assert response.status_code == 200
    html = response.content.decode()
    assert "11</strong> lines from the pasted lines: <strong>3</strong> valid" in html
    every = html[html.index('id="lines"') :]  # below the lines with a problem
    order = [every.index(f'<td data-label="Line">{n}<') for n in range(1, 12)]
    assert order == sorted(order)
    assert "Last valid day 2025-06-30; replaced by J7172" in html
    assert "Not yet effective; valid from 2025-10-01" in html
    assert "Last valid day 2017-12-31; replaced by 99493 (CPT, not HCPCS Level II)" in html
    assert "“2025-13-01” is not a date" in html
    assert "Modifier ZZ: not a known modifier" not in html  # capfirst applies to the line only
    assert "modifier ZZ: not a known modifier" in html
    assert "=HYPERLINK" in html and '<a href="http://x"' not in html


def test_only_problems_and_downloads_carry_the_lines_back(post):
    first = post(lines=LINES, default_date="2025-03-01").content.decode()
    carried = html.unescape(first.split('name="lines" value="')[1].split('"')[0])
    problems = post(lines=carried, only_problems="on").content.decode()
    assert "Lines with a problem (8)" in problems
    assert '<td data-label="Line">1</td>' not in problems  # Q4390 on 2025-11-01 is valid
    assert '<td data-label="Line">4</td>' in problems  # Q4390 on 2025-06-30 is not yet effective
    response = post(lines=carried, download="csv")
    assert response["Content-Disposition"].startswith('attachment; filename="hcpcs-validation-')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:8] == ["line", "id", "code", "date", "modifiers", "valid", "status", "message"]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, 12)]
    assert rows[3][2:8] == ["C9304", "2025-08-01", "", "no", "terminated", rows[3][7]]
    assert rows[3][8] == "J7172"
    injected = rows[10]
    assert injected[2].startswith("'=HYPERLINK"), "formula neutralised"
    xlsx = post(lines=carried, download="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "line" and len(values) == 12
    assert values[10][2].startswith("'=HYPERLINK")
    assert all(not (isinstance(c, str) and c.startswith("=")) for row in values for c in row)


def test_csv_upload_with_bom_and_semicolons(post):
    data = "\ufeffcode;date of service;modifiers;line id\nQ4390;11/01/2025;LT;a-1\n"
    upload = SimpleUploadedFile("claims.csv", data.encode("utf-8"), content_type="text/csv")
    html = post(file=upload).content.decode()
    assert "1</strong> line from claims.csv" in html and "a-1" in html


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4\x00\x00", "scan.pdf", "scan.pdf is neither a CSV nor an xlsx file"),
        (b"A0021\n" * 10_001, "big.csv", "big.csv has more than 10,000 lines"),
        (b"x" * (5 * 1024 * 1024 + 1), "huge.csv", "the largest batch file accepted is 5.0"),
    ],
)
def test_a_bad_file_is_a_message_and_changes_nothing(post, data, name, message):
    before = (Release.objects.count(), CodeVersion.objects.count(), AuditEntry.objects.count())
    response = post(file=SimpleUploadedFile(name, data))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert before == (
        Release.objects.count(),
        CodeVersion.objects.count(),
        AuditEntry.objects.count(),
    )


def test_nothing_to_check(post):
    response = post(lines="  ")
    assert response.status_code == 400
    assert "Paste some lines or choose a file" in response.content.decode()


def test_the_page_is_a_form_without_javascript(client, bundled):
    html = client.get("/validate/").content.decode()
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    assert 'name="default_date"' in html


def api(client, payload, content_type="application/json"):
    body = json.dumps(payload) if content_type == "application/json" else payload
    return client.post("/api/v1/validate/", body, content_type=content_type)


def test_api_answers_the_documented_shape(client, bundled):
    response = api(
        client,
        {
            "lines": [
                {"code": "q4390 ", "date": "2025-11-01", "modifiers": ["LT"], "id": "claim-7/1"},
                {"code": "C9173", "date": "2025-07-01"},
                {"code": "", "date": "2025-07-01"},
                {"code": "Q4390", "date": "bogus"},
                {"code": "Q4390", "date": "2025-11-01", "modifiers": ["ZZ"]},
            ]
        },
    )
    assert response.status_code == 200
    body = response.json()
    first, replaced, empty, bad_date, bad_mod = body["results"]
    assert first == {
        "id": "claim-7/1",
        "line": 1,
        "code": "Q4390",
        "date": "2025-11-01",
        "valid": True,
        "status": "active",
        "message": "valid",
        "replacements": [],
        "description": "Ascendion, per square centimeter",
        "release": "2025 October",
        "modifiers": [{"code": "LT", "valid": True, "status": "active", "message": "valid"}],
    }
    assert replaced["status"] == "terminated" and replaced["valid"] is False
    assert replaced["replacements"] == [{"code": "Q5148", "in_hcpcs": True}]
    # January 2025's file, in force that day, does not yet say C9173 ends; October's file,
    # whose TERM DT the answer uses, is the one cited.
    assert replaced["release"] == "2025 October"
    assert empty["status"] == "invalid_input" and empty["message"] == "no code"
    assert bad_date["status"] == "invalid_input" and "“bogus” is not a date" in bad_date["message"]
    assert bad_mod["status"] == "active" and bad_mod["valid"] is False
    assert bad_mod["modifiers"][0]["status"] == "unknown"
    assert body["summary"] == {
        "lines": 5,
        "valid": 1,
        "problems": 4,
        "active": 2,
        "not_yet_effective": 0,
        "terminated": 1,
        "unknown": 0,
        "invalid_input": 2,
    }


def test_api_takes_csv(client, bundled):
    response = api(client, "id,code,date\nx1,G0503,2025-01-01\n", content_type="text/csv")
    result = response.json()["results"][0]
    assert result["id"] == "x1"
    assert result["replacements"] == [{"code": "99493", "in_hcpcs": False}]


def test_api_limits_and_bad_requests(client, bundled):
    too_many = api(client, {"lines": [{"code": "A0021", "date": "2025-01-01"}] * 10_001})
    assert too_many.status_code == 413
    assert "at most 10,000" in too_many.json()["detail"]
    assert api(client, {"lines": "A0021"}).status_code == 400
    assert api(client, [1, 2]).status_code == 400
    bad_default = api(client, {"lines": [{"code": "A0021"}], "default_date": "2025-02-30"})
    assert bad_default.status_code == 400 and "default_date" in bad_default.json()["detail"]


def test_ten_thousand_lines_in_a_bounded_number_of_queries(client, bundled):
    codes = list(HcpcsCode.objects.values_list("code", flat=True)[:2500])
    lines = [{"code": c, "date": "2025-07-01", "modifiers": ["LT"]} for c in codes] * 4
    with CaptureQueriesContext(connection) as queries:
        response = api(client, {"lines": lines})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 10_000
    assert 2 <= len(queries) <= 6, [q["sql"][:60] for q in queries]


def test_the_schema_documents_the_endpoint(client, bundled):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    post = schema["paths"]["/api/v1/validate/"]["post"]
    assert "text/csv" in post["requestBody"]["content"]
    example = post["requestBody"]["content"]["application/json"]["examples"]
    assert any("claim-7/1" in json.dumps(e) for e in example.values())
    assert "413" in post["responses"]
