"""An oracle for the site's dated answers, written apart from the importer and the timeline.

It reads CMS's bundled workbooks itself (openpyxl, xlrd; nothing from ``codes.cms`` or
``codes.timeline``), keeps only the columns a dated answer rests on (HCPC, RECID, ADD DT,
ACT EFF DT, TERM DT, ACTION CD, LONG DESCRIPTION), and applies the reading documented in
``codes/timeline/reading.py`` a second time, from the text of that docstring:

- a record says the code is valid from its ADD DT to its TERM DT (no end when blank);
- the releases' records, in effective-date order, form lives: a record starts a new life when
  the current one has ended and its ADD DT is after that end (reuse), or its ACTION CD is R
  with an ACT EFF DT after that end (reactivation, from ACT EFF DT);
- otherwise the later file wins: its TERM DT is the life's end and its ADD DT the life's start
  (except in a reactivated life, whose start is its ACT EFF DT);
- a file that leaves out a code whose life has no end ends it the day before the file's
  effective date, until a later file lists it again with dates that continue it;
- a day's status: active inside a life, not yet effective before the first, terminated after
  a life's end outside any later one, unknown for a code no file lists;
- the record cited: among the statements of the life the answer is about whose own ADD DT and
  TERM DT say the same status, the latest effective on or before the day, else the earliest
  after it, else the life's last statement.

The parsed workbooks are cached in a pickle under the temporary directory, keyed by the files'
SHA-256 and the reading functions' source, as reading twelve workbooks takes over a minute.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import inspect
import pickle
import random
import re
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "hcpcs"
FIRST_RELEASE = datetime.date(2017, 1, 1)
ONE_DAY = datetime.timedelta(days=1)
MONTHS = {"JAN": 1, "APR": 4, "JUL": 7, "OCT": 10}
FOLDER = re.compile(r"(\d{4})_(JAN|APR|JUL|OCT)")
COLUMNS = ("HCPC", "RECID", "ADD DT", "ACT EFF DT", "TERM DT", "ACTION CD", "LONG DESCRIPTION")
FIRST_LINES = {"3", "7"}  # RECID of a procedure's and a modifier's record (4, 8: continuation)
MODIFIER = "7"

ACTIVE = "active"
NOT_YET = "not_yet_effective"
TERMINATED = "terminated"
UNKNOWN = "unknown"


# ---------------------------------------------------------------------------------------
# Reading CMS's workbooks


@dataclass(frozen=True)
class Row:
    """What one file says of one code."""

    code: str
    recid: str
    add: datetime.date | None
    act: datetime.date | None
    term: datetime.date | None
    action: str
    description: str

    def plain_status(self, day: datetime.date) -> str:
        """The status its own ADD DT and TERM DT give ``day``."""
        if self.term and day > self.term:
            return TERMINATED
        if self.add and day < self.add:
            return NOT_YET
        return ACTIVE


@dataclass(frozen=True)
class File:
    """One bundled CMS release: its folder gives the effective date (2020_APR: 2020-04-01)."""

    path: Path
    day: datetime.date

    @property
    def name(self) -> str:
        return f"{calendar.month_name[self.day.month]} {self.day.year} ({self.path.name})"


def bundled_files() -> list[File]:
    files = []
    for path in sorted(BUNDLED.glob("*/*")):
        match = FOLDER.fullmatch(path.parent.name)
        assert match, f"{path.parent.name}: not a YEAR_MON folder"
        files.append(File(path, datetime.date(int(match[1]), MONTHS[match[2]], 1)))
    return sorted(files, key=lambda f: f.day)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _day(value, where: str) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    if not re.fullmatch(r"\d{8}", text):
        raise ValueError(f"{where}: {value!r} is not a YYYYMMDD date")
    return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))


def _sheet_rows(path: Path) -> Iterable[tuple]:
    if path.suffix.lower() == ".xls":
        import xlrd

        sheet = xlrd.open_workbook(str(path)).sheet_by_index(0)
        for index in range(sheet.nrows):
            yield tuple(sheet.row_values(index))
        return
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        yield from book.worksheets[0].iter_rows(values_only=True)
    finally:
        book.close()


def read_workbook(path: Path) -> dict[str, Row]:
    """{code: row} of a CMS workbook; the header row is the one naming HCPC and ADD DT."""
    columns = None
    rows: dict[str, Row] = {}
    for number, cells in enumerate(_sheet_rows(path), start=1):
        if columns is None:
            names = [_text(c).upper() for c in cells]
            if "HCPC" in names and "ADD DT" in names:
                columns = {name: names.index(name) for name in COLUMNS}
            continue
        values = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        code = "".join(_text(values["HCPC"]).split()).upper()
        recid = _text(values["RECID"])
        if not code or recid not in FIRST_LINES:
            continue  # blank rows, and the stray continuation row of G0503 (2019-2020)
        where = f"{path.name} row {number} ({code})"
        assert code not in rows, f"{where}: listed twice"
        rows[code] = Row(
            code=code,
            recid=recid,
            add=_day(values["ADD DT"], where),
            act=_day(values["ACT EFF DT"], where),
            term=_day(values["TERM DT"], where),
            action=_text(values["ACTION CD"]).upper(),
            description=" ".join(_text(values["LONG DESCRIPTION"]).split()),
        )
    assert columns is not None, f"{path}: no header row naming HCPC and ADD DT"
    return rows


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_bundled(files: list[File]) -> list[dict[str, Row]]:
    """Every file's rows, from the pickle cache when the files and this module are unchanged."""
    key = hashlib.sha256()
    for reader in (Row, _text, _day, _sheet_rows, read_workbook):
        key.update(inspect.getsource(reader).encode())
    for path in (f.path for f in files):
        key.update(_sha256(path).encode())
    cache = Path(tempfile.gettempdir()) / f"hcpcs-oracle-{key.hexdigest()[:20]}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())  # noqa: S301 (our own file, just written)
    with ProcessPoolExecutor(2, mp_context=get_context("fork")) as pool:
        parsed = list(pool.map(read_workbook, [f.path for f in files]))
    partial = cache.with_suffix(f".{random.random():.8f}.tmp")
    partial.write_bytes(pickle.dumps(parsed))
    partial.replace(cache)
    return parsed


