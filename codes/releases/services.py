"""Services that write releases: stage a CMS file as a draft, publish it, discard it.

Each public function takes keyword arguments and runs in one transaction, so a failure at
any point leaves the published state, the search index and the draft as they were.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from codes import reference_tables
from codes.cms import compare, layout
from codes.cms.readers import ParsedRelease
from codes.models import AuditEntry, CodeVersion, HcpcsCode, PublishedState, Release, bulk
from codes.releases.staging_warnings import StagingWarning, WarningKind
from codes.search import index as search_index
from codes.timeline import store as timeline_store

Progress = Callable[[str, int, int], None]
BATCH_SIZE = 1000
# What a restatement rewrites when the record itself stays (nearly always: a later file's
# record is the same, only what it changed from moved).
RESTATED_FIELDS = ["change_type", "changed_fields", "previous"]


class ReleaseError(Exception):
    """A release cannot be staged or published; the message says why.

    ``release`` is the existing release the problem is about, when there is one, so pages
    can link to it.
    """

    def __init__(self, message: str, *, release: Release | None = None):
        super().__init__(message)
        self.release = release


@dataclass
class StageResult:
    release: Release | None
    summary: dict[str, int]
    changed_fields: dict[str, int] = field(default_factory=dict)
    warnings: list[StagingWarning] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return self.release is None


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def published_records() -> dict[str, tuple[dict, bool]]:
    """The current published state: {code: (record, listed)}."""
    rows = bulk.value_rows(HcpcsCode.objects.all(), [*layout.ATTRS, "listed"])
    return {row[0]: (dict(zip(layout.ATTRS, row[:-1], strict=True)), row[-1]) for row in rows}


def state_before(
    day: datetime.date, *, excluding: Release | None = None, code: str | None = None
) -> dict[str, tuple[dict, bool]]:
    """The published history as it stood the day before ``day``: {code: (record, listed)},
    from the latest in-force version of each code effective before it (leaving out the
    versions of ``excluding``). A backfilled (older) release is compared with this rather
    than with today's state."""
    versions = CodeVersion.objects.in_force().filter(effective_date__lt=day)
    if excluding is not None:
        versions = versions.exclude(release=excluding)
    if code is not None:
        versions = versions.filter(code=code)
    rows = bulk.value_rows(
        versions.order_by("code", "effective_date", "id"), [*layout.ATTRS, "change_type"]
    )
    state = {}
    for row in rows:
        state[row[0]] = (
            dict(zip(layout.ATTRS, row[:-1], strict=True)),
            row[-1] != CodeVersion.ChangeType.REMOVED,
        )
    return state


def compared_with(release: Release, code: str) -> tuple[dict, bool] | None:
    """(record, listed) of ``code`` as a draft ``release`` is compared with it: the history
    before its date for a backfill, today's published record otherwise; None when new."""
    if is_backfill(release.effective_date):
        return state_before(release.effective_date, code=code).get(code)
    published = HcpcsCode.objects.filter(code=code).values(*layout.ATTRS, "listed").first()
    if published is None:
        return None
    listed = published.pop("listed")
    return published, listed


def release_summary(release: Release) -> dict:
    """A release's change counts, from its stored changes (after a curator's edit or a
    restatement moved them)."""
    return _summary_of(release)


def is_backfill(effective_date: datetime.date) -> bool:
    """Whether a release effective on this date is older than the latest published one."""
    latest = Release.objects.latest_published()
    return bool(latest and effective_date < latest.effective_date)


def loaded_release(sha256: str) -> Release | None:
    """The draft or published release already made from a file with this SHA-256."""
    return Release.objects.exclude(status=Release.Status.DISCARDED).filter(sha256=sha256).first()


def check_not_loaded(sha256: str) -> None:
    """Refuse a file that is already published or staged (discarded ones may come back)."""
    existing = loaded_release(sha256)
    if existing:
        state = "published" if existing.status == Release.Status.PUBLISHED else "staged as a draft"
        raise ReleaseError(
            f"This file was already {state} as release {existing.label!r} "
            f"(SHA-256 {sha256[:12]}...).",
            release=existing,
        )


