"""Regenerate fields.json, tables.json and processing_notes.json from CMS source files.

CMS ships a record layout (``HCPC<year>_recordlayout.txt``) and processing notes
(``proc_notes_*.txt``) with every annual HCPCS release. The site's field help text and code
tables come from them, so when CMS ships a new layout, rebuild the data with (from the
project root)::

    python -m codes.cms.reference.build LAYOUT_TXT PROC_NOTES_TXT

then review the diff of the JSON files. Options: ``--out DIR`` writes elsewhere than this
package; ``--check`` writes nothing and exits 1 if the committed JSON differs from what the
sources produce. The script needs only the standard library (no Django). Should the package's
JSON be missing or broken, ``python -m`` fails while importing the package; run the file
directly instead (``python codes/cms/reference/build.py LAYOUT_TXT PROC_NOTES_TXT``).

Known defects of the CMS text are fixed here, so that a rebuild re-applies them and the fixes
stay visible in one place (and per table under ``"fixes"`` in tables.json):

* BETOS: the 2025 layout lists ``01L`` (digit zero); the data uses ``O1L`` (letter O).
* Pricing indicators: "e.G." (an artifact of CMS's title-casing) becomes "e.g."; indicator
  40 (lymphedema compression, effective 2024) is added if a layout predates it.
* Field definitions: "Prodecure" -> "Procedure", "Below" -> "below", "1St" -> "1st".
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent
FILENAMES = ("fields.json", "tables.json", "processing_notes.json")


def _numbered(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{n}" for n in range(1, count + 1))


# Layout field name -> (xlsx headers in column order, code table key). Matched by name rather
# than by item number so that a layout that renumbers its items still builds. The filler
# items, the code redefinition group and the modifier item (folded into HCPC) have no column.
FIELD_SPECS: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("Healthcare Common Procedure Coding System Code", ("HCPC",), None),
    ("HCPCS Sequence Number", ("SEQNUM",), None),
    ("HCPCS Record Identification Code", ("RECID",), "record_id"),
    ("HCPCS Long Description", ("LONG DESCRIPTION",), None),
    ("HCPCS Short Description", ("SHORT DESCRIPTION",), None),
    ("HCPCS Pricing Indicator Code", _numbered("PRICE", 4), "pricing_indicator"),
    ("HCPCS Multiple Pricing Indicator Code", ("MULT_PI",), "multiple_pricing_indicator"),
    ("HCPCS Coverage Issues Manual Reference Section Number", _numbered("CIM", 3), None),
    ("HCPCS Medicare Carriers Manual Reference Section Number", _numbered("MCM", 3), None),
    ("HCPCS Statute Number", ("STATUTE",), None),
    ("HCPCS Lab Certification Code", _numbered("LABCERT", 8), "lab_certification"),
    ("HCPCS Cross Reference Code", _numbered("XREF", 5), None),
    ("HCPCS Coverage Code", ("COV",), "coverage"),
    ("HCPCS ASC Payment Group Code", ("ASC_GRP",), None),
    ("HCPCS ASC Payment Group Effective Date", ("ASC_DT",), None),
    ("HCPCS MOG Payment Group Code", ("OPPS",), "opps_payment_group"),
    ("HCPCS MOG Payment Policy Indicator", ("OPPS_PI",), "opps_payment_indicator"),
    ("HCPCS MOG Effective Date", ("OPPS_DT",), None),
    ("HCPCS Processing Note Number", ("PROCNOTE",), None),
    ("HCPCS Berenson-Eggers Type Of Service Code", ("BETOS",), "betos"),
    ("HCPCS Type Of Service Code", _numbered("TOS", 5), "type_of_service"),
    ("HCPCS Anesthesia Base Unit Quantity", ("ANEST_BU",), None),
    ("HCPCS Code Added Date", ("ADD DT",), None),
    ("HCPCS Action Effective Date", ("ACT EFF DT",), None),
    ("HCPCS Termination Date", ("TERM DT",), None),
    ("HCPCS Action Code", ("ACTION CD",), "action"),
)
MODIFIER_FIELD = "HCPCS Modifier Code"

# Table key -> title, in the order tables.json lists them.
TABLE_TITLES: dict[str, str] = {
    "pricing_indicator": "Pricing Indicator Codes",
    "multiple_pricing_indicator": "Multiple Pricing Indicator Codes",
    "lab_certification": "Lab Certification Codes",
    "coverage": "Coverage Codes",
    "opps_payment_group": "Medicare Outpatient Groups (MOG) Payment Group Codes",
    "opps_payment_indicator": "MOG Payment Policy Indicators",
    "betos": "Berenson-Eggers Type of Service (BETOS) Codes",
    "type_of_service": "CMS Type of Service Codes",
    "action": "Action Codes",
    "record_id": "Record Identification Codes",
}

# Pricing indicator 40 as the 2025 layout words it; added only to layouts that predate it,
# because the data carries it from 2024 on.
PRICING_40 = "Lymphedema Compression Treatment Items (eff 1/1/2024)"

# Typos and title-casing artifacts in the definitions: (wrong, right).
DEFINITION_FIXES: tuple[tuple[str, str], ...] = (
    ("Prodecure", "Procedure"),
    ("as described Below", "as described below"),
    ("1St digit", "1st digit"),
)

_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"}
)

_ITEM_RE = re.compile(r"^ {1,4}(\d+)\.\s+(\S.*?)(?:\s{2,}(?:CHAR|NUM|GRP))?$")
_POSITIONS_RE = re.compile(r"^\s+\d+(?:\s+\d+){2}(?:\s+[A-Z]+)?$")
_DROP_RE = re.compile(
    r"^(?:(?:DB2|SAS|STANDARD|TITLE|SYSTEM)\s+ALIAS\s*:|LENGTH\s*:|SIGNED\s*:|SOURCE\s*:"
    r"|REDEFINE\s*:|OCCURS\s+MIN\b)"
)
_CODE_TABLE_RE = re.compile(r"^CODE TABLE\s*:\s*(\S+)")
_CODE_RE = re.compile(r"^([A-Za-z0-9]{1,3})\s*=\s*(\S.*)$")
_APPENDIX_TABLE_RE = re.compile(r"^ {0,2}([A-Z0-9_]+_TB)\s{2,}(\S.*)$")
_NOTE_RE = re.compile(r"^\s*(\d{4})--\s*(.*)$")


# ---------------------------------------------------------------------------------------------
# Reading


def read_lines(path: str | Path) -> list[str]:
    """The file's lines with tabs expanded and trailing blanks removed.

    CMS indents with a mix of tabs and spaces; with 8-column tab stops the tabbed lines line
    up with the spaced ones, which the block parsing below relies on. The files are ASCII,
    cp1252 only guards against a stray Windows byte.
    """
    text = Path(path).read_bytes().decode("cp1252", errors="replace")
    return [line.expandtabs(8).rstrip() for line in text.splitlines()]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _squash(text: str) -> str:
    """Collapse runs of whitespace: reflowed text keeps no layout spacing."""
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------------------------------
# Code tables


@dataclass
class CodeTable:
    codes: dict[str, str] = field(default_factory=dict)
    groups: dict[str, list[str]] = field(default_factory=dict)


def parse_codes(lines: list[str]) -> CodeTable:
    """Parse ``CODE = description`` lines with their continuation and heading lines.

    A non-code line indented deeper than the code line above continues its description;
    one that is not (at the codes' own indent) is a group heading such as "Clinical Lab Fee
    Schedule". Consecutive heading lines (the pricing table splits headings over two
    underlined lines) form one heading. Sub-codes (lab certification 110 under 100) are
    simply further codes.
    """
    table = CodeTable()
    parts: dict[str, list[str]] = {}
    current: str | None = None
    current_indent = 0
    heading: str | None = None
    heading_open = False  # the previous text line was a heading line
    for line in lines:
        text = line.strip()
        if not text:
            current, heading_open = None, False
            continue
        if set(text) == {"-"}:  # underline of a heading
            continue
        match = _CODE_RE.match(text)
        if match:
            current, current_indent = match.group(1), _indent(line)
            if current in parts:
                raise ValueError(f"code {current!r} listed twice")
            parts[current] = [match.group(2)]
            if heading is not None:
                table.groups[heading].append(current)
            heading_open = False
        elif current is not None and _indent(line) > current_indent:
            parts[current].append(text)
        elif heading_open and heading is not None:
            merged = f"{heading} {text}"
            table.groups[merged] = table.groups.pop(heading)
            heading = merged
        else:
            heading, heading_open, current = text, True, None
            table.groups[heading] = []
    table.codes = {code: _squash(" ".join(words)) for code, words in parts.items()}
    # A heading with no codes under it is stray text, not a group.
    table.groups = {name: codes for name, codes in table.groups.items() if codes}
    return table


# ---------------------------------------------------------------------------------------------
# Layout items


@dataclass
class Item:
    number: int
    name: str
    paragraphs: list[str] = field(default_factory=list)
    codes: CodeTable | None = None
    code_table_ref: str | None = None


def _render_paragraph(lines: list[str]) -> str:
    """Reflow one paragraph's lines into prose.

    A short capitalised first line without punctuation, followed by more text, is a heading
    ("Level I", "Level II"): it becomes "Level I: ...". Lines starting with ">" are list
    items and keep their own line.
    """
    if not lines:
        return ""
    prefix = ""
    words = lines[0].split()
    if (
        len(lines) > 1
        and len(words) <= 3
        and all(word[0].isupper() for word in words)
        and lines[0][-1].isalnum()
    ):
        prefix, lines = f"{lines[0]}: ", lines[1:]
    chunks: list[list[str]] = [[]]
    for line in lines:
        if line.startswith(">") and chunks[-1]:
            chunks.append([])
        chunks[-1].append(line)
    rendered = []
    for chunk in chunks:
        text = _squash(" ".join(chunk))
        rendered.append("- " + text[1:].strip() if text.startswith(">") else text)
    return prefix + "\n".join(rendered)


def _render_comments(lines: list[str]) -> str:
    """The MOG "COMMENTS" block is a list of short statements, one or two lines each.

    A line starting in lower case, or following a line that ends with ":", continues the
    statement before it; the statements are joined with "; ".
    """
    statements: list[str] = []
    for line in lines:
        if statements and (line[:1].islower() or statements[-1].endswith(":")):
            statements[-1] += " " + line
        else:
            statements.append(line)
    return "Comments: " + "; ".join(_squash(s) for s in statements) + "."


def _in_codes_block(line: str, base: int) -> bool:
    """Whether a line still belongs to the "CODES :" block whose label is indented ``base``.

    The block runs until text comes back to (or left of) the label; a code line always
    belongs to it, because the 2018-2019 layouts print coverage code "D" far to the left.
    """
    text = line.strip()
    return not text or _indent(line) > base or _CODE_RE.match(text) is not None


def parse_item_body(item: Item, lines: list[str]) -> None:
    """Split an item's lines into definition paragraphs, a code table and a table reference.

    Dropped: the alias, length, signed, source, redefine and occurs lines (database
    plumbing). The "CODES :" block goes to the item's code table; "EDIT RULES" and
    "COMMENTS" blocks are kept as short paragraphs because they say what values mean.
    """
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            item.paragraphs.append(_render_paragraph(paragraph))
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.strip()
        i += 1
        if not text or _DROP_RE.match(text):
            flush()
        elif (ref := _CODE_TABLE_RE.match(text)) is not None:
            flush()
            item.code_table_ref = ref.group(1)
        elif re.match(r"^CODES\s*:", text):
            flush()
            base, block = _indent(line), []
            while i < len(lines) and _in_codes_block(lines[i], base):
                block.append(lines[i])
                i += 1
            item.codes = parse_codes(block)
        elif re.match(r"^EDIT RULES\s*:", text):
            flush()
            base, rules = _indent(line), []
            while i < len(lines) and lines[i].strip() and _indent(lines[i]) > base:
                rules.append(_squash(lines[i]))
                i += 1
            if rules:
                item.paragraphs.append("Edit rules: " + "; ".join(rules) + ".")
        elif re.match(r"^COMMENTS\s*:", text):
            flush()
            comments = []
            while i < len(lines) and lines[i].strip():
                comments.append(lines[i].strip())
                i += 1
            if comments:
                item.paragraphs.append(_render_comments(comments))
        elif re.fullmatch(r"\**\s*NOTE:\s*\**", text):
            # "**** NOTE: ****" on its own line heads the paragraph that follows it.
            flush()
            paragraph.append("NOTE:")
        elif paragraph == ["NOTE:"]:
            paragraph[0] = "NOTE: " + text
        else:
            paragraph.append(text)
    flush()


def parse_layout(lines: list[str]) -> tuple[list[Item], dict[str, tuple[str, CodeTable]]]:
    """The numbered items of a record layout, and the appendix tables by name.

    Returns ``(items, appendix)`` where appendix maps e.g. "BETOS_TB" to (its printed title,
    its codes). The items end at the row of asterisks that precedes the appendix.
    """
    items: list[Item] = []
    bodies: list[list[str]] = []
    appendix_at = next(
        (n for n, line in enumerate(lines) if "TABLE OF CODES APPENDIX" in line), len(lines)
    )
    for line in lines[:appendix_at]:
        if re.fullmatch(r"\s*\*{10,}", line):
            break  # the row of asterisks after the last item
        match = _ITEM_RE.match(line)
        if match:
            items.append(Item(int(match.group(1)), _squash(match.group(2))))
            bodies.append([])
        elif items and not (not bodies[-1] and _POSITIONS_RE.match(line)):
            # (skipping the "length beg end type" line under the item name)
            bodies[-1].append(line)
    for item, body in zip(items, bodies, strict=True):
        parse_item_body(item, body)

    # Appendix: "BETOS_TB   BETOS Table" heads each table's code lines.
    blocks: dict[str, tuple[str, list[str]]] = {}
    block: list[str] | None = None
    for line in lines[appendix_at + 1 :]:
        match = _APPENDIX_TABLE_RE.match(line)
        if match:
            block = []
            blocks[match.group(1)] = (_squash(match.group(2)), block)
        elif block is not None:
            block.append(line)
    appendix = {name: (title, parse_codes(block)) for name, (title, block) in blocks.items()}
    return items, appendix


# ---------------------------------------------------------------------------------------------
# fields.json and tables.json


def _label(name: str) -> str:
    """Layout field name -> readable Title Case label without the leading "HCPCS "."""
    words = re.sub(r"^HCPCS\s+", "", name).split()
    out = []
    for n, word in enumerate(words):
        if word.isupper():
            out.append(word)  # acronyms: ASC, MOG
        elif n and word.lower() in _SMALL_WORDS:
            out.append(word.lower())
        else:
            out.append(word[0].upper() + word[1:])
    return " ".join(out)


def _definition(paragraphs: list[str]) -> str:
    # Some CMS definitions are bare phrases ("Code to identify record type"): end them with a
    # period so that every definition reads as prose.
    paragraphs = [p + "." if p[-1:].isalnum() or p[-1:] == ")" else p for p in paragraphs if p]
    text = "\n\n".join(paragraphs)
    for wrong, right in DEFINITION_FIXES:
        text = text.replace(wrong, right)
    return text


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.])(?:\s|$)", text, re.S)
    return _squash(match.group(1) if match else text)


def build_fields(items: list[Item]) -> dict[str, dict]:
    """One entry per xlsx column, in CMS column order."""
    by_name = {item.name.lower(): item for item in items}
    fields: dict[str, dict] = {}
    for name, headers, table in FIELD_SPECS:
        item = by_name.get(name.lower())
        if item is None:
            raise ValueError(f"layout has no item named {name!r}")
        paragraphs = list(item.paragraphs)
        if headers == ("HCPC",):
            # HCPC holds modifiers too (right-justified, RECID 7): say so briefly.
            modifier = by_name.get(MODIFIER_FIELD.lower())
            if modifier is None or not modifier.paragraphs:
                raise ValueError(f"layout has no item named {MODIFIER_FIELD!r}")
            paragraphs.append(_first_sentence(modifier.paragraphs[0]))
        definition = _definition(paragraphs)
        if not definition:
            raise ValueError(f"layout item {name!r} has no definition")
        label = _label(name)
        for n, header in enumerate(headers, start=1):
            fields[header] = {
                "label": f"{label} #{n}" if len(headers) > 1 else label,
                "definition": definition,
                "table": table,
            }
    return fields


def _fix_betos(codes: dict[str, str], groups: dict[str, list[str]]) -> list[str]:
    if "01L" not in codes:
        return []
    if "O1L" in codes:
        del codes["01L"]
        return ["Dropped '01L' (digit zero), a duplicate of 'O1L' (letter O)."]
    # Rebuild to keep the layout's order with the key renamed in place.
    fixed = {("O1L" if code == "01L" else code): text for code, text in codes.items()}
    codes.clear()
    codes.update(fixed)
    return [
        "Stored '01L' (digit zero, as the 2025 layout prints it) under 'O1L' (letter O): "
        "the data uses 'O1L', like the other O1x codes, and the 2026 layout fixes it."
    ]


def _fix_pricing(codes: dict[str, str], groups: dict[str, list[str]]) -> list[str]:
    fixes = []
    touched = [code for code, text in codes.items() if "e.G." in text]
    for code in touched:
        codes[code] = codes[code].replace("e.G.", "e.g.")
    if touched:
        fixes.append(
            f"'e.G.' (a title-casing artifact) written 'e.g.' in codes {', '.join(touched)}."
        )
    if "40" not in codes:
        fixed = {}
        for code, text in codes.items():
            if code > "40" and "40" not in fixed:
                fixed["40"] = PRICING_40
            fixed[code] = text
        fixed.setdefault("40", PRICING_40)
        codes.clear()
        codes.update(fixed)
        for members in groups.values():
            if "39" in members:  # 40 belongs with the other DMEPOS indicators
                members.insert(members.index("39") + 1, "40")
        fixes.append(
            "Code 40 is missing from this layout; added with the 2025 layout's wording "
            "because the data uses it from 2024 on."
        )
    return fixes


TABLE_FIXES = {"betos": _fix_betos, "pricing_indicator": _fix_pricing}


def build_tables(items: list[Item], appendix: dict[str, tuple[str, CodeTable]]) -> dict:
    """Every code table, keyed by the names in TABLE_TITLES, with the fixes applied."""
    by_name = {item.name.lower(): item for item in items}
    tables: dict[str, dict] = {}
    for name, headers, key in FIELD_SPECS:
        if key is None:
            continue
        item = by_name[name.lower()]
        if item.codes is not None:
            source = item.codes
        elif item.code_table_ref in appendix:
            source = appendix[item.code_table_ref][1]
        else:
            raise ValueError(f"no code table found for layout item {name!r}")
        if not source.codes:
            raise ValueError(f"code table for layout item {name!r} is empty")
        codes = dict(source.codes)
        groups = {heading: list(members) for heading, members in source.groups.items()}
        fixes = TABLE_FIXES[key](codes, groups) if key in TABLE_FIXES else []
        tables[key] = {
            "title": TABLE_TITLES[key],
            "field_headers": list(headers),
            "codes": codes,
            "groups": groups,
            "fixes": fixes,
        }
    return {key: tables[key] for key in TABLE_TITLES}


# ---------------------------------------------------------------------------------------------
# processing_notes.json


def parse_processing_notes(lines: list[str]) -> dict[str, str]:
    """Note number ("0002") -> text, from a proc_notes file.

    Each note starts with "NNNN--" and runs until the next note; wrapped lines are joined.
    The right-hand border of "*" characters (absent on some lines, followed by stray blanks
    on others) is stripped. Text before the first note is the title and is skipped.
    """
    notes: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        text = re.sub(r"[\s*]+$", "", line).strip()
        match = _NOTE_RE.match(text)
        if match:
            number = match.group(1)
            if number in notes:
                raise ValueError(f"processing note {number} appears twice")
            current = notes[number] = [match.group(2)]
        elif text and current is not None:
            current.append(text)
    if not notes:
        raise ValueError("no processing notes found")
    return {number: _squash(" ".join(parts)) for number, parts in sorted(notes.items())}


# ---------------------------------------------------------------------------------------------
# Entry points


def build(layout_path: str | Path, notes_path: str | Path) -> dict[str, dict]:
    """File name -> data for the three JSON files."""
    items, appendix = parse_layout(read_lines(layout_path))
    return {
        "fields.json": build_fields(items),
        "tables.json": build_tables(items, appendix),
        "processing_notes.json": parse_processing_notes(read_lines(notes_path)),
    }


def dumps(data: dict) -> str:
    """The exact text committed: stable key order, readable, UTF-8, trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("layout", help="CMS record layout, e.g. HCPC2025_recordlayout.txt")
    parser.add_argument("proc_notes", help="CMS processing notes, e.g. proc_notes_JAN2025.txt")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the JSON is out of date"
    )
    args = parser.parse_args(argv)
    stale = []
    if not args.check:
        args.out.mkdir(parents=True, exist_ok=True)
    for name, data in build(args.layout, args.proc_notes).items():
        path = args.out / name
        text = dumps(data)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    if args.check:
        for name in stale:
            print(f"{args.out / name} is out of date", file=sys.stderr)
        return 1 if stale else 0
    print(f"updated: {', '.join(stale)}" if stale else "already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
