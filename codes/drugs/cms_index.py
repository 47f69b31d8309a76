"""CMS's Table of Drugs and Alpha-Numeric Index, read from the text of their PDFs.

CMS published both with the annual HCPCS release until 2019. ``pdftotext -layout`` (poppler)
turns each PDF into text that keeps its columns; this module reads that text (plain
Python), and ``manage.py extract_cms_index`` runs it once over the PDFs and writes
``data/cms_index.json`` with its provenance, which the site loads: the running site never
needs poppler.

- Table of Drugs: ``Abatacept   10 mg   IV   J0129`` (name, unit, route, codes) and
  ``Herceptin, see Trastuzumab`` (a brand pointing to the generic's line).
- Index: a term at the margin (``Blood``), its sub-terms indented below it
  (`` glucose monitor, E0607, E2100, E2101``), codes and ranges (``L3212-L3214``) after the
  last comma. Page headers, footers and letter headings are skipped; a line without codes
  under a term is a wrapped sub-term and joins the next one.
"""

from __future__ import annotations

import re

TABLE_OF_DRUGS = "drugs"
INDEX = "index"
# A range wider than this is kept as its two ends: it names a section, not a product.
MAX_RANGE = 100

_CODE = r"[A-Z]\d{4}"
_CODES = re.compile(
    rf"(?:,\s*|\s)({_CODE}(?:\s*-\s*{_CODE})?(?:\s*,\s*{_CODE}(?:\s*-\s*{_CODE})?)*)\s*$"
)
_DRUG_LINE = re.compile(
    rf"^(?P<name>\S.*?)\s{{2,}}(?P<unit>\S.*?)(?:\s{{2,}}(?P<route>[A-Z][A-Z, ]*?))?\s{{2,}}"
    rf"(?P<codes>{_CODE}(?:\s*[-,]\s*{_CODE})*)\s*$"
)
_SEE = re.compile(r"^(?P<brand>\S.*?),?\s+see\s+(?P<generic>\S.*?)\s*$", re.IGNORECASE)
_HEADER = re.compile(
    r"^\s*(\d{4}\s+HCPCS\s+(Alpha-Numeric\s+)?Index|HCPCS\s+\d{4}\s+Index|\d{4}\s+Table of Drugs)"
    r"\b.*$|^\s*\d+\s*$|^\s*[A-Z]\s*$",
    re.IGNORECASE,
)


class NotCmsIndexError(ValueError):
    """The text is neither CMS's Table of Drugs nor its Alpha-Numeric Index."""


def kind_of(text: str, name: str) -> tuple[str, int]:
    """(TABLE_OF_DRUGS or INDEX, edition year), from the title on the first page."""
    head = text[:3000]
    if match := re.search(r"(\d{4})\s+Table of Drugs", head, re.IGNORECASE):
        return TABLE_OF_DRUGS, int(match[1])
    if match := re.search(r"(\d{4})\s+HCPCS\s+(?:Alpha-Numeric\s+)?Index", head, re.IGNORECASE):
        return INDEX, int(match[1])
    if match := re.search(r"HCPCS\s+(\d{4})\s+Index", head, re.IGNORECASE):
        return INDEX, int(match[1])
    raise NotCmsIndexError(
        f"{name}: not CMS's Table of Drugs or HCPCS Alpha-Numeric Index (no such title on its "
        "first page)"
    )


def expand(codes: str) -> list[str]:
    """'E0607, E2100-E2102' -> ['E0607', 'E2100', 'E2101', 'E2102']."""
    found: list[str] = []
    for part in re.split(r"\s*,\s*", codes.strip()):
        if "-" not in part:
            found.append(part)
            continue
        first, last = (p.strip() for p in part.split("-", 1))
        low, high = int(first[1:]), int(last[1:])
        if first[0] != last[0] or high < low or high - low > MAX_RANGE:
            found += [first, last]
        else:
            found += [f"{first[0]}{n:04d}" for n in range(low, high + 1)]
    return found


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.replace("\f", "\n").splitlines()]


