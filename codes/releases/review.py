"""Reading a release's changes: field-level diffs with decoded values, and the filters the
admin review page and the public release page share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.db.models import Count, QuerySet
from django.http import QueryDict

from codes import reference_tables
from codes.cms import compare, layout, reference
from codes.models import AuditEntry, CodeVersion, Release
from codes.releases import staging_warnings, worddiff
from codes.releases.staging_warnings import WarningKind

CHANGE_KINDS = [
    (value, label)
    for value, label in CodeVersion.ChangeType.choices
    if value != CodeVersion.ChangeType.CORRECTION
]
# What a reader needs to see of a code a release adds (it has no previous record).
ADDED_SHOWN = (
    "long_description",
    "price1",
    "mult_pi",
    "cov",
    "betos",
    "tos1",
    "add_dt",
    "act_eff_dt",
    "action_cd",
)
_CODE_QUERY = re.compile(r"[A-Za-z0-9]{1,5}")


def field_label(attr: str) -> str:
    """'Pricing Indicator Code #1 (PRICE1)'."""
    header = layout.BY_ATTR[attr].header
    return f"{reference.label(header)} ({header})"


@dataclass
class Side:
    raw: str
    meaning: str | None = None
    unknown: bool = False  # a coded value that no CMS code table defines


@dataclass
class FieldChange:
    attr: str
    label: str
    definition: str
    old: Side
    new: Side
    edited: bool = False  # a curator changed the proposed value

    @property
    def redline(self):
        """Descriptions: only the changed words struck and inserted (``worddiff``)."""
        return worddiff.field_redline(self.attr, self.old.raw, self.new.raw)


@dataclass
class ChangeRow:
    version: CodeVersion
    changes: list[FieldChange]
    correction: CodeVersion | None = None  # the local correction publishing would replace
    edits: int = 0
    hold_note: AuditEntry | None = None  # who held it back and why


def readable(attr: str, value: str) -> str:
    """A value as text for people: dates as YYYY-MM-DD rather than the files' YYYYMMDD."""
    if attr in layout.DATE_ATTRS and len(value) == 8 and value.isdigit():
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return value


def _side(attr: str, value: str, tables: dict) -> Side:
    if not value or attr not in reference_tables.ATTR_TABLES:
        return Side(readable(attr, value))
    meaning = reference_tables.decode(attr, value, tables)
    return Side(value, meaning, meaning is None)


def version_changes(
    version: CodeVersion,
    tables: dict,
    edited: frozenset[str] = frozenset(),
) -> list[FieldChange]:
    """The fields a version changes, old and new value each decoded. An added code shows
    its main fields against blanks; a code no longer in the file shows nothing."""
    if version.change_type == CodeVersion.ChangeType.REMOVED:
        return []
    if version.change_type == CodeVersion.ChangeType.ADDED:
        attrs = [a for a in ADDED_SHOWN if compare.as_text(getattr(version, a))]
    else:
        attrs = list(version.changed_fields)
    rows = []
    for attr in attrs:
        header = layout.BY_ATTR[attr].header
        rows.append(
            FieldChange(
                attr=attr,
                label=field_label(attr),
                definition=reference.definition(header),
                old=_side(attr, version.previous.get(attr, ""), tables),
                new=_side(attr, compare.as_text(getattr(version, attr)), tables),
                edited=attr in edited,
            )
        )
    return rows


def current_corrections(codes: list[str]) -> dict[str, CodeVersion]:
    """For each code whose published record comes from a local correction, that correction."""
    latest: dict[str, CodeVersion] = {}
    versions = (
        CodeVersion.objects.in_force()
        .filter(code__in=codes)
        .order_by("code", "-effective_date", "-id")
        .only("code", "change_type", "reason", "effective_date", "created_by")
        .select_related("created_by")
    )
    for version in versions:
        latest.setdefault(version.code, version)
    return {
        code: version
        for code, version in latest.items()
        if version.change_type == CodeVersion.ChangeType.CORRECTION
    }


def corrected_codes_in(release: Release) -> dict[str, CodeVersion]:
    """The draft's codes whose published record is a local correction (the draft shows the
    CMS value as a change; holding it keeps the correction)."""
    corrected = (
        CodeVersion.objects.filter(
            release__isnull=True,
            change_type=CodeVersion.ChangeType.CORRECTION,
            code__in=release.versions.values("code"),
        )
        .values_list("code", flat=True)
        .distinct()
    )
    return current_corrections(list(corrected))