def _warnings(parsed: ParsedRelease, versions: list[dict], tables: dict) -> list[StagingWarning]:
    """What a curator should look at in a staged file (``versions``: the proposed versions'
    values, as ``release_stage`` inserts them)."""
    warnings = [
        StagingWarning.note(
            WarningKind.RELEASE_LABEL if note in parsed.label_notes else WarningKind.FILE_NOTE,
            note,
        )
        for note in parsed.warnings
    ]
    for header, values in reference_tables.missing_values(parsed.records, tables).items():
        for value, codes in sorted(values.items()):
            warnings.append(
                StagingWarning.missing_from_table(header=header, value=value, codes=codes)
            )
    for version in versions:
        code = version["code"]
        fields = set(version["changed_fields"])
        if version["action_cd"] == "N" and fields & {"long_description", "short_description"}:
            warnings.append(StagingWarning(WarningKind.DESCRIPTION_UNDER_N, code=code))
        if version["change_type"] == compare.REMOVED and not version["term_dt"]:
            warnings.append(StagingWarning(WarningKind.LEFT_WITHOUT_TERMINATION, code=code))
    return warnings


@transaction.atomic
def release_stage(
    *,
    parsed: ParsedRelease,
    label: str | None = None,
    effective_date: datetime.date | None = None,
    user=None,
    progress: Progress = _no_progress,
) -> StageResult:
    """Compare a parsed CMS file with the published state and stage a draft release.

    Only codes that differ get a version. A file identical to the published state stages
    nothing and returns a result whose ``release`` is None. A release older than the latest
    published one (a backfill) is compared with the history as it stood before its date.
    """
    check_not_loaded(parsed.sha256)
    label = label or parsed.label
    effective_date = effective_date or parsed.effective_date
    # No publish can change the published state between reading it and recording which
    # state it was (the counter), in this same transaction.
    state = PublishedState.objects.locked()
    current = state_before(effective_date) if is_backfill(effective_date) else published_records()
    versions: list[dict] = []  # the values of the CodeVersion rows to insert
    kinds = (
        compare.ADDED,
        compare.CHANGED,
        compare.TERMINATED,
        compare.REACTIVATED,
        compare.REMOVED,
    )
    summary = dict.fromkeys(kinds, 0)
    summary["unchanged"] = 0
    field_counts: dict[str, int] = {}
    total = len(parsed.records)
    seen = set()
    for index, record in enumerate(parsed.records, start=1):
        seen.add(record["code"])
        old, listed = current.get(record["code"], (None, True))
        kind, fields = compare.classify(old, record, old_listed=listed)
        if kind is None:
            summary["unchanged"] += 1
        else:
            summary[kind] += 1
            for name in fields:
                field_counts[name] = field_counts.get(name, 0) + 1
            versions.append(
                {
                    **record,
                    "change_type": kind,
                    "changed_fields": fields,
                    "previous": {name: compare.as_text(old[name]) for name in fields}
                    if old
                    else {},
                }
            )
        if index % 500 == 0 or index == total:
            progress("compare", index, total)
    for code, (old, listed) in current.items():
        if listed and code not in seen:
            summary[compare.REMOVED] += 1
            versions.append(
                {**old, "change_type": compare.REMOVED, "changed_fields": [], "previous": {}}
            )
    tables = reference_tables.lookup()
    warnings = _warnings(parsed, versions, tables)
    if not versions:
        return StageResult(None, summary, field_counts, warnings)

    try:
        # A savepoint, so that losing a race with a concurrent upload of the same file (the
        # unique constraint on live SHA-256s) leaves this transaction usable to say so.
        with transaction.atomic():
            release = Release.objects.create(
                label=label,
                effective_date=effective_date,
                source_name=parsed.source_name,
                source_format=parsed.format,
                sha256=parsed.sha256,
                record_count=total,
                summary={**summary, "fields": field_counts},
                warnings=[warning.as_json() for warning in warnings],
                base_release=Release.objects.latest_published(),
                base_publish_count=state.publish_count,
                created_by=user,
            )
    except IntegrityError:
        check_not_loaded(parsed.sha256)
        raise
    created_by_id = user.pk if user is not None else None
    for version in versions:
        version.update(
            release_id=release.pk, effective_date=effective_date, created_by_id=created_by_id
        )
    for start in range(0, len(versions), BATCH_SIZE):
        bulk.insert_values(CodeVersion, versions[start : start + BATCH_SIZE])
        progress("stage", min(start + BATCH_SIZE, len(versions)), len(versions))
    AuditEntry.objects.create(
        action=AuditEntry.Action.STAGED,
        user=user,
        release=release,
        reason=f"{parsed.source_name} read as {parsed.format}, SHA-256 {parsed.sha256}; "
        f"{len(versions)} proposed changes.",
    )
    return StageResult(release, summary, field_counts, warnings)