# ---------------------------------------------------------------------------------------
# The reading


@dataclass
class Life:
    start: datetime.date | None
    end: datetime.date | None
    how: str  # "first", "reused" (a new ADD DT) or "reactivated" (ACTION CD R)
    statements: list[tuple[File, Row]] = field(default_factory=list)
    left_in: File | None = None  # the file whose leaving the code out ended it

    def covers(self, day: datetime.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def __str__(self) -> str:
        end = f"{self.end}" + (f" (left out of {self.left_in.name})" if self.left_in else "")
        return f"{self.start or '-'} to {end if self.end else 'open'} [{self.how}]"


@dataclass
class Expected:
    """What the oracle expects of one (code, day), and why."""

    code: str
    day: datetime.date
    status: str
    cited: File | None
    cited_row: Row | None
    reasoning: str

    @property
    def valid(self) -> bool:
        return self.status == ACTIVE


@dataclass
class CodeHistory:
    code: str
    statements: list[tuple[File, Row | None]]  # from its first file on; None: left out
    lives: list[Life]

    @property
    def rows(self) -> list[Row]:
        return [row for _, row in self.statements if row is not None]


def read_lives(statements: list[tuple[File, Row | None]]) -> list[Life]:
    lives: list[Life] = []
    for file, row in statements:
        life = lives[-1] if lives else None
        if row is None:
            if life is not None and life.end is None:
                life.end, life.left_in = file.day - ONE_DAY, file
            continue
        if life is None:
            lives.append(Life(row.add, row.term, "first", [(file, row)]))
        elif life.end is not None and row.add is not None and row.add > life.end:
            lives.append(Life(row.add, row.term, "reused", [(file, row)]))
        elif (
            life.end is not None
            and row.action == "R"
            and row.act is not None
            and row.act > life.end
        ):
            lives.append(Life(row.act, row.term, "reactivated", [(file, row)]))
        else:
            # The later file wins.
            if life.how != "reactivated":
                life.start = row.add
            life.end, life.left_in = row.term, None
            life.statements.append((file, row))
    return lives


class Oracle:
    """CMS's bundled files read again, and what the reading expects of any (code, day)."""

    def __init__(self, files: list[File] | None = None):
        self.files = files or bundled_files()
        self.rows = read_bundled(self.files)
        self.by_day = {f.day: i for i, f in enumerate(self.files)}
        codes = sorted({code for rows in self.rows for code in rows})
        self.histories: dict[str, CodeHistory] = {}
        for code in codes:
            first = next(i for i, rows in enumerate(self.rows) if code in rows)
            statements = [
                (self.files[i], self.rows[i].get(code)) for i in range(first, len(self.files))
            ]
            self.histories[code] = CodeHistory(code, statements, read_lives(statements))

    @property
    def codes(self) -> list[str]:
        return list(self.histories)

    def lists(self, day: datetime.date, code: str) -> bool:
        """Whether the file effective on ``day`` lists ``code``."""
        return code in self.rows[self.by_day[day]]

    def expect(self, code: str, day: datetime.date) -> Expected:
        history = self.histories.get(code)
        if history is None:
            return Expected(code, day, UNKNOWN, None, None, "no bundled file lists it")
        lives = history.lives
        about = next((life for life in lives if life.covers(day)), None)
        if about is not None:
            status = ACTIVE
        elif lives[0].start is not None and day < lives[0].start:
            status, about = NOT_YET, lives[0]
        else:
            status = TERMINATED
            about = [life for life in lives if life.end is not None and life.end < day][-1]
        agree = [(f, r) for f, r in about.statements if r.plain_status(day) == status]
        before = [(f, r) for f, r in agree if f.day <= day]
        if before:
            cited, why = before[-1], "latest agreeing file on or before the day"
        elif agree:
            cited, why = agree[0], "earliest agreeing file after the day"
        else:
            cited, why = about.statements[-1], "no file's dates agree: the life's last"
        reasoning = (
            f"lives {'; '.join(str(life) for life in lives)}; {status} on {day} (life "
            f"{lives.index(about) + 1}); cites {cited[0].name}: {why} (ADD DT "
            f"{cited[1].add}, ACT EFF DT {cited[1].act}, TERM DT {cited[1].term}, ACTION CD "
            f"{cited[1].action or '-'})"
        )
        return Expected(code, day, status, cited[0], cited[1], reasoning)

    # -- the (code, day) pairs to ask the site ------------------------------------------------

    def pairs(self, *, seed: int = 21, per_category: int = 2500) -> dict[tuple, set[str]]:
        """{(code, day): the categories it stands for}, the same for the same seed."""
        rng = random.Random(seed)
        out: dict[tuple, set[str]] = {}

        def add(code: str, day: datetime.date, category: str) -> None:
            out.setdefault((code, day), set()).add(category)

        codes = self.codes
        release_days = [f.day for f in self.files]

        def some(population: list, count: int = per_category) -> list:
            return rng.sample(population, min(count, len(population)))

        def between(low: datetime.date, high: datetime.date) -> datetime.date:
            return low + datetime.timedelta(days=rng.randrange((high - low).days + 1))

        for code in some(codes):
            row = rng.choice(self.histories[code].rows)
            if row.add:
                add(code, row.add - ONE_DAY, "before ADD DT")
                earlier = between(row.add - datetime.timedelta(days=1500), row.add - ONE_DAY)
                add(code, earlier, "before ADD DT")
        for code in some(codes):
            add(code, rng.choice(self.histories[code].rows).add, "on ADD DT")
        terminated = [c for c in codes if any(r.term for r in self.histories[c].rows)]
        for code in some(terminated):
            term = rng.choice([r.term for r in self.histories[code].rows if r.term])
            add(code, term, "on TERM DT")
        for code in some(terminated):
            term = rng.choice([r.term for r in self.histories[code].rows if r.term])
            add(code, term + ONE_DAY, "day after TERM DT")
        for code in some(codes):
            index = rng.randrange(len(release_days) - 1)
            low, high = release_days[index] + ONE_DAY, release_days[index + 1] - ONE_DAY
            add(code, between(low, high), "between releases")
        for code in some(codes, per_category // 2):
            add(code, rng.choice(release_days), "on a release's date")
            add(code, rng.choice(release_days) - ONE_DAY, "on a release's date")
        for code in some(codes):
            add(code, between(datetime.date(1985, 1, 1), FIRST_RELEASE - ONE_DAY), "before 2017")
        for code in some(codes, per_category // 2):
            add(code, between(release_days[-1], datetime.date(2028, 12, 31)), "after July 2026")

        def every_edge(code: str, category: str, extra: int = 6) -> None:
            history = self.histories[code]
            for row in history.rows:
                for day in (row.add, row.act, row.term):
                    if day:
                        for near in (day - ONE_DAY, day, day + ONE_DAY):
                            add(code, near, category)
            for life in history.lives:
                for day in (life.start, life.end):
                    if day:
                        for near in (day - ONE_DAY, day, day + ONE_DAY):
                            add(code, near, category)
            for file, _ in history.statements:
                add(code, file.day - ONE_DAY, category)
                add(code, file.day, category)
            for _ in range(extra):
                add(code, between(datetime.date(1990, 1, 1), datetime.date(2028, 12, 31)), category)

        latest = self.rows[-1]
        for code in codes:
            history = self.histories[code]
            if code not in latest:
                every_edge(code, "only in old releases")
            if len(history.lives) > 1:
                every_edge(code, "reused or reactivated", 40)
            if any(len({r.add for _, r in life.statements}) > 1 for life in history.lives):
                every_edge(code, "ADD DT moved", 20)
            if any(row is None for _, row in history.statements):
                every_edge(code, "left a file")
        modifiers = [c for c in codes if self.histories[c].rows[0].recid == MODIFIER]
        for code in some(modifiers, per_category // 20):
            every_edge(code, "modifiers", 2)
        for code in NAMED:
            if code in self.histories:
                every_edge(code, "named in the issue", 30)
        letters = "ABCDEGHJKLMPQRSTV"
        unknown = set()
        while len(unknown) < per_category // 10:
            code = rng.choice(letters) + f"{rng.randrange(10_000):04d}"
            if rng.random() < 0.1:
                code = rng.choice(letters) + rng.choice(letters + "0123456789")
            if code not in self.histories:
                unknown.add(code)
        for code in sorted(unknown):
            add(code, between(datetime.date(2000, 1, 1), datetime.date(2027, 12, 31)), "unknown")
        return out


# Codes the issue names, whose dates are each a case of the reading.
NAMED = (
    "J1440",  # reused: 1994-2013, and again from 2023-07-01
    "J0570",  # TERM DT 2024-12-31 in JAN 2025, reactivated (R) from 2025-10-01 in OCT 2025
    "DA",  # a modifier the January 2019 file leaves out
    "G9976",  # left out from 2019 on with no TERM DT
    "G9977",
    "G0681",  # ADD DT moved from 2026-04-01 back to 2026-01-01 by July 2026
    "G0682",
    "G0683",
    "G0684",
    "G9890",
    "C9058",
    "C9309",  # lived one quarter
    "C9292",  # only in old releases
    "Q0090",
    "C1204",
    "G8556",
    "AC",  # the modifier July 2026 adds
    "G0577",  # added 2026-07-01
    "J3365",  # TERM DT 2025-12-31
    "C9145",  # TERM DT 2026-03-31
    "G0503",  # terminated 2017-12-31, still in every file
    "Q4390",
)
