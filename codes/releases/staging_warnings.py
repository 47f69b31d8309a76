"""What staging a CMS file found for a curator to look at, as records rather than sentences.

``Release.warnings`` holds each warning as a JSON dict: ``kind`` (a ``WarningKind``), the
``code`` it is about (or ""), the CMS ``field`` (a column header, or "") and the ``values``
the sentence needs. The sentence is made here, from the record, and nowhere else, so pages
group warnings by kind and a reworded sentence stays in its group.

Notes from reading the file (a date read as YYMMDD, a disclaimer skipped, where the label
came from) are made by the readers in ``codes.cms``, which know the file and line and use
no Django; their sentence is kept as ``values["text"]``, and their kind says which of the
reader's lists it came from.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import field as dc_field
from typing import Any

from django.db import models

SAMPLE_CODES = 5  # codes named in a "missing from a code table" warning


class WarningKind(models.TextChoices):
    # The label is the heading of the group of warnings on the review page.
    MISSING_FROM_TABLE = "missing-from-table", "Values missing from a CMS code table"
    DESCRIPTION_UNDER_N = "description-under-n", "Descriptions changed under action code N"
    LEFT_WITHOUT_TERMINATION = (
        "left-without-termination",
        "Codes that left the file without a termination date",
    )
    RELEASE_LABEL = "release-label", "Where the release label and date came from"
    FILE_NOTE = "file-note", "Notes from reading the file"


# Notes the CMS reader made while reading the file (the import command prints them as it
# reads, before staging).
NOTE_KINDS = (WarningKind.RELEASE_LABEL, WarningKind.FILE_NOTE)


@dataclass(frozen=True)
class StagingWarning:
    kind: WarningKind
    code: str = ""
    field: str = ""  # the CMS column header, e.g. "BETOS"
    values: dict[str, Any] = dc_field(default_factory=dict)

    @classmethod
    def missing_from_table(cls, *, header: str, value: str, codes: list[str]) -> StagingWarning:
        return cls(
            WarningKind.MISSING_FROM_TABLE,
            field=header,
            values={"value": value, "count": len(codes), "codes": codes[:SAMPLE_CODES]},
        )

    @classmethod
    def note(cls, kind: WarningKind, text: str) -> StagingWarning:
        """A note the CMS reader wrote as a sentence."""
        return cls(kind, values={"text": text})

    @classmethod
    def from_json(cls, data: dict) -> StagingWarning:
        return cls(
            WarningKind(data["kind"]),
            code=data.get("code", ""),
            field=data.get("field", ""),
            values=data.get("values", {}),
        )

    def as_json(self) -> dict:
        return {**asdict(self), "kind": self.kind.value}

    @property
    def text(self) -> str:
        """The sentence, without the code it is about (pages link the code themselves)."""
        values = self.values
        if self.kind == WarningKind.MISSING_FROM_TABLE:
            sample = ", ".join(values["codes"]) + (" ..." if values["count"] > SAMPLE_CODES else "")
            return (
                f"{self.field} value {values['value']!r} is not in the CMS code table "
                f"({values['count']} codes: {sample}); kept as is."
            )
        if self.kind == WarningKind.DESCRIPTION_UNDER_N:
            return "description changed under action code N (no maintenance)."
        if self.kind == WarningKind.LEFT_WITHOUT_TERMINATION:
            return "no longer in the file, and had no termination date."
        return values["text"]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}" if self.code else self.text


def stored_warnings(stored: list[dict] | None) -> list[StagingWarning]:
    """``Release.warnings`` as records."""
    return [StagingWarning.from_json(data) for data in stored or []]
