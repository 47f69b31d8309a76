"""CMS's Table of Drugs and Index: the parser on the real PDFs' text, and refusals."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from codes.drugs import cms_index
from tests.conftest import shared_file


def pdf_text(relative: str) -> str:
    path = shared_file(relative)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        check=True,
    )
    return done.stdout.decode()


def test_table_of_drugs_lines_and_brand_references():
    rows = cms_index.parse(pdf_text("2019_JAN/2019-Table-of-Drugs.pdf"), "tod.pdf")
    by = {(r["term"], r["code"]): r for r in rows}
    assert by[("Abatacept", "J0129")]["detail"] == "10 mg, IV"
    assert by[("Herceptin", "J9355")]["subterm"] == "see Trastuzumab"
    assert by[("Toradol", "J1885")]["subterm"] == "see Ketorolac tromethamine"
    assert all(r["year"] == 2019 for r in rows)


def test_index_terms_sub_terms_ranges_and_wrapped_code_lists():
    rows = cms_index.parse(pdf_text("2019_JAN/2019-HCPCS-Index.pdf"), "index.pdf")
    glucose = {r["code"] for r in rows if (r["term"], r["subterm"]) == ("Blood", "glucose monitor")}
    assert glucose == {"E0607", "E2100", "E2101"}
    boot = {r["code"] for r in rows if r["term"] == "Benesch boot"}
    assert boot == {"L3212", "L3213", "L3214"}
    injections = {r["code"] for r in rows if r["term"].startswith("Injections (see also")}
    assert "J9173" in injections and not any(r["subterm"].startswith("J9") for r in rows)


def test_ranges_expand_and_wide_ranges_keep_their_ends():
    assert cms_index.expand("E0607, E2100-E2102") == ["E0607", "E2100", "E2101", "E2102"]
    assert cms_index.expand("A0000-A9999") == ["A0000", "A9999"]


def test_a_pdf_that_is_neither_is_refused():
    with pytest.raises(cms_index.NotCmsIndexError, match="not CMS's Table of Drugs"):
        cms_index.parse("HCPCS 2019 Record Layout\nHCPC 1-5\n", "layout.pdf")
