"""One upload holding both formats of a release: the text file is used, and where the two
disagree is said, field by field."""

from __future__ import annotations

import pytest

from codes.cms import compare
from codes.cms.readers import read_release
from tests.conftest import shared_file


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_the_cms_january_2025_zip_warns_where_text_and_workbook_disagree():
    parsed = read_release(shared_file("2025_JAN/hcpcs-2025.zip"))
    assert parsed.format == "zip:txt"
    notes = [w for w in parsed.warnings if " disagree on " in w]
    assert any("disagree on LONG DESCRIPTION for 1 code (G0503)" in w for w in notes)
    assert any("disagree on TOS4 for 2 codes (E0210, E0776)" in w for w in notes)
    assert any("disagree on ACT EFF DT for 116 codes (A0130," in w for w in notes)
    g0503 = parsed.by_code()["G0503"]["long_description"]
    assert g0503.endswith("prepared for discharge from active treatment")


def test_format_disagreements_names_fields_codes_and_missing_codes():
    left = [{"code": "A0001", "cov": "C"}, {"code": "A0002", "cov": "D"}]
    right = [{"code": "A0001", "cov": "S"}, {"code": "A0003", "cov": "D"}]
    notes = compare.format_disagreements("a.txt", left, "a.xlsx", right)
    assert notes == [
        "a.txt and a.xlsx disagree on COV for 1 code (A0001); the values of a.txt were used.",
        "a.txt and a.xlsx do not list the same codes (2 differ).",
    ]
    assert compare.format_disagreements("a.txt", left, "a.xlsx", left) == []
