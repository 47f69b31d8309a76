"""Curators' corrections kept in a file and applied to a CMS file's draft as it is loaded
(``import_hcpcs --corrections``): a known fault of one CMS file, such as a workbook cell cut
short where the text file of the same release is whole, corrected the same way every time
the file is loaded, each an audited edit of the draft with its reason and source.

The file is JSON: ``{"corrections": [{"file", "code", "field", "value", "source",
"reason"}]}``, ``file`` being the CMS file's name and ``field`` a record attribute
(``long_description``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from codes.cms import layout
from codes.models import CodeVersion, Release
from codes.releases import curation

KEYS = ("file", "code", "field", "value", "source", "reason")


class CorrectionsError(ValueError):
    pass


@dataclass(frozen=True)
class Correction:
    file: str
    code: str
    field: str
    value: str
    source: str
    reason: str


def read_corrections(path: str | Path) -> list[Correction]:
    """The corrections of a file, each checked for its keys and its field."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CorrectionsError(f"{path}: not a readable JSON file ({error}).") from error
    entries = document.get("corrections") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise CorrectionsError(f'{path}: expected {{"corrections": [...]}}.')
    corrections = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}, correction {number}"
        if not isinstance(entry, dict) or any(
            not isinstance(entry.get(key), str) or not entry[key].strip() for key in KEYS
        ):
            raise CorrectionsError(f"{where}: each of {', '.join(KEYS)} must be a text.")
        if entry["field"] not in layout.BY_ATTR:
            raise CorrectionsError(f"{where}: {entry['field']!r} is not a field of the record.")
        corrections.append(Correction(**{key: entry[key] for key in KEYS}))
    return corrections


def apply_corrections(
    *, release: Release, source_name: str, corrections: list[Correction], user=None
) -> list[Correction]:
    """Edit ``release``'s draft versions with the corrections meant for ``source_name``.

    A correction the file no longer needs (the code is not staged, or already has the
    value) is an error, not a silent no-op: CMS may have fixed the file, and the correction
    should then go."""
    applied = []
    for correction in corrections:
        if correction.file != source_name:
            continue
        version = CodeVersion.objects.filter(release=release, code=correction.code).first()
        if version is None or getattr(version, correction.field) == correction.value:
            raise CorrectionsError(
                f"{source_name}: the correction of {correction.code} "
                f"{layout.BY_ATTR[correction.field].header} is no longer needed (the file "
                "already has that value or stages no change of the code); remove it."
            )
        curation.version_edit(
            version=version,
            values={correction.field: correction.value},
            reason=f"{correction.reason} Source: {correction.source}.",
            user=user,
        )
        applied.append(correction)
    return applied
