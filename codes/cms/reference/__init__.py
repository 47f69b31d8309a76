"""CMS's own definitions of the HCPCS record: field help text, code tables, processing notes.

The data is committed JSON generated from the CMS record layout and processing notes by
``build.py`` (see its docstring to regenerate it). It is loaded once, at import, with plain
``json`` so that readers, exports and scripts can use it without Django.

``FIELDS``: xlsx column header -> {"label", "definition", "table"}, in CMS column order.
``TABLES``: table name (e.g. "pricing_indicator") -> {"title", "field_headers", "codes",
"groups", "fixes"}; ``codes`` maps each code exactly as it appears in the data ("00", "O1L")
to its CMS description. A value missing from a table is not an error to drop: CMS data can
run ahead of its layout, so callers keep such values and flag them.
``PROCESSING_NOTES``: 4-digit note number ("0002") -> note text, as CMS writes it.
"""

from __future__ import annotations

import json
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _load(name: str) -> dict:
    with open(_HERE / name, encoding="utf-8") as f:
        return json.load(f)


FIELDS: dict[str, dict] = _load("fields.json")
TABLES: dict[str, dict] = _load("tables.json")
PROCESSING_NOTES: dict[str, str] = _load("processing_notes.json")


def definition(header: str) -> str:
    """The CMS definition of an xlsx column (e.g. "PRICE1"); KeyError if unknown."""
    return FIELDS[header]["definition"]


def label(header: str) -> str:
    """The readable CMS name of an xlsx column, e.g. "Pricing Indicator Code #1"."""
    return FIELDS[header]["label"]


__all__ = ["FIELDS", "PROCESSING_NOTES", "TABLES", "definition", "label"]