def corrections_since_staging(release: Release) -> list[CodeVersion]:
    """Local corrections made after a draft was loaded. The draft was compared without
    them, so for codes it does not change, the file's value would not replace them."""
    return list(
        CodeVersion.objects.filter(
            release__isnull=True,
            change_type=CodeVersion.ChangeType.CORRECTION,
            created_at__gt=release.created_at,
        )
        .order_by("code")
        .only("code", "reason", "created_at")
    )


def change_rows(versions: list[CodeVersion], *, with_corrections: bool) -> list[ChangeRow]:
    """Rows for a page of versions: decoded diffs, curators' edits and holds, and the local
    corrections that publishing would replace."""
    tables = reference_tables.lookup()
    edited: dict[int, set[str]] = {}
    holds: dict[int, AuditEntry] = {}
    entries = (
        AuditEntry.objects.filter(
            version__in=[v.pk for v in versions],
            action__in=[AuditEntry.Action.EDITED, AuditEntry.Action.HELD],
        )
        .select_related("user")
        .order_by("at", "id")
    )
    for entry in entries:
        if entry.action == AuditEntry.Action.HELD:
            holds[entry.version_id] = entry  # the latest hold wins
        elif column := layout.BY_HEADER.get(entry.field_name):
            edited.setdefault(entry.version_id, set()).add(column.attr)
    corrections = current_corrections([v.code for v in versions]) if with_corrections else {}
    return [
        ChangeRow(
            version=v,
            changes=version_changes(v, tables, frozenset(edited.get(v.pk, ()))),
            correction=corrections.get(v.code),
            edits=len(edited.get(v.pk, ())),
            hold_note=holds.get(v.pk) if v.held else None,
        )
        for v in versions
    ]


@dataclass
class ChangeFilter:
    """The filters of a list of changes, read from a query string and validated."""

    kind: str = ""
    field: str = ""
    code: str = ""  # a code or the start of one
    held: str = ""  # "yes", "no" or "" (the admin review page only)
    errors: list[str] = dc_field(default_factory=list)

    @classmethod
    def from_query(cls, data: QueryDict, *, allow_held: bool = False) -> ChangeFilter:
        errors = []
        kind = data.get("kind", "")
        if kind and kind not in dict(CHANGE_KINDS):
            errors.append(f"“{kind[:20]}” is not a kind of change; showing all kinds.")
            kind = ""
        attr = data.get("field", "")
        if attr and attr not in layout.COMPARED_ATTRS:
            errors.append(f"“{attr[:20]}” is not a CMS field; showing all fields.")
            attr = ""
        # "code", not "q": the site header's search box fills itself from ?q=.
        code = data.get("code", "").strip()[:20]
        if code and not _CODE_QUERY.fullmatch(code):
            errors.append(f"“{code}” is not a code or the start of one; showing all codes.")
            code = ""
        held = data.get("held", "") if allow_held else ""
        if held not in ("", "yes", "no"):
            held = ""
        return cls(kind=kind, field=attr, code=code.upper(), held=held, errors=errors)

    def apply(self, versions: QuerySet) -> QuerySet:
        if self.kind:
            versions = versions.filter(change_type=self.kind)
        if self.field:
            # A JSON list of names: match the quoted name (icontains works on both engines).
            versions = versions.filter(changed_fields__icontains=f'"{self.field}"')
        if self.code:
            versions = versions.filter(code__startswith=self.code)
        if self.held:
            versions = versions.filter(held=self.held == "yes")
        return versions

    @property
    def active(self) -> bool:
        return bool(self.kind or self.field or self.code or self.held)

    def query(self, **overrides) -> str:
        """The query string of these filters (for pagination and CSV links)."""
        values = {"kind": self.kind, "field": self.field, "code": self.code, "held": self.held}
        values.update(overrides)
        out = QueryDict(mutable=True)
        for key, value in values.items():
            if value:
                out[key] = value
        return out.urlencode()


def field_options(release: Release) -> list[tuple[str, str, int]]:
    """(attr, label, codes) for every field the release changes, most changed first."""
    counts = (release.summary or {}).get("fields", {})
    return sorted(
        ((attr, field_label(attr), n) for attr, n in counts.items() if attr in layout.BY_ATTR),
        key=lambda item: (-item[2], layout.ATTRS.index(item[0])),
    )