def _apply_versions(release: Release, rows: list[tuple], progress: Progress) -> None:
    """Write a release's versions (rows of ``APPLIED_FIELDS``) into HcpcsCode: new codes
    inserted, the records of known ones replaced, removed ones unlisted."""
    existing = dict(HcpcsCode.objects.values_list("code", "pk"))
    now = timezone.now()
    creates: list[dict] = []
    updates: list[dict] = []
    removed: list[str] = []
    total = len(rows)
    for index, row in enumerate(rows, start=1):
        values = dict(zip(layout.ATTRS, row[:-1], strict=True))
        if row[-1] == CodeVersion.ChangeType.REMOVED:
            removed.append(values["code"])
        else:
            values.update(listed=True, release_id=release.pk, updated_at=now)
            pk = existing.get(values["code"])
            if pk is None:
                creates.append(values)
            else:
                updates.append({**values, "id": pk})
        if index % 500 == 0 or index == total:
            progress("publish", index, total)
    for start in range(0, len(removed), BATCH_SIZE):
        HcpcsCode.objects.filter(code__in=removed[start : start + BATCH_SIZE]).update(
            listed=False, release=release, updated_at=now
        )
    # One statement for all the updated records (an ORM update each took most of a
    # quarterly publish's time).
    bulk.update_values(HcpcsCode, updates, [*layout.ATTRS[1:], "listed", "release", "updated_at"])
    bulk.insert_values(HcpcsCode, creates)


# What publishing reads of each version: its record and its kind of change.
APPLIED_FIELDS = [*layout.ATTRS, "change_type"]


def _version_for(code: str, old: tuple | None, new: tuple | None) -> tuple | None:
    """(change type, changed fields, previous values, record) of the version a release
    whose state is ``new`` stores after a state ``old`` ((record, listed) or None); None when
    it stores none."""
    if new is None or not new[1]:
        if old is not None and old[1]:
            return compare.REMOVED, [], {}, old[0]
        return None
    record = new[0]
    kind, fields = compare.classify(
        old[0] if old else None, record, old_listed=old[1] if old else True
    )
    if kind is None:
        return None
    previous = {name: compare.as_text(old[0][name]) for name in fields} if old else {}
    return kind, fields, previous, record


def _rebase_following(release: Release) -> set[str]:
    """Compare every published release after ``release`` (a backfill) with it again.

    Their stored changes were found against a history without ``release``; they are
    recomputed, in date order, against the history with it, which is what they would have
    been had the files been loaded in date order (a code only the older file has now leaves
    the file in the next release; a code the older file lacks is added back). Held changes
    stay as the curator left them. Returns the codes whose stored changes moved."""
    following = list(
        Release.objects.published()
        .filter(effective_date__gt=release.effective_date)
        .order_by("effective_date", "id")
    )
    if not following:
        return set()
    first = following[0].effective_date
    with_release = state_before(first)
    without_release = state_before(first, excluding=release)
    corrections = list(
        CodeVersion.objects.in_force()
        .filter(release__isnull=True, effective_date__gte=first)
        .order_by("effective_date", "id")
    )
    moved: set[str] = set()
    for index, later in enumerate(following):
        stored = {v.code: v for v in later.versions.all()}
        file_state = dict(without_release)
        for code, version in stored.items():
            if not version.held:
                file_state[code] = (version.record(), version.change_type != compare.REMOVED)
        moved |= _restate(later, stored, with_release, file_state)
        with_release = _state_after(with_release, later)
        without_release = file_state
        until = following[index + 1].effective_date if index + 1 < len(following) else None
        for fix in corrections:
            if fix.effective_date >= later.effective_date and (
                until is None or fix.effective_date < until
            ):
                with_release[fix.code] = (fix.record(), True)
                without_release[fix.code] = (fix.record(), True)
    return moved


def _state_after(state: dict, release: Release) -> dict:
    """``state`` with ``release``'s stored (not held) changes applied."""
    after = dict(state)
    for version in release.versions.filter(held=False):
        after[version.code] = (version.record(), version.change_type != compare.REMOVED)
    return after


