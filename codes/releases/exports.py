"""Reads for exports: published records keyed by the CMS xlsx column names."""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from codes.cms import compare, layout
from codes.csv_cells import csv_safe
from codes.models import CodeVersion, HcpcsCode


def export_row(record: dict) -> dict[str, str]:
    """One record as the CMS xlsx has it: every column a string, dates YYYYMMDD."""
    return {column.header: compare.as_text(record[column.attr]) for column in layout.COLUMNS}


def current_records() -> Iterator[dict]:
    """Every code the latest published release lists, in code order."""
    rows = HcpcsCode.objects.listed().order_by("code").values_list(*layout.ATTRS)
    for row in rows.iterator(chunk_size=2000):
        yield dict(zip(layout.ATTRS, row))


def records_as_of(day: datetime.date) -> Iterator[dict]:
    """Every code as the published releases (and corrections) stated it on ``day``."""
    versions = (
        CodeVersion.objects.as_of(day)
        .order_by("code", "effective_date", "id")
        .values_list(*layout.ATTRS, "change_type")
    )
    last: tuple | None = None
    for row in versions.iterator(chunk_size=2000):
        if last is not None and last[0] != row[0]:
            yield from _live(last)
        last = row
    if last is not None:
        yield from _live(last)


def _live(row: tuple) -> Iterable[dict]:
    if row[-1] != CodeVersion.ChangeType.REMOVED:
        yield dict(zip(layout.ATTRS, row[:-1]))


def write_csv(records: Iterable[dict], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=layout.HEADERS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({k: csv_safe(v) for k, v in export_row(record).items()})
        count += 1
    return count


def write_jsonl(records: Iterable[dict], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(export_row(record), ensure_ascii=False) + "\n")
        count += 1
    return count
