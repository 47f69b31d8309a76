"""National Drug Codes as people type them, read into CMS's 11-digit 5-4-2 form.

An NDC is printed on the package as ten digits in one of three shapes (labeler-product-
package): 4-4-2, 5-3-2 or 5-4-1. Billing uses eleven digits, 5-4-2, made by putting a zero in
front of the short segment. With hyphens (or spaces) the shape says where the zero goes;
ten bare digits could be any of the three, so all three are tried.

Claims carry the NDC in the billing form after the qualifier ``N4`` and, after it, the unit
of measure and quantity (``N400006302602 UN1``: the shaded line of the CMS-1500's item 24,
or the 837's LIN and CTP segments pasted together); units are UN, ML, GR, F2 or ME.
"""

from __future__ import annotations

import re

_SEPARATED = re.compile(r"(\d{4,5})[-\s](\d{3,4})[-\s](\d{1,2})")
_BARE = re.compile(r"\d{10,11}")
_LABEL = re.compile(r"^(?:ndc|n\.d\.c\.)\s*(?:no\.?|number|#|:)?\s*", re.IGNORECASE)
# The claim form's qualifier before the NDC (N4, perhaps with the 837's '*' separators)
# and its unit and quantity after it ('UN1', 'ML 2.5', '*UN*1').
_CLAIM_QUALIFIER = re.compile(r"^[*\s]*N4[*\s]*(?=\d)", re.IGNORECASE)
_CLAIM_UNITS = re.compile(r"(?<=\d)[*\s]*(?:UN|ML|GR|F2|ME)[*\s]*\d+(?:\.\d+)?[*~\s]*$", re.I)
# What may be an NDC: digits, with hyphens or spaces between groups, 10 or 11 digits.
_LOOKS = re.compile(r"\d[\d\s-]{8,14}\d")
# The shapes of a hyphenated NDC, and where the missing zero goes in each.
_SHAPES = {(5, 4, 2): (0, 0, 0), (4, 4, 2): (1, 0, 0), (5, 3, 2): (0, 1, 0), (5, 4, 1): (0, 0, 1)}


def formatted(ndc11: str) -> str:
    """'00006302602' -> '00006-3026-02'."""
    return f"{ndc11[:5]}-{ndc11[5:9]}-{ndc11[9:]}"


def _without_label(text: str) -> str:
    """'NDC: 0006-3026-02' -> '0006-3026-02', as labels print it; 'N400006302602 UN1' ->
    '00006302602', as claims carry it."""
    text = _LABEL.sub("", text.strip())
    if _CLAIM_QUALIFIER.match(text):
        text = _CLAIM_UNITS.sub("", _CLAIM_QUALIFIER.sub("", text)).strip()
    return text


def looks_like_ndc(text: str) -> bool:
    """Whether the text is meant as an NDC (so "not found" should say so)."""
    text = _without_label(text)
    digits = re.sub(r"[\s-]", "", text)
    return bool(_LOOKS.fullmatch(text)) and len(digits) in (10, 11) and digits.isdigit()


def candidates(text: str) -> list[str]:
    """The 11-digit NDCs (5-4-2, hyphenated) the text can stand for, most likely first;
    empty when it is not an NDC."""
    text = _without_label(text)
    if match := _SEPARATED.fullmatch(text):
        parts = match.groups()
        pads = _SHAPES.get(tuple(len(part) for part in parts))
        if pads is None:
            return []
        full = [("0" * pad) + part for pad, part in zip(pads, parts, strict=True)]
        return [formatted("".join(full))]
    if _BARE.fullmatch(text):
        if len(text) == 11:
            return [formatted(text)]
        # Ten bare digits: 4-4-2, then 5-3-2, then 5-4-1.
        return [
            formatted("0" + text),
            formatted(text[:5] + "0" + text[5:]),
            formatted(text[:9] + "0" + text[9:]),
        ]
    return []


def normalise_cms(value: str) -> str | None:
    """An NDC as the crosswalk writes it (5-4-2 with hyphens), or None when malformed."""
    value = value.strip()
    if re.fullmatch(r"\d{5}-\d{4}-\d{2}", value):
        return value
    if re.fullmatch(r"\d{11}", value):
        return formatted(value)
    return None