def _restate(later: Release, stored: dict, before: dict, file_state: dict) -> set[str]:
    """Rewrite ``later``'s stored changes as the differences from ``before`` to its file
    (``file_state``); returns the codes whose stored change moved."""
    moved: set[str] = set()
    creates, restated, deletes = [], [], []
    for code in sorted(set(before) | set(file_state)):
        existing = stored.get(code)
        if existing is not None and existing.held:
            continue
        target = _version_for(code, before.get(code), file_state.get(code))
        if target is None:
            if existing is not None:
                deletes.append(existing.pk)
                moved.add(code)
            continue
        kind, fields, previous, record = target
        if existing is None:
            creates.append(
                CodeVersion(
                    **record,
                    release=later,
                    change_type=kind,
                    changed_fields=fields,
                    previous=previous,
                    effective_date=later.effective_date,
                    created_by=later.created_by,
                )
            )
            moved.add(code)
        elif (existing.change_type, existing.changed_fields, existing.previous) != (
            kind,
            fields,
            previous,
        ) or existing.record() != record:
            same_record = existing.record() == record
            for attr, value in record.items():
                setattr(existing, attr, value)
            existing.change_type, existing.changed_fields = kind, fields
            existing.previous = previous
            if same_record:
                restated.append(existing)
            else:
                existing.save()
            moved.add(code)
    # In bulk: a backfill loaded before eleven newer releases restates thousands of rows in
    # each (one query a row made a newest-first load of the bundled files take minutes).
    for start in range(0, len(deletes), BATCH_SIZE):
        CodeVersion.objects.filter(pk__in=deletes[start : start + BATCH_SIZE]).delete()
    bulk.update(CodeVersion, restated, RESTATED_FIELDS)
    bulk.insert(CodeVersion, creates)
    if moved:
        later.summary = _summary_of(later)
        later.save(update_fields=["summary"])
    return moved


def _summary_of(release: Release) -> dict:
    """A release's change counts, from its stored changes."""
    summary = dict.fromkeys(
        (compare.ADDED, compare.CHANGED, compare.TERMINATED, compare.REACTIVATED, compare.REMOVED),
        0,
    )
    fields: dict[str, int] = {}
    for kind, changed in release.versions.values_list("change_type", "changed_fields"):
        summary[kind] = summary.get(kind, 0) + 1
        for name in changed:
            fields[name] = fields.get(name, 0) + 1
    listed_changes = sum(n for kind, n in summary.items() if kind != compare.REMOVED)
    summary["unchanged"] = max(release.record_count - listed_changes, 0)
    return {**summary, "fields": fields}


def _sync_published(codes: set[str]) -> set[str]:
    """Bring today's published records of ``codes`` to what their in-force versions say
    (a backfill can add codes that left CMS's file before the newest release); returns
    the codes whose published record changed."""
    if not codes:
        return set()
    latest: dict[str, CodeVersion] = {}
    wanted = sorted(codes)
    for start in range(0, len(wanted), 5000):
        for version in (
            CodeVersion.objects.in_force()
            .filter(code__in=wanted[start : start + 5000])
            .order_by("code", "effective_date", "id")
        ):
            latest[version.code] = version
    existing = {obj.code: obj for obj in HcpcsCode.objects.filter(code__in=wanted)}
    now = timezone.now()
    changed: set[str] = set()
    creates = []
    moved_release: dict[int, list[int]] = {}
    for code, version in latest.items():
        record = version.record()
        listed = version.change_type != compare.REMOVED
        obj = existing.get(code)
        if obj is None:
            creates.append(
                HcpcsCode(**record, listed=listed, release_id=version.release_id, updated_at=now)
            )
            changed.add(code)
        elif obj.record() == record and obj.listed == listed:
            if version.release_id and obj.release_id != version.release_id:
                # Only the release that last stated it moved (a restatement): grouped below.
                moved_release.setdefault(version.release_id, []).append(obj.pk)
                changed.add(code)
        else:
            HcpcsCode.objects.filter(pk=obj.pk).update(
                **record,
                listed=listed,
                release_id=version.release_id or obj.release_id,
                updated_at=now,
            )
            changed.add(code)
    for release_id, pks in moved_release.items():
        for start in range(0, len(pks), BATCH_SIZE):
            HcpcsCode.objects.filter(pk__in=pks[start : start + BATCH_SIZE]).update(
                release_id=release_id, updated_at=now
            )
    bulk.insert(HcpcsCode, creates)
    return changed


