"""Bounded JSON and text at the boundary: deep nesting, NUL and other control characters in
any parameter, field or cell answer 400 (an OperationOutcome on FHIR) or are dropped, never
a 500; the xlsx download never fails on a cell."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from hcpcs_site import json_input

pytestmark = pytest.mark.usefixtures("bundled")

SYSTEM = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
DEEP = b"[" * 100_000 + b"]" * 100_000
FHIR_POSTS = ["/fhir/CodeSystem/$validate-code", "/fhir/CodeSystem/$batch-validate-code"]


def _outcome(response, status: int) -> str:
    assert response.status_code == status, response.content[:300]
    body = json.loads(response.content)
    assert body["resourceType"] == "OperationOutcome"
    return body["issue"][0]["diagnostics"]


def test_deep_nesting_is_a_400_on_the_api(client):
    answer = client.post("/api/v1/validate/", DEEP, content_type="application/json")
    assert answer.status_code == 400
    assert "nested more than" in answer.json()["detail"]


@pytest.mark.parametrize("url", FHIR_POSTS)
def test_deep_nesting_is_an_operation_outcome_on_fhir(client, url):
    answer = client.post(url, DEEP, content_type="application/fhir+json")
    assert "nested more than" in _outcome(answer, 400)


def test_nesting_just_past_the_limit_is_refused_and_within_it_read():
    assert json_input.parse("[" * 32 + "]" * 32, max_bytes=1000) is not None
    with pytest.raises(json_input.JsonInputError, match="nested more than 32"):
        json_input.parse("[" * 33 + "]" * 33, max_bytes=1000)


def test_a_body_over_the_limit_is_a_413():
    with pytest.raises(json_input.JsonInputError) as caught:
        json_input.parse(b"[" + b"1," * 600 + b"1]", max_bytes=1000)
    assert caught.value.status == 413


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b"])
def test_a_control_character_in_a_json_field_is_a_400_naming_it(client, char):
    body = {"lines": [{"code": "Q4390", "date": "2025-11-01", "id": f"a{char}b"}]}
    answer = client.post("/api/v1/validate/", body, content_type="application/json")
    assert answer.status_code == 400
    assert "lines[0].id holds a control character" in answer.json()["detail"]


@pytest.mark.parametrize("operation", ["$lookup", "$validate-code"])
def test_nul_in_a_fhir_code_is_an_operation_outcome(client, operation):
    """On PostgreSQL the NUL reached the query and answered 500."""
    answer = client.get(f"/fhir/CodeSystem/{operation}", {"system": SYSTEM, "code": "Q43\x0090"})
    assert "control character" in _outcome(answer, 400)
    body = {
        "resourceType": "Parameters",
        "parameter": [
            {"name": "system", "valueUri": SYSTEM},
            {"name": "code", "valueCode": "Q43\x0090"},
        ],
    }
    answer = client.post(
        f"/fhir/CodeSystem/{operation}", json.dumps(body), content_type="application/fhir+json"
    )
    assert "control character" in _outcome(answer, 400)


@pytest.mark.parametrize(
    "url", ["/codes/?q=Q43%0090", "/codes/Q43%0090/", "/api/v1/codes/?q=%00", "/sections/%00/"]
)
def test_nul_in_an_address_or_query_is_never_a_server_error(client, url):
    """Pages and the API drop control characters from a search (and may go straight to the
    code found), or find nothing at such an address; none reaches the database."""
    assert client.get(url).status_code in (200, 302, 400, 404)


@pytest.mark.parametrize("char", ["\x01", "\x0b", "\x1b"])
def test_the_xlsx_download_never_fails_on_a_control_character(client, char):
    answer = client.post(
        "/validate/",
        {"lines": f"Q4390, 2025-11-01, , line{char}7", "download": "xlsx"},
    )
    assert answer.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == "line7" and rows[1][2] == "Q4390"


def test_nul_in_pasted_lines_is_a_form_error(client):
    answer = client.post("/validate/", {"lines": "Q4390, 2025-11-01, , a\x00b"})
    assert answer.status_code == 400
    assert "Null characters are not allowed" in answer.content.decode()


def test_control_characters_in_an_uploaded_cell_are_dropped(client):
    upload = io.BytesIO(b"code,date,id\nQ4390,2025-11-01,a\x01b\x1bc\n")
    upload.name = "lines.csv"
    answer = client.post("/validate/", {"file": upload, "download": "csv"})
    assert answer.status_code == 200
    assert "abc" in answer.content.decode() and "\x01" not in answer.content.decode()
