"""Word-level redlines of descriptions: strike and insert only the words that changed.

A description that gains nine words at its end reads as nine inserted words, not as a
struck-out paragraph and a new one. Other fields are short codes and keep before/after.
"""

from __future__ import annotations

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TEXT_ATTRS = frozenset({"long_description", "short_description"})
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes, with the common start and end taken off first: a description that
    gains words at its end is compared in a few steps, not word by word against every word."""
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    ops = [("equal", 0, start, 0, start)] if start else []
    middle = difflib.SequenceMatcher(
        None, a[start : len(a) - end], b[start : len(b) - end], autojunk=False
    )
    for op, i1, i2, j1, j2 in middle.get_opcodes():
        ops.append((op, i1 + start, i2 + start, j1 + start, j2 + start))
    if end:
        ops.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    return ops


def redline(old: str, new: str) -> SafeString:
    """HTML of ``new`` with the words removed from ``old`` in <del> and the added ones in
    <ins>; every piece of text is escaped."""
    a, b = _tokens(old), _tokens(new)
    out = []
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - each piece is escaped above


def changed_words(old: str, new: str) -> tuple[int, int]:
    """(words removed, words added), e.g. for a summary."""
    a, b = _tokens(old), _tokens(new)
    removed = added = 0
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if op in ("delete", "replace"):
            removed += sum(1 for t in a[i1:i2] if not t.isspace())
        if op in ("insert", "replace"):
            added += sum(1 for t in b[j1:j2] if not t.isspace())
    return removed, added


def field_redline(attr: str, old: str, new: str) -> SafeString | None:
    """The redline of a description that changed from one text to another; None for other
    fields and for a description added or blanked (before/after says that better)."""
    if attr in TEXT_ATTRS and old and new:
        return redline(old, new)
    return None
