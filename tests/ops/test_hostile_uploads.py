"""One guarded reader for every uploaded file: hostile workbooks and texts are refused with
a message naming the limit, and reading one grows the process by less than 100 MB (its peak
resident size, measured in a fresh process that reads only that file)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest

from codes.cms import limits
from codes.cms.errors import CmsFileError
from codes.validation.reading import BatchError, read_upload
from tests.ops import hostile_files
from tests.ops.servers import ROOT

GROWTH_LIMIT_MB = 100

# Bombs and giant rows cost seconds each: slow, so make test-fast leaves them to make test.
pytestmark = [pytest.mark.faults, pytest.mark.slow]

MEASURE = """
import json, resource, sys
import openpyxl  # imported before the baseline: its size is not the file's
from codes.cms.errors import CmsFileError
from codes.cms.readers import read_release
from codes.drugs.asp import read_asp
from codes.validation.reading import BatchError, read_upload

kind, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    if kind == "batch":
        read_upload(data, "hostile", default_day=None)
    elif kind == "asp":
        read_asp(data, name="hostile.csv.gz")
    else:
        read_release(data, name="hostile.xlsx")
    message = ""
except (BatchError, CmsFileError) as error:
    message = str(error)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"grew_mb": (after - before) / 1024, "message": message}))
"""


def _read_in_a_fresh_process(kind: str, path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, kind, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


HOSTILE = {
    # 600,000 cells in one row, no declared size, 3.3 MB packed 4:1: openpyxl builds the row.
    "one row of 600,000 cells": (
        "batch",
        lambda tmp: hostile_files.workbook(tmp / "row.xlsx", rows=1, cells_per_row=600_000),
        "more than 64 cells",
    ),
    # 25,000 rows of 20 cells: more cells than a batch file may hold.
    "500,000 cells": (
        "batch",
        lambda tmp: hostile_files.workbook(tmp / "cells.xlsx", rows=25_000, cells_per_row=20),
        "more than 20,000 rows",
    ),
    # A 5 MB text of 2.6 million one-character lines: today split whole before counting.
    "2.6 million short lines": (
        "batch",
        lambda tmp: hostile_files.short_lines(tmp / "lines.csv", megabytes=5),
        "more than 10,000 lines",
    ),
    # A curator's workbook within every archive limit, without a dimension tag: one row of
    # 3,000,000 cells (about 70 MB unpacked, 4:1).
    "a CMS-sized bomb without a dimension tag": (
        "cms",
        lambda tmp: hostile_files.workbook(tmp / "cms.xlsx", rows=1, cells_per_row=3_000_000),
        "more than 256 cells",
    ),
    # A drug (ASP) file of 60 MB of empty lines, gzipped 1000:1: today split whole.
    "a gzipped ASP file of empty lines": (
        "asp",
        lambda tmp: hostile_files.gzipped_lines(tmp / "asp.csv.gz", megabytes=60),
        "refused as a zip bomb",
    ),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_file_is_refused_and_costs_under_100_mb(tmp_path, name):
    kind, make, message = HOSTILE[name]
    path = make(tmp_path)
    measured = _read_in_a_fresh_process(kind, path)
    assert message in measured["message"], measured
    assert measured["grew_mb"] < GROWTH_LIMIT_MB, measured


def test_the_anonymous_limits_are_smaller_than_the_curators():
    for field in ("members", "unpacked_bytes", "columns", "rows", "cells", "shared_strings"):
        assert getattr(limits.ANONYMOUS, field) < getattr(limits.CURATOR, field), field


def test_a_curator_may_send_a_batch_the_anonymous_limits_refuse(tmp_path):
    path = hostile_files.workbook(tmp_path / "wide.xlsx", rows=3, cells_per_row=100)
    with pytest.raises(BatchError, match="more than 64 cells"):
        read_upload(path.read_bytes(), "wide.xlsx", default_day=None)
    batch = read_upload(path.read_bytes(), "wide.xlsx", default_day=None, limits=limits.CURATOR)
    assert len(batch.lines) == 3


def test_the_row_count_does_not_trust_a_missing_or_false_dimension(tmp_path):
    path = hostile_files.workbook(
        tmp_path / "lies.xlsx", rows=limits.ANONYMOUS.rows + 5, cells_per_row=2, dimension="A1:B2"
    )
    with pytest.raises(BatchError, match="more than 20,000 rows"):
        read_upload(path.read_bytes(), "lies.xlsx", default_day=None)


def test_shared_strings_are_counted_not_taken_from_the_declaration(tmp_path):
    items = "<si/>" * (limits.ANONYMOUS.shared_strings + 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", f'<sst uniqueCount="1" count="1">{items}</sst>')
    with (
        zipfile.ZipFile(buffer) as archive,
        pytest.raises(CmsFileError, match="more than 200,000 shared"),
    ):
        limits.check_workbook(archive, "strings.xlsx", limits.ANONYMOUS)


def test_a_real_cms_workbook_passes_the_curator_limits():
    from tests.conftest import OCT_2025_XLSX

    with zipfile.ZipFile(OCT_2025_XLSX) as archive:
        limits.check_workbook(archive, OCT_2025_XLSX.name)
