"""Comparing two plain CMS records field by field (plain Python, no ORM).

CMS's ACTION CD is not a reliable change log (descriptions change under action "N"), so a
release's changes are found by comparing every field with the record before it.
"""

from __future__ import annotations

import datetime
import operator

from codes.cms import layout

ADDED = "added"
CHANGED = "changed"
TERMINATED = "terminated"
REACTIVATED = "reactivated"
REMOVED = "removed"


def as_text(value) -> str:
    """A field value as the CMS xlsx would show it: dates as YYYYMMDD, blank as ''."""
    if value.__class__ is str:  # nearly every value
        return value
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%Y%m%d")
    return str(value)


_compared = operator.itemgetter(*layout.COMPARED_ATTRS)


def changed_fields(old: dict, new: dict) -> list[str]:
    """The attributes whose values differ, in CMS column order."""
    # Most records of a release are the ones before them: whole records compared at once
    # first. A record's values are text, dates or None (records.Value), for which equal
    # values are of one class and read the same.
    try:
        if _compared(old) == _compared(new):
            return []
    except KeyError:  # a record without every column: compared one field at a time
        pass
    return [attr for attr in layout.COMPARED_ATTRS if _differ(old.get(attr), new.get(attr))]


def _differ(old, new) -> bool:
    # Nearly every value of a release is the one before it: equal values of one type need
    # no formatting (a release compares some 450,000 values with the state before it).
    if old.__class__ is new.__class__ and old == new:
        return False
    return as_text(old) != as_text(new)


def classify(old: dict | None, new: dict, *, old_listed: bool = True) -> tuple[str | None, list]:
    """The kind of change from ``old`` to ``new`` and the fields that changed.

    Returns (None, []) when nothing changed. A code that comes back to the file after it left
    it, or whose termination date is cleared, is reactivated; a newly set termination date
    makes it terminated; anything else is changed.
    """
    if old is None:
        return ADDED, []
    fields = changed_fields(old, new)
    if not old_listed:
        return REACTIVATED, fields
    if not fields:
        return None, []
    if "term_dt" in fields:
        if new.get("term_dt") and not old.get("term_dt"):
            return TERMINATED, fields
        if old.get("term_dt") and not new.get("term_dt"):
            return REACTIVATED, fields
    return CHANGED, fields


def format_disagreements(
    used: str, records: list[dict], other: str, other_records: list[dict], *, sample: int = 5
) -> list[str]:
    """Where two files of one release (CMS's text file and its workbook) disagree, field by
    field: one sentence per field, naming a few codes. CMS's January 2025 workbook, for one,
    cuts G0503's long description that the text file has whole."""
    theirs = {r["code"]: r for r in other_records}
    differ: dict[str, list[str]] = {}
    for record in records:
        twin = theirs.get(record["code"])
        if twin is not None:
            for attr in changed_fields(twin, record):
                differ.setdefault(attr, []).append(record["code"])
    missing = len({r["code"] for r in records} ^ set(theirs))
    notes = [
        f"{used} and {other} disagree on {layout.BY_ATTR[attr].header} for {len(codes)} "
        f"code{'s' if len(codes) != 1 else ''} ({', '.join(codes[:sample])}"
        f"{' ...' if len(codes) > sample else ''}); the values of {used} were used."
        for attr, codes in differ.items()
    ]
    if missing:
        notes.append(f"{used} and {other} do not list the same codes ({missing} differ).")
    return notes