def parse_table_of_drugs(text: str, year: int) -> list[dict]:
    """One row per (name, code); brands take the codes of the generic they point to."""
    rows: list[dict] = []
    by_name: dict[str, list[dict]] = {}
    see: list[tuple[str, str]] = []
    started = False
    for line in _lines(text):
        if not line.strip() or _HEADER.match(line):
            continue
        if match := _DRUG_LINE.match(line):
            started = True
            name = " ".join(match["name"].split())
            if not name[0].isalnum() or name[0].islower():
                continue  # the wrapped end of the line above ("(Kovaltry)"), not a name
            detail = " ".join(match["unit"].split())
            if match["route"]:
                detail += f", {' '.join(match['route'].split())}"
            for code in expand(match["codes"]):
                row = {"source": TABLE_OF_DRUGS, "year": year, "term": name, "subterm": ""}
                row |= {"detail": detail, "code": code}
                rows.append(row)
                by_name.setdefault(name.lower(), []).append(row)
        elif started and (match := _SEE.match(line.strip())):
            see.append((" ".join(match["brand"].split()), " ".join(match["generic"].split())))
    for brand, generic in see:
        targets = by_name.get(generic.lower()) or [
            row
            for key, group in by_name.items()
            if key.startswith(generic.lower())
            for row in group
        ]
        for target in targets:
            rows.append(
                {
                    "source": TABLE_OF_DRUGS,
                    "year": year,
                    "term": brand,
                    "subterm": f"see {generic}",
                    "detail": target["detail"],
                    "code": target["code"],
                }
            )
    return rows


def _joined(lines: list[str]) -> list[str]:
    """Lines with a code list that wraps (ends with a comma) joined to their next line."""
    out: list[str] = []
    carry = ""
    for line in lines:
        if carry and not line.strip():
            continue
        if carry and _HEADER.match(line):
            continue
        line = f"{carry} {line.strip()}" if carry else line
        carry = ""
        if line.rstrip().endswith(",") and re.search(rf"{_CODE}\s*,\s*$", line):
            carry = line.rstrip()
            continue
        out.append(line)
    if carry:
        out.append(carry)
    return out


def parse_index(text: str, year: int) -> list[dict]:
    """One row per (term, sub-term, code)."""
    rows: list[dict] = []
    term = ""
    pending = ""
    started = False
    for line in _joined(_lines(text)):
        if not line.strip() or _HEADER.match(line):
            continue
        indented = line[:1].isspace()
        content = " ".join(line.split())
        match = _CODES.search(content)
        label = content[: match.start()].rstrip(" ,") if match else content
        if not indented:
            if not started and not match:
                continue  # the preamble before the first entry
            started = True
            term, pending = label, ""
            subterm = ""
        else:
            if not started:
                continue
            if not match:
                pending = f"{pending} {label}".strip()
                continue
            subterm = f"{pending} {label}".strip()
            pending = ""
        if match:
            for code in expand(match[1]):
                rows.append(
                    {
                        "source": INDEX,
                        "year": year,
                        "term": term,
                        "subterm": subterm,
                        "detail": "",
                        "code": code,
                    }
                )
    return rows


def parse(text: str, name: str) -> list[dict]:
    kind, year = kind_of(text, name)
    return parse_table_of_drugs(text, year) if kind == TABLE_OF_DRUGS else parse_index(text, year)


def newest_only(rows: list[dict]) -> list[dict]:
    """Each (source, term, sub-term, code) once, from the newest edition that has it."""
    best: dict[tuple, dict] = {}
    for row in sorted(rows, key=lambda r: r["year"]):
        best[(row["source"], row["term"].lower(), row["subterm"].lower(), row["code"])] = row
    return sorted(
        best.values(), key=lambda r: (r["source"], r["term"].lower(), r["subterm"], r["code"])
    )
