"""Comparing two plain CMS records field by field (plain Python, no ORM).

CMS's ACTION CD is not a reliable change log (descriptions change under action "N"), so a
release's changes are found by comparing every field with the record before it.
"""

from __future__ import annotations

import datetime

from codes.cms import layout

ADDED = "added"
CHANGED = "changed"
TERMINATED = "terminated"
REACTIVATED = "reactivated"
REMOVED = "removed"


def as_text(value) -> str:
    """A field value as the CMS xlsx would show it: dates as YYYYMMDD, blank as ''."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%Y%m%d")
    return str(value)


def changed_fields(old: dict, new: dict) -> list[str]:
    """The attributes whose values differ, in CMS column order."""
    return [
        attr for attr in layout.COMPARED_ATTRS if as_text(old.get(attr)) != as_text(new.get(attr))
    ]


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
