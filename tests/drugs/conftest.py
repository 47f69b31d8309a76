"""Drug test helpers: the bundled ASP files, and small real excerpts of them to break."""

from __future__ import annotations

import gzip

import pytest
from django.conf import settings

from tests.conftest import ROOT

SHARED_ASP = ROOT.parent / "shared" / "cms-asp"
CROSSWALK_OCT_2025, LIMITS_OCT_2025, CROSSWALK_JAN_2026, LIMITS_JAN_2026 = (
    settings.HCPCS_BUNDLED_ASP
)


def unzipped(path) -> bytes:
    return gzip.decompress(path.read_bytes())


def excerpt(path, rows: int = 40) -> bytes:
    """The preamble, header and first ``rows`` data rows of a bundled file, byte for byte."""
    lines = unzipped(path).split(b"\r\n")
    return b"\r\n".join(lines[: 9 + rows]) + b"\r\n"


@pytest.fixture
def crosswalk_excerpt() -> bytes:
    return excerpt(CROSSWALK_JAN_2026)


@pytest.fixture
def limits_excerpt() -> bytes:
    return excerpt(LIMITS_JAN_2026)