def is_out_of_date(release: Release, *, publish_count: int | None = None) -> bool:
    """Whether something was published after the draft ``release`` was staged, so its
    comparison with the published state no longer holds and publishing it is refused.

    The one home of this rule: publishing asks it under the lock, the admin's publish page
    and anything else that offers publishing ask it too. A draft staged with a publish count
    is out of date once the count has moved (any publish, a backfill too); one staged before
    the count was kept, once the latest release is not the one it was compared with."""
    if not release.is_draft:
        return False
    if release.base_publish_count is not None:
        if publish_count is None:
            publish_count = (
                PublishedState.objects.filter(pk=1).values_list("publish_count", flat=True).first()
                or 0
            )
        return release.base_publish_count != publish_count
    latest = Release.objects.latest_published()
    return bool(latest and latest.pk != release.base_release_id)


def published_last() -> Release | None:
    """The release published most recently (what made a draft out of date)."""
    return Release.objects.published().order_by("-published_at", "-id").first()


@transaction.atomic
def release_publish(
    *,
    release: Release,
    user=None,
    allow_out_of_order: bool = False,
    progress: Progress = _no_progress,
) -> Release:
    """Apply a draft release to the published state, refresh the search index, mark it
    published. Raises ReleaseError, changing nothing, when the release cannot be published.

    A release older than the latest published one needs ``allow_out_of_order`` and is a
    backfill: its versions become history for its dates, and the releases after it are
    compared with it again (``_rebase_following``), so the stored history does not depend on
    the order files were loaded in."""
    # One publish at a time, whichever the draft: the singleton row is the lock.
    state = PublishedState.objects.locked()
    locked = Release.objects.select_for_update().filter(pk=release.pk).first()
    if locked is None:
        raise ReleaseError("This release no longer exists.")
    if locked.status != Release.Status.DRAFT:
        raise ReleaseError(
            f"Release {locked.label!r} is already {locked.get_status_display().lower()}; "
            "someone else may have just done it.",
            release=locked,
        )
    latest = Release.objects.latest_published()
    if is_out_of_date(locked, publish_count=state.publish_count):
        latest = published_last()
        name = repr(latest.label) if latest else "Another release"
        raise ReleaseError(
            f"Release {name} was published after this draft was staged, so its "
            "comparison is out of date. Discard this draft and load the file again.",
            release=latest,
        )
    if latest and locked.effective_date < latest.effective_date and not allow_out_of_order:
        raise ReleaseError(
            f"Release {locked.label!r} (effective {locked.effective_date}) is older than the "
            f"published release {latest.label!r} (effective {latest.effective_date}). "
            "Confirm to publish it out of date order: it is then added to the history for its "
            "dates (a backfill), and the releases after it are compared with it again.",
            release=latest,
        )
    out_of_order = bool(latest and locked.effective_date < latest.effective_date)
    versions = list(
        bulk.value_rows(locked.versions.filter(held=False).order_by("code"), APPLIED_FIELDS)
    )
    touched = {row[0] for row in versions}
    if not out_of_order:
        _apply_versions(locked, versions, progress)
    locked.status = Release.Status.PUBLISHED
    locked.published_by = user
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_by", "published_at"])
    if out_of_order:
        # A backfill adds history for its dates; the release after it is compared with it
        # again, so the stored changes do not depend on the order files were loaded in.
        touched |= _rebase_following(locked)
        touched |= _sync_published(touched)
    timeline_store.refresh(touched)
    search_index.refresh_index(sorted(touched))
    PublishedState.objects.record_change(published=True)
    held = locked.versions.filter(held=True).count()
    AuditEntry.objects.create(
        action=AuditEntry.Action.PUBLISHED,
        user=user,
        release=locked,
        reason=f"{len(versions)} changes applied, {held} held back"
        + (
            f"; published out of date order after {latest.label!r}, confirmed: added to the "
            "history for its dates (backfill), the next release compared with it again"
            if out_of_order
            else ""
        )
        + ".",
    )
    # The footer's "data as of" (cached for a minute) must not name the old release once
    # this one is visible.
    transaction.on_commit(Release.objects.forget_latest_published)
    return locked


@transaction.atomic
def release_discard(*, release: Release, user=None, reason: str = "") -> Release:
    """Discard a draft: its versions stay for the record but will never be applied."""
    locked = Release.objects.select_for_update().get(pk=release.pk)
    if locked.status != Release.Status.DRAFT:
        raise ReleaseError(
            f"Only drafts can be discarded; {locked.label!r} is "
            f"{locked.get_status_display().lower()}.",
            release=locked,
        )
    locked.status = Release.Status.DISCARDED
    locked.save(update_fields=["status"])
    AuditEntry.objects.create(
        action=AuditEntry.Action.DISCARDED, user=user, release=locked, reason=reason
    )
    return locked
