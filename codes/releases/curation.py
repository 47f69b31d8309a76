"""Curators' writes: edit, hold and restore a draft's proposed versions, correct a draft's
label and date, correct a published code, edit the reference tables.

Every function takes keyword arguments, runs in one transaction and records who did it,
when and why in the audit trail (``AuditEntry``), so an auditor can follow each value from
the CMS file to the page. Loading, publishing and discarding releases live in
``codes/releases/services.py``. The admin pages only call these functions.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from codes import reference_tables
from codes.cms import compare, layout, reference
from codes.models import (
    AuditEntry,
    CodeVersion,
    HcpcsCode,
    PublishedState,
    ReferenceCode,
    Release,
)
from codes.releases.services import compared_with, release_summary
from codes.search import index as search_index
from codes.timeline import store as timeline_store

# Every CMS field but the code itself, which identifies the record.
EDITABLE_ATTRS: tuple[str, ...] = layout.COMPARED_ATTRS


class CurationError(Exception):
    """A curation step that cannot be done; the message says why, for the curator."""


def _title(table: str) -> str:
    if table == reference_tables.PROCESSING_NOTES:
        return "processing notes"
    return reference.TABLES[table].get("title") or table.replace("_", " ")


def check_values(values: Mapping[str, Any], *, only: Iterable[str] | None = None) -> dict:
    """Field errors for values a CMS record cannot hold, {attr: message}.

    Coded values must be in their CMS code table. Only the attrs in ``only`` are checked
    when given: a value CMS itself sent that is missing from a table is kept and flagged at
    import, and must not stop a curator from editing another field of the same record.
    """
    tables = reference_tables.lookup()
    errors: dict[str, str] = {}
    for attr in only if only is not None else values:
        value = values.get(attr)
        if attr == "recid" and value not in layout.FIRST_LINE_RECIDS:
            errors[attr] = "The record id is 3 (a procedure code) or 7 (a modifier)."
        elif attr == "seqnum" and not (value or "").isdigit():
            errors[attr] = "The sequence number is up to 4 digits."
        elif attr in reference_tables.ATTR_TABLES and value:
            table = reference_tables.ATTR_TABLES[attr]
            if value not in tables[table]:
                errors[attr] = (
                    f"“{value}” is not in the CMS code table “{_title(table)}”. If CMS has "
                    "defined it, add it to that reference table first."
                )
    return errors


def _changes(current: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE_ATTRS)
    if unknown:
        raise ValueError(f"not editable CMS fields: {sorted(unknown)}")
    return {
        attr: value
        for attr, value in values.items()
        if compare.as_text(current.get(attr)) != compare.as_text(value)
    }


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why, for the audit trail."})
    return reason


def _lock_draft(release_id: int | None) -> Release:
    """The draft, locked: publishing locks the same row, so an edit never interleaves with
    a publish of the same release."""
    release = Release.objects.select_for_update().filter(pk=release_id).first()
    if release is None or release.status != Release.Status.DRAFT:
        state = release.get_status_display().lower() if release else "not a release"
        raise CurationError(
            f"Only a draft's proposed versions can be changed; this release is {state}."
        )
    return release


def _audit_fields(
    *,
    action: str,
    user,
    changes: Mapping[str, tuple[str, str]],
    reason: str,
    release: Release | None = None,
    version: CodeVersion | None = None,
    code: str = "",
) -> None:
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                action=action,
                user=user,
                release=release,
                version=version,
                code=code,
                field_name=field_name,
                old_value=old,
                new_value=new,
                reason=reason,
            )
            for field_name, (old, new) in changes.items()
        ]
    )


def _header(attr: str) -> str:
    return layout.BY_ATTR[attr].header


@transaction.atomic
def version_edit(
    *,
    version: CodeVersion,
    values: Mapping[str, Any],
    reason: str,
    user: AbstractBaseUser,
) -> CodeVersion:
    """Change fields of a draft's proposed version, then compare it again with the published
    record so the diff, the kind of change and the previous values stay true."""
    release = _lock_draft(version.release_id)
    locked = CodeVersion.objects.select_for_update().get(pk=version.pk)
    if locked.change_type == CodeVersion.ChangeType.REMOVED:
        raise CurationError(
            f"{locked.code} is no longer in the file: publishing only marks it so, and its "
            "fields are not applied. Hold the change back to keep the code listed."
        )
    changes = _changes(locked.record(), values)
    if not changes:
        raise CurationError("Nothing was changed.")
    reason = _require_reason(reason)
    errors = check_values({**locked.record(), **changes}, only=changes)
    if errors:
        raise ValidationError(errors)
    before = {attr: compare.as_text(getattr(locked, attr)) for attr in changes}
    for attr, value in changes.items():
        setattr(locked, attr, value)
    # Compared again with what the draft was staged against (the history before its date
    # for a backfill), so an edit that makes the record what it was leaves no change.
    earlier = compared_with(release, locked.code)
    unchanged = False
    if earlier is not None and locked.change_type != CodeVersion.ChangeType.ADDED:
        old, listed = earlier
        kind, fields = compare.classify(old, locked.record(), old_listed=listed)
        locked.changed_fields = fields
        locked.previous = {name: compare.as_text(old[name]) for name in fields}
        if kind is not None:
            locked.change_type = kind
        unchanged = kind is None
    locked.save()
    _audit_fields(
        action=AuditEntry.Action.EDITED,
        user=user,
        release=release,
        version=locked,
        code=locked.code,
        reason=reason,
        changes={_header(a): (before[a], compare.as_text(v)) for a, v in changes.items()},
    )
    if unchanged:
        # The release states the record as it was: no change to propose (the audit entry
        # keeps the edit, its code and release).
        locked.delete()
        release.summary = release_summary(release)
        release.save(update_fields=["summary"])
    return locked


def _set_held(*, version: CodeVersion, held: bool, reason: str, user) -> CodeVersion:
    release = _lock_draft(version.release_id)
    locked = CodeVersion.objects.select_for_update().get(pk=version.pk)
    if locked.held == held:
        state = "held back" if held else "not held back"
        raise CurationError(f"{locked.code} is already {state}.")
    reason = _require_reason(reason)
    locked.held = held
    locked.save(update_fields=["held"])
    AuditEntry.objects.create(
        action=AuditEntry.Action.HELD if held else AuditEntry.Action.RESTORED,
        user=user,
        release=release,
        version=locked,
        code=locked.code,
        reason=reason,
    )
    return locked


@transaction.atomic
def version_hold(*, version: CodeVersion, reason: str, user: AbstractBaseUser) -> CodeVersion:
    """Hold a proposed change back: publishing the release leaves this code as it is."""
    return _set_held(version=version, held=True, reason=reason, user=user)


@transaction.atomic
def version_restore(*, version: CodeVersion, reason: str, user: AbstractBaseUser) -> CodeVersion:
    """Put a held change back into the release."""
    return _set_held(version=version, held=False, reason=reason, user=user)


@transaction.atomic
def release_relabel(
    *,
    release: Release,
    label: str,
    effective_date: datetime.date,
    user: AbstractBaseUser,
    reason: str = "",
) -> Release:
    """Correct the label and effective date proposed from a draft's file name or content.
    The draft's versions take effect on the release's date, so they move with it."""
    locked = _lock_draft(release.pk)
    label = label.strip()
    if not label:
        raise ValidationError({"label": "A release needs a label, e.g. “2026 January”."})
    changes = {}
    if label != locked.label:
        changes["label"] = (locked.label, label)
        locked.label = label
    if effective_date != locked.effective_date:
        changes["effective date"] = (locked.effective_date.isoformat(), effective_date.isoformat())
        locked.effective_date = effective_date
        locked.versions.update(effective_date=effective_date)
    if changes:
        locked.save(update_fields=["label", "effective_date"])
        _audit_fields(
            action=AuditEntry.Action.EDITED,
            user=user,
            release=locked,
            changes=changes,
            reason=(reason or "").strip() or "Corrected the label or date proposed from the file.",
        )
    return locked


@transaction.atomic
def code_correct(
    *,
    code: HcpcsCode,
    values: Mapping[str, Any],
    reason: str,
    user: AbstractBaseUser,
) -> CodeVersion:
    """Correct a published code between releases (a typo, a change CMS announced before its
    file). The correction is a version of its own, in force from today, and the published
    record and the search index change with it. The next CMS file that states another value
    shows it as a change; holding that change keeps the correction."""
    locked = HcpcsCode.objects.select_for_update().get(pk=code.pk)
    old = locked.record()
    changes = _changes(old, values)
    if not changes:
        raise CurationError("Nothing was changed.")
    reason = _require_reason(reason)
    errors = check_values({**old, **changes}, only=changes)
    if errors:
        raise ValidationError(errors)
    new = {**old, **changes}
    fields = compare.changed_fields(old, new)
    version = CodeVersion.objects.create(
        **new,
        release=None,
        change_type=CodeVersion.ChangeType.CORRECTION,
        changed_fields=fields,
        previous={name: compare.as_text(old[name]) for name in fields},
        effective_date=timezone.localdate(),
        reason=reason,
        created_by=user,
    )
    HcpcsCode.objects.filter(pk=locked.pk).update(**changes, updated_at=timezone.now())
    timeline_store.refresh([locked.code])
    PublishedState.objects.record_change(published=False)
    search_index.refresh_index([locked.code])
    _audit_fields(
        action=AuditEntry.Action.CORRECTED,
        user=user,
        version=version,
        code=locked.code,
        reason=reason,
        changes={
            _header(a): (compare.as_text(old[a]), compare.as_text(v)) for a, v in changes.items()
        },
    )
    return version


_REFERENCE_FIELDS = ("code", "description", "source")


@transaction.atomic
def reference_save(
    *,
    instance: ReferenceCode,
    user: AbstractBaseUser,
    reason: str,
) -> ReferenceCode:
    """Add or change an entry of a CMS code table (CMS defined a new value before its
    layout document, or a description has a typo)."""
    reason = _require_reason(reason)
    model = type(instance)
    before = model.objects.select_for_update().filter(pk=instance.pk).first()
    instance.save()
    name = model._meta.verbose_name
    changes = {
        f"{name}: {attr}": (getattr(before, attr) if before else "", getattr(instance, attr))
        for attr in _REFERENCE_FIELDS
        if before is None or getattr(before, attr) != getattr(instance, attr)
    }
    _audit_fields(
        action=AuditEntry.Action.REFERENCE_EDITED,
        user=user,
        changes=changes,
        code=str(instance.pk)[:5],
        reason=reason,
    )
    return instance


@transaction.atomic
def reference_delete(*, instance: ReferenceCode, user: AbstractBaseUser, reason: str) -> None:
    """Remove an entry from a CMS code table; codes keep their value, flagged as unknown."""
    reason = _require_reason(reason)
    name = type(instance)._meta.verbose_name
    _audit_fields(
        action=AuditEntry.Action.REFERENCE_EDITED,
        user=user,
        code=str(instance.pk)[:5],
        reason=reason,
        changes={f"{name}: deleted": (str(instance), "")},
    )
    instance.delete()
