"""Turn raw field values from any CMS file format into one plain record shape.

The text file gives fixed-width strings, workbooks give cells that may be None, str, int,
float or datetime. Every reader passes its raw values through :func:`build_record`, so a
release read from its text file and from its workbook yields equal records (apart from the
differences CMS itself put into the two files).

A plain record is a dict keyed by every attr in :data:`layout.ATTRS`:

* text fields: ``str``, surrounding whitespace stripped, ``''`` when blank; inner spaces are
  kept (the short description ``'Subseq  psych care man,60mi'`` has two);
* ``code``: the code without the padding modifiers carry (``'   A1'`` -> ``'A1'``);
* ``seqnum``: the 4-digit workbook form (``'0010'``);
* ``recid``: ``'3'`` (procedure) or ``'7'`` (modifier), the first-line record type;
* ``long_description``: every run of whitespace collapsed to one space, because the text
  file wraps it into 80-character chunks and the workbooks re-join it inconsistently;
* date fields: :class:`datetime.date` or ``None``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

from . import layout
from .errors import CmsFileError

Value = str | datetime.date | None

_WHITESPACE = re.compile(r"\s+")
_YYYYMMDD = re.compile(r"\d{8}")
# The March 2018 re-issue wrote five corrected ASC_DT values as YYMMDD ('170401  ', C9488 and
# C9745-C9748, the codes of its corrections list). They are read, with a warning.
_YYMMDD = re.compile(r"\d{6}")
_CENTURY_PIVOT = 80  # YY >= 80 is 19YY: HCPCS dates start in the 1980s
_CODE = re.compile(r"[A-Z0-9]{1,5}")
_RECIDS = frozenset(layout.FIRST_LINE_RECIDS | set(layout.CONTINUATION_OF))

# Columns whose values are zero-padded digit strings in the text file ('00', '0088'). A
# workbook cell that a spreadsheet program turned into a number lost those zeros; padding
# to the column width gives them back so text and workbook agree.
_ZERO_PADDED = frozenset(
    {"price1", "price2", "price3", "price4", "procnote"} | {f"labcert{n}" for n in range(1, 9)}
)


def collapse_whitespace(text: str) -> str:
    """Every run of whitespace as one space, no leading or trailing space."""
    return _WHITESPACE.sub(" ", text).strip()


def cell_text(raw: Any) -> str:
    """The text of one raw value: stripped string, numbers as their digits, '' for blank."""
    if raw.__class__ is str:  # by far the most common case, checked first
        return raw.strip()
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool):  # bool is an int subclass; a TRUE/FALSE cell is no CMS value
        raise ValueError(f"{raw!r} is a true/false cell, not a CMS value")
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, datetime.date):
        raise ValueError(f"a date cell ({raw:%Y-%m-%d}) where text was expected")
    return str(raw).strip()


def parse_date(raw: Any) -> datetime.date | None:
    """A date from 'YYYYMMDD', a number like 19820101, or a spreadsheet date cell."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = cell_text(raw)
    if not text:
        return None
    if _YYMMDD.fullmatch(text):
        century = 1900 if int(text[:2]) >= _CENTURY_PIVOT else 2000
        text = f"{century + int(text[:2])}{text[2:]}"
    if _YYYYMMDD.fullmatch(text):
        try:
            return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            pass
    raise ValueError(f"{cell_text(raw)!r} is not a valid date (expected YYYYMMDD)")


def is_short_date(raw: Any) -> bool:
    """True for a YYMMDD date, which :func:`parse_date` reads but a reader should report."""
    return isinstance(raw, (str, int)) and bool(_YYMMDD.fullmatch(cell_text(raw)))


def _seqnum(raw: Any) -> str:
    """The 4-digit sequence number: workbooks have '0010' (or 10), the text file '00100'.

    The text file's fifth digit numbers the lines of one code's description; the first line
    always has 0 there, so the first four digits are the workbook's value.
    """
    text = cell_text(raw)
    if not text.isdigit() or not text.isascii():
        raise ValueError(f"{text!r} is not a sequence number (expected digits)")
    if len(text) == 5:
        return text[:4]
    if len(text) > 5:
        raise ValueError(f"{text!r} is not a sequence number (expected at most 5 digits)")
    return text.zfill(4)