def backfills(releases: list[Release]) -> set[int]:
    """The ids of those ``releases`` that are backfills: a draft older than the newest
    published release, or a release published after a newer one was (it added history for
    its dates, out of date order). One query, whatever the number of releases."""
    published = list(Release.objects.published().values_list("effective_date", "published_at"))
    out = set()
    for release in releases:
        newer = [at for day, at in published if day > release.effective_date]
        if release.is_draft:
            backfill = bool(newer)
        else:
            backfill = any(
                at and release.published_at and at < release.published_at for at in newer
            )
        if backfill:
            out.add(release.pk)
    return out


def history_added_words(codes: int) -> str:
    """What a backfill did: 'history added for 7,196 codes' (not that it added codes)."""
    return f"history added for {codes:,} code{'' if codes == 1 else 's'}"


# What each kind of change means in a backfill, whose changes are history for its dates.
BACKFILL_LABELS = {
    CodeVersion.ChangeType.ADDED: "New to the history",
    CodeVersion.ChangeType.CHANGED: "Changed from the record before its date",
}


@dataclass
class Summary:
    """A release's change counts as the admin's summary shows them; a backfill says what
    history it adds ("history added for 7,196 codes"), not that it added codes."""

    rows: list[dict]
    backfill: bool = False
    changed_codes: int = 0

    @property
    def history_note(self) -> str:
        if not self.backfill:
            return ""
        return history_added_words(self.changed_codes)


def summary(release: Release) -> Summary:
    counts = release.summary or {}
    backfill = release.pk in backfills([release])
    rows = [
        {
            "kind": kind,
            "label": BACKFILL_LABELS.get(kind, label) if backfill else label,
            "count": counts.get(kind, 0),
        }
        for kind, label in CHANGE_KINDS
    ]
    rows.append({"kind": "", "label": "Unchanged", "count": counts.get("unchanged", 0)})
    changed = sum(counts.get(kind, 0) for kind, _ in CHANGE_KINDS)
    return Summary(rows, backfill, changed)


def kind_counts(releases: list[Release], *, include_held: bool) -> dict[int, dict[str, int]]:
    """{release id: {change type: number of versions}}; held changes never took effect."""
    rows = CodeVersion.objects.filter(release__in=releases)
    if not include_held:
        rows = rows.filter(held=False)
    counts: dict[int, dict[str, int]] = {r.pk: {} for r in releases}
    for release_id, kind, n in (
        rows.values_list("release_id", "change_type").annotate(n=Count("id")).order_by()
    ):
        counts[release_id][kind] = n
    return counts


def held_and_edited(release: Release) -> tuple[int, int]:
    """How many of a release's changes are held back, and how many a curator edited."""
    held = release.versions.filter(held=True).count()
    edited = (
        AuditEntry.objects.filter(release=release, action=AuditEntry.Action.EDITED)
        .exclude(version=None)
        .values("version")
        .distinct()
        .count()
    )
    return held, edited


# The review page's groups of warnings, in order: (key, kinds); the title is the first
# kind's label. Notes on the release's label and date are notes from reading the file too.
WARNING_GROUPS = [
    ("table", (WarningKind.MISSING_FROM_TABLE,)),
    ("action-n", (WarningKind.DESCRIPTION_UNDER_N,)),
    ("vanished", (WarningKind.LEFT_WITHOUT_TERMINATION,)),
    ("file", (WarningKind.FILE_NOTE, WarningKind.RELEASE_LABEL)),
]


@dataclass
class WarningGroup:
    key: str
    title: str
    # (code, the sentence without it) for a warning about one code, else ("", sentence)
    items: list[tuple[str, str]] = dc_field(default_factory=list)


def grouped_warnings(release: Release) -> list[WarningGroup]:
    """The staging warnings grouped by kind, each naming its code when it has one; notes
    about reading the file come last."""
    warnings = staging_warnings.stored_warnings(release.warnings)
    groups = []
    for key, kinds in WARNING_GROUPS:
        items = [(w.code, w.text) for w in warnings if w.kind in kinds]
        if items:
            groups.append(WarningGroup(key, kinds[0].label, items))
    return groups


def label_notes(release: Release) -> list[str]:
    """The importer's notes on where the label and date came from (file name or content)."""
    return [
        w.text
        for w in staging_warnings.stored_warnings(release.warnings)
        if w.kind == WarningKind.RELEASE_LABEL
    ]
