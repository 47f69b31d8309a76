"""Fee schedule test helpers: the bundled quarters, and small real excerpts of them to break."""

from __future__ import annotations

import gzip

from django.conf import settings

APRIL_2025, JANUARY_2026 = settings.HCPCS_BUNDLED_DMEPOS


def unzipped(path) -> bytes:
    return gzip.decompress(path.read_bytes())


def excerpt(path, rows: int = 30) -> bytes:
    """The banner (if any), the header and the first ``rows`` data rows, byte for byte."""
    data = unzipped(path)
    newline = b"\r\n" if b"\r\n" in data[:5000] else b"\n"
    lines = data.split(newline)
    header = next(i for i, line in enumerate(lines) if line.startswith(b"HCPCS,Mod,"))
    return newline.join(lines[: header + 1 + rows]) + newline


def with_line(data: bytes, number: int, old: bytes, new: bytes) -> bytes:
    """``data`` with ``old`` replaced by ``new`` on its line ``number`` (1-based)."""
    newline = b"\r\n" if b"\r\n" in data[:5000] else b"\n"
    lines = data.split(newline)
    assert old in lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    return newline.join(lines)
