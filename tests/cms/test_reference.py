"""The committed CMS reference data: real facts from the 2025 record layout and notes.

Plain pytest, no Django. The rebuild test reads the CMS source files the JSON was built
from, committed under codes/cms/reference/source/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from codes.cms import layout, reference
from codes.cms.reference import build

SOURCE_DIR = Path(reference.__file__).resolve().parent / "source"
LAYOUT_2025 = SOURCE_DIR / "HCPC2025_recordlayout.txt"
PROC_NOTES_2025 = SOURCE_DIR / "proc_notes_JAN2025.txt"

CMS_COLUMN_ORDER = [
    "HCPC",
    "SEQNUM",
    "RECID",
    "LONG DESCRIPTION",
    "SHORT DESCRIPTION",
    "PRICE1",
    "PRICE2",
    "PRICE3",
    "PRICE4",
    "MULT_PI",
    "CIM1",
    "CIM2",
    "CIM3",
    "MCM1",
    "MCM2",
    "MCM3",
    "STATUTE",
    "LABCERT1",
    "LABCERT2",
    "LABCERT3",
    "LABCERT4",
    "LABCERT5",
    "LABCERT6",
    "LABCERT7",
    "LABCERT8",
    "XREF1",
    "XREF2",
    "XREF3",
    "XREF4",
    "XREF5",
    "COV",
    "ASC_GRP",
    "ASC_DT",
    "OPPS",
    "OPPS_PI",
    "OPPS_DT",
    "PROCNOTE",
    "BETOS",
    "TOS1",
    "TOS2",
    "TOS3",
    "TOS4",
    "TOS5",
    "ANEST_BU",
    "ADD DT",
    "ACT EFF DT",
    "TERM DT",
    "ACTION CD",
]


def test_fields_are_the_48_cms_columns_in_order():
    assert list(reference.FIELDS) == CMS_COLUMN_ORDER
    assert len(reference.FIELDS) == 48
    # The record layout module the readers use agrees.
    assert list(reference.FIELDS) == list(layout.HEADERS)


def test_every_field_has_label_definition_and_a_real_table():
    for header, entry in reference.FIELDS.items():
        assert set(entry) == {"label", "definition", "table"}, header
        assert entry["label"] and entry["definition"], header
        assert entry["table"] is None or entry["table"] in reference.TABLES, header
        # Database plumbing and code lists stay out of the help text.
        for noise in ("ALIAS", "LENGTH", "SIGNED", "REDEFINE", "CODES"):
            assert noise not in entry["definition"], (header, noise)
        assert not re.search(r"(^|\s)[A-Za-z0-9]{1,3} = ", entry["definition"]), header


def test_labels_and_definitions():
    assert reference.label("PRICE2") == "Pricing Indicator Code #2"
    assert reference.label("BETOS") == "Berenson-Eggers Type of Service Code"
    assert reference.label("COV") == "Coverage Code"
    assert "pricing" in reference.definition("PRICE1")
    # Numbered columns share one definition.
    assert reference.definition("PRICE1") == reference.definition("PRICE4")
    assert reference.definition("TOS1") == reference.definition("TOS5")


def test_hcpc_definition_fixes_typo_and_mentions_modifiers():
    text = reference.definition("HCPC")
    assert text.startswith("The Healthcare Common Procedure Coding System (HCPCS) is")
    assert "Prodecure" not in text
    assert "\n\nNOTE: CPT-4 codes" in text
    assert text.endswith("not changed in its definition or code.")
    assert "A modifier provides the means" in text.split("\n\n")[-1]


def test_table_names_and_fields():
    assert list(reference.TABLES) == [
        "pricing_indicator",
        "multiple_pricing_indicator",
        "lab_certification",
        "coverage",
        "opps_payment_group",
        "opps_payment_indicator",
        "betos",
        "type_of_service",
        "action",
        "record_id",
    ]
    for name, table in reference.TABLES.items():
        assert table["codes"], name
        for header in table["field_headers"]:
            assert reference.FIELDS[header]["table"] == name
    assert reference.TABLES["pricing_indicator"]["field_headers"] == [
        "PRICE1",
        "PRICE2",
        "PRICE3",
        "PRICE4",
    ]


def test_pricing_indicator():
    codes = reference.TABLES["pricing_indicator"]["codes"]
    assert codes["51"] == "Drugs"
    assert codes["11"] == "Price established using national rvu's"
    assert codes["00"].startswith("Service not separately priced by part B (e.g., services")
    assert codes["40"] == "Lymphedema Compression Treatment Items (eff 1/1/2024)"
    assert len(codes) == 26
    groups = reference.TABLES["pricing_indicator"]["groups"]
    assert groups["Clinical Lab Fee Schedule"] == ["21", "22"]


def test_betos_uses_letter_o():
    table = reference.TABLES["betos"]
    assert table["codes"]["O1L"].startswith("Lymphedema Compression")
    assert "01L" not in table["codes"]
    assert any("O1L" in fix for fix in table["fixes"])
    assert table["codes"]["M3"] == "Emergency room visit"


def test_small_tables():
    assert reference.TABLES["coverage"]["codes"]["C"] == "Carrier judgment"
    assert set(reference.TABLES["coverage"]["codes"]) == {"C", "D", "I", "M", "S"}
    action = reference.TABLES["action"]["codes"]
    assert set(action) == {"A", "B", "C", "D", "F", "N", "P", "R", "S", "T"}
    assert action["N"] == "No maintenance for this code"
    assert set(reference.TABLES["record_id"]["codes"]) == {"3", "4", "7", "8"}
    lab = reference.TABLES["lab_certification"]["codes"]
    assert lab["100"] == "Microbiology" and lab["110"] == "Bacteriology"
    assert reference.TABLES["type_of_service"]["codes"]["R"] == "Rental of DME"
    assert reference.TABLES["opps_payment_group"]["codes"]["000"] == "No MOG applies"
    assert reference.TABLES["opps_payment_indicator"]["codes"]["9"] == (
        "ASC payment not applicable"
    )


def test_processing_notes():
    notes = reference.PROCESSING_NOTES
    assert "82585" in notes["0002"]
    assert notes["0002"] == (
        "THESE CODES (82585, 82595) PERTAIN TO PERFORMING THE ANALYSIS FOR THE ANALYTE AS "
        "OPPOSED TO ADMINISTRATION OF THE ANALYTE."
    )
    assert list(notes) == [f"{n:04d}" for n in range(1, 235)]
    assert not any(text.endswith("*") or "  " in text for text in notes.values())


def test_parse_codes_handles_continuations_headings_and_subcodes():
    table = build.parse_codes(
        [
            "   Heading One",
            "   -----------",
            "   Heading Continued",
            "   -----------------",
            "   11 = First line",
            "        wrapped",
            "   12 = Second",
            "        110 = Sub-code",
        ]
    )
    assert table.codes == {"11": "First line wrapped", "12": "Second", "110": "Sub-code"}
    assert table.groups == {"Heading One Heading Continued": ["11", "12", "110"]}


def test_parse_processing_notes_strips_border_and_reflows():
    notes = build.parse_processing_notes(
        [
            "            PROCESSING NOTES",
            "  0001--FIRST LINE OF THE NOTE   *",
            "        SECOND LINE.             *",
            "                                 *",
            "\t  0002--ONE LINE.\t\t   * ",
        ]
    )
    assert notes == {"0001": "FIRST LINE OF THE NOTE SECOND LINE.", "0002": "ONE LINE."}


@pytest.mark.skipif(not LAYOUT_2025.exists(), reason="CMS source files not available")
def test_build_reproduces_committed_json():
    built = build.build(LAYOUT_2025, PROC_NOTES_2025)
    assert set(built) == set(build.FILENAMES)
    for name, data in built.items():
        committed = (Path(reference.__file__).parent / name).read_text(encoding="utf-8")
        assert build.dumps(data) == committed, f"{name} is out of date: rerun build.py"
