"""Crafted upload bombs: each is refused with a message saying what and where, quickly,
without unpacking it. The real CMS files pass (tests/cms/test_readers.py)."""

from __future__ import annotations

import io
import re
import struct
import time
import zipfile

import pytest

from codes.cms import limits
from codes.cms.errors import CmsFileError
from codes.cms.readers import read_release
from tests.conftest import JAN_2025_XLSX, TEST_DATA

WORKBOOK = TEST_DATA / "HCPC2019_CONTR_ANWEB_excerpt.xlsx"


def _zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED, level=9) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method, compresslevel=level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _refused(data: bytes, name: str, *patterns: str) -> str:
    started = time.perf_counter()
    with pytest.raises(CmsFileError) as caught:
        read_release(data, name=name)
    assert time.perf_counter() - started < 5
    message = str(caught.value)
    for pattern in patterns:
        assert re.search(pattern, message), message
    return message


def test_a_zip_packed_a_thousand_to_one_is_refused():
    bomb = _zip({"HCPC2026_JAN_ANWEB.txt": b"0" * (100 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024
    _refused(bomb, "bomb.zip", r"bomb\.zip!HCPC2026_JAN_ANWEB\.txt", r"packed [\d,]+:1", "zip bomb")


def test_a_zip_with_too_many_members_is_refused():
    members = {f"part{n}.txt": b"x" for n in range(limits.MAX_MEMBERS + 1)}
    _refused(_zip(members), "many.zip", r"many\.zip: the archive holds 201 members")


def _declare_sizes(data: bytes, size: int) -> bytes:
    """The archive with every member's declared (central directory) size set to ``size``."""
    out = bytearray(data)
    start = 0
    while (at := out.find(b"PK\x01\x02", start)) != -1:
        struct.pack_into("<I", out, at + 24, size)  # uncompressed size
        start = at + 4
    return bytes(out)


def test_a_zip_declaring_more_than_the_unpacked_limit_is_refused():
    stored = _zip({"a.txt": b"a" * 1000, "b.txt": b"b" * 1000}, method=zipfile.ZIP_STORED)
    bomb = _declare_sizes(stored, 100 * 1024 * 1024)
    _refused(bomb, "big.zip", r"big\.zip: the archive unpacks to 200\.0 MiB", "at most 128.0 MiB")


def _workbook_parts(path=WORKBOOK) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _sheet_name(parts: dict[str, bytes]) -> str:
    return next(p for p in parts if p.startswith("xl/worksheets/sheet"))


def test_an_xlsx_declaring_cells_out_to_column_xfd_is_refused():
    parts = _workbook_parts()
    sheet = _sheet_name(parts)
    parts[sheet] = re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', parts[sheet], count=1
    )
    _refused(
        _zip(parts),
        "wide.xlsx",
        r"wide\.xlsx, xl/worksheets/sheet\d*\.xml: the sheet declares cells out to A1:XFD1048576",
        "16,384 columns",
    )


def _without_dimension(parts: dict[str, bytes]) -> str:
    sheet = _sheet_name(parts)
    parts[sheet] = re.sub(rb"<dimension [^>]*/>", b"", parts[sheet], count=1)
    return sheet


def test_an_xlsx_with_blank_cells_out_to_xfd_and_no_dimension_reads_quickly():
    """No declared size to refuse: only the CMS columns are read, so the width costs nothing."""
    parts = _workbook_parts()
    sheet = _without_dimension(parts)
    blanks = b"".join(b'<c r="%s%%d" s="0"/>' % col for col in (b"ZZ", b"AAA", b"XFD"))
    parts[sheet] = re.sub(
        rb'(<row r="(\d+)"[^>]*>.*?)(</row>)',
        lambda m: m[1] + blanks.replace(b"%d", m[2]) + m[3],
        parts[sheet],
        flags=re.S,
    )
    assert parts[sheet].count(b'r="XFD') > 10
    plain = read_release(WORKBOOK)
    started = time.perf_counter()
    release = read_release(_zip(parts), name="blank-columns.xlsx")
    assert time.perf_counter() - started < 5
    assert release.records == plain.records


def test_an_xlsx_with_too_many_rows_is_refused_while_streaming(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 10)
    parts = _workbook_parts()
    _without_dimension(parts)
    message = _refused(_zip(parts), "long.xlsx", r"long\.xlsx", "more than 10 rows")
    assert "sheet '" in message


def test_an_xlsx_with_oversized_shared_strings_is_refused():
    parts = _workbook_parts(JAN_2025_XLSX)  # the excerpt has inline strings only
    parts["xl/sharedStrings.xml"] = re.sub(
        rb'uniqueCount="\d+"', b'uniqueCount="50000000"', parts["xl/sharedStrings.xml"], count=1
    )
    _refused(
        _zip(parts, level=1),
        "strings.xlsx",
        r"strings\.xlsx, xl/sharedStrings\.xml: the workbook declares 50,000,000 shared strings",
    )


def test_the_admin_upload_refuses_a_bomb_with_the_message(admin_client, bundled):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from codes.models import Release

    before = Release.objects.count()
    bomb = _zip({"HCPC2026_JAN_ANWEB.txt": b"0" * (64 * 1024 * 1024)})
    answer = admin_client.post(
        "/admin/codes/release/upload/",
        {"file": SimpleUploadedFile("bomb.zip", bomb, content_type="application/zip")},
    )
    assert answer.status_code == 200
    assert b"zip bomb" in answer.content
    assert Release.objects.count() == before