def _code(raw: Any) -> str:
    text = cell_text(raw)
    if not _CODE.fullmatch(text):
        shown = repr(raw if isinstance(raw, str) else text)
        raise ValueError(f"{shown} is not a HCPCS code or modifier (expected 1-5 letters/digits)")
    return text


def normalise_code(text: str) -> str:
    """A code as someone typed it (``' q 4390'``, ``'lt'``) in the form CMS keys it by
    (``'Q4390'``, ``'LT'``): spaces dropped, letters upper-cased. Whether the result can be
    a code at all is :func:`is_code`."""
    return "".join(text.split()).upper()


def is_code(text: str) -> bool:
    """Whether ``text`` has the shape of a HCPCS code or modifier: 1-5 ASCII letters/digits."""
    return _CODE.fullmatch(text) is not None


def _recid(raw: Any) -> str:
    text = cell_text(raw)
    if text not in _RECIDS:
        raise ValueError(f"{text!r} is not a record id (expected 3, 4, 7 or 8)")
    return text


def _long_description(raw: Any) -> str:
    return collapse_whitespace(cell_text(raw))


def _zero_padded(width: int) -> Callable[[Any], str]:
    def normalise_padded(raw: Any) -> str:
        text = cell_text(raw)
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return text.zfill(width)
        return text

    return normalise_padded


def _normaliser(column: layout.Column) -> Callable[[Any], Value]:
    special = {
        "code": _code,
        "seqnum": _seqnum,
        "recid": _recid,
        "long_description": _long_description,
    }
    if column.kind == "date":
        return parse_date
    if column.attr in _ZERO_PADDED:
        return _zero_padded(column.width)
    return special.get(column.attr, cell_text)


# One function per attr, chosen once: a workbook has 48 cells in each of ~9,000 rows.
_NORMALISERS: dict[str, Callable[[Any], Value]] = {c.attr: _normaliser(c) for c in layout.COLUMNS}


def normalise(attr: str, raw: Any) -> Value:
    """The plain-record value of one field; raises ValueError with a message if it is bad."""
    return _NORMALISERS[attr](raw)


def normalise_field(attr: str, raw: Any, *, file: str, location: str | None) -> Value:
    """:func:`normalise`, with a bad value reported as a CmsFileError naming the field."""
    try:
        return normalise(attr, raw)
    except ValueError as exc:
        header = layout.BY_ATTR[attr].header
        raise CmsFileError(file, str(exc), location=location, field=header) from None


def build_record(
    values: dict[str, Any],
    *,
    file: str,
    location: str | None,
    warnings: list[str] | None = None,
) -> dict[str, Value]:
    """A plain record (all 48 attrs) from the raw values of one code's first line or row.

    ``values`` is keyed by attr; missing attrs count as blank. ``location`` ("line 12",
    "sheet 'A' row 5") goes into any error, with the CMS header of the field at fault.
    Values read leniently (a YYMMDD date) are reported in ``warnings`` when it is given.
    """
    try:
        record = {attr: _NORMALISERS[attr](values.get(attr)) for attr in layout.ATTRS}
    except ValueError:
        # Find the field at fault again, this time through the error-reporting path.
        for attr in layout.ATTRS:
            normalise_field(attr, values.get(attr), file=file, location=location)
        raise
    if warnings is not None:
        warnings.extend(_lenient_notes(values, record, file=file, location=location))
    if record["recid"] not in layout.FIRST_LINE_RECIDS:
        raise CmsFileError(
            file,
            f"record id {record['recid']!r} is a continuation, not the first line of a code",
            location=location,
            field=layout.BY_ATTR["recid"].header,
        )
    return record


def _lenient_notes(
    values: dict[str, Any], record: dict[str, Value], *, file: str, location: str | None
) -> list[str]:
    where = f"{file}, {location}" if location else file
    return [
        f"{where}, field {column.header}: {cell_text(values[column.attr])!r} read as "
        f"{record[column.attr]:%Y-%m-%d} (a YYMMDD date)"
        for column in layout.COLUMNS  # in column order, for a stable message order
        if column.kind == "date" and is_short_date(values.get(column.attr))
    ]
