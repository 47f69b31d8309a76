"""Each CMS file read once: what the reader made of a file, kept for the tests that import it.

Reading a whole CMS workbook takes about two seconds (openpyxl parses some 450,000 cells) and
the import tests read the same few real files dozens of times, through the import command,
the admin's upload form and the services. The reader's answer depends only on the file's
bytes, the name it is read under and the reader's own code, so the first read of a file is
kept (in memory, and under ``.testdb/parsed/`` for later sessions) and later reads of the
same bytes under the same name get a fresh copy of it.

The reader itself is never skipped where it is the part under test: the tests of
``tests/cms`` and the hostile uploads (which measure what reading costs) always read for
real, and a file the reader refuses is read again each time, so every refusal is the
reader's own. See docs/adr/0002-test-database-snapshot-and-xdist.md.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from codes.cms import readers
from tests.snapshot import ROOT, SNAPSHOT_DIR, locked

READER_REAL = readers.read_release
# Modules that hold their own ``read_release`` name (``from ... import read_release``).
CALLERS = ["codes.management.commands.import_hcpcs", "codes.admin.forms"]
# Tests whose subject is the reading itself: they always read for real.
READING_TESTS = ("tests/cms/", "tests/ops/test_hostile_uploads.py")
# Small files read in milliseconds; keeping them would save nothing.
SMALLEST_KEPT = 200_000

_kept: dict[str, bytes] = {}


def _reader_fingerprint() -> str:
    digest = hashlib.sha256()
    for file in sorted((ROOT / "codes" / "cms").rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


_FINGERPRINT = _reader_fingerprint()
FOLDER = SNAPSHOT_DIR / "parsed"
FOLDER.mkdir(parents=True, exist_ok=True)


def _path(key: str) -> Path:
    return FOLDER / f"{_FINGERPRINT}-{key}.pickle"


def read_release(source, *, name=None):
    """``codes.cms.readers.read_release``, with files over ``SMALLEST_KEPT`` bytes read once."""
    data, name = readers._load(source, name)
    if len(data) < SMALLEST_KEPT:
        return READER_REAL(data, name=name)
    return kept(data, name, lambda: READER_REAL(data, name=name))


def kept(data: bytes, name: str, read, *, depends_on: str = ""):
    """What ``read()`` makes of ``data`` (read under ``name``), computed once and kept; a
    fresh copy each call. ``depends_on``: the text of any other code the answer depends on
    (a test's own reader), so that changing it reads again. An exception is never kept."""
    key = hashlib.sha256(data + b"\0" + name.encode() + b"\0" + depends_on.encode()).hexdigest()[
        :32
    ]
    answer = _kept.get(key)
    if answer is None:
        path = _path(key)
        with locked(FOLDER / "lock"):
            if path.exists():
                answer = path.read_bytes()
            else:
                answer = pickle.dumps(read())  # a refusal raises here
                partial = path.with_suffix(".partial")
                partial.write_bytes(answer)
                partial.rename(path)
                for old in FOLDER.glob("*.pickle"):
                    if not old.name.startswith(_FINGERPRINT):
                        old.unlink()
        _kept[key] = answer
    # The pickle was written by this suite from the reader's own answer.
    return pickle.loads(answer)  # noqa: S301


def reads_for_real(test_path: str) -> bool:
    return test_path.startswith(READING_TESTS)
