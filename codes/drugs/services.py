"""The writes of the drug data: stage, publish and discard a quarter's ASP file, and edit a
synonym. Each runs in one transaction and leaves an audit entry; a refusal changes nothing.

Staging compares the file with the published file of the same kind it follows (the same
quarter when CMS re-issues one, else the latest earlier quarter) and stores what it adds
and removes, the CPT codes it lists and the Level II codes absent from the published HCPCS
codes, in ``AspFile.summary``: reported for review, never a reason to refuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from codes.drugs.asp import CROSSWALK, ParsedAspFile
from codes.models import AuditEntry, HcpcsCode, PublishedState
from codes.models.drugs import AspFile, CrosswalkRow, IndexEntry, PaymentLimit, Synonym

# How many added or removed entries the summary lists by name (the counts are complete).
SUMMARY_SAMPLE = 200
BATCH = 2000


class AspFileError(Exception):
    """An ASP file cannot be staged or published; the message says why."""

    def __init__(self, message: str, *, asp_file: AspFile | None = None):
        super().__init__(message)
        self.asp_file = asp_file


@dataclass
class Staged:
    asp_file: AspFile
    created: bool


def _keys(kind: str, rows) -> dict[tuple, object]:
    if kind == CROSSWALK:
        return {(r["code"], r["ndc"]): r["bill_units_per_package"] for r in rows}
    return {(r["code"],): r["payment_limit"] for r in rows}


def _stored_keys(asp_file: AspFile) -> dict[tuple, object]:
    if asp_file.kind == AspFile.Kind.CROSSWALK:
        rows = asp_file.crosswalk.values_list("code", "ndc", "bill_units_per_package")
        return {(code, ndc): units for code, ndc, units in rows}
    limits = asp_file.limits.values_list("code", "payment_limit")
    return {(code,): limit for code, limit in limits}


def _previous(kind: str, starts, using: str) -> AspFile | None:
    return (
        AspFile.objects.using(using)
        .published()
        .filter(kind=kind, starts__lte=starts)
        .order_by("-starts", "-published_at")
        .first()
    )


def _summary(parsed: ParsedAspFile, previous: AspFile | None, using: str) -> dict:
    new = _keys(parsed.kind, parsed.rows)
    old = _stored_keys(previous) if previous else {}
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    changed = sorted(k for k in set(new) & set(old) if new[k] != old[k])
    codes = {r["code"] for r in parsed.rows}
    level2 = {r["code"] for r in parsed.rows if r["level2"]}
    known = set(
        HcpcsCode.objects.using(using).filter(code__in=level2).values_list("code", flat=True)
    )
    old_codes = {key[0] for key in old}
    return {
        "compared_with": previous.quarter_label if previous else None,
        "rows": len(parsed.rows),
        "codes": len(codes),
        "added": len(added),
        "removed": len(removed),
        "changed": len(changed),
        "added_sample": [" ".join(k) for k in added[:SUMMARY_SAMPLE]],
        "removed_sample": [" ".join(k) for k in removed[:SUMMARY_SAMPLE]],
        "codes_added": sorted(codes - old_codes) if previous else [],
        "codes_removed": sorted(old_codes - codes) if previous else [],
        "cpt_codes": sorted(codes - level2),
        "not_in_hcpcs": sorted(level2 - known),
    }


def _rows(asp_file: AspFile, parsed: ParsedAspFile):
    if parsed.kind == CROSSWALK:
        return CrosswalkRow, [CrosswalkRow(asp_file=asp_file, **row) for row in parsed.rows]
    return PaymentLimit, [PaymentLimit(asp_file=asp_file, **row) for row in parsed.rows]


def asp_stage(*, parsed: ParsedAspFile, user=None, using: str = "default") -> Staged:
    """Store a read ASP file as a draft with its summary. The same bytes already loaded
    (and not discarded) are refused, naming that file."""
    with transaction.atomic(using=using):
        existing = (
            AspFile.objects.using(using)
            .filter(sha256=parsed.sha256, kind=parsed.kind)
            .exclude(status__in=[AspFile.Status.DISCARDED, AspFile.Status.REPLACED])
            .first()
        )
        if existing is not None:
            raise AspFileError(
                f"{parsed.source_name} is already loaded as the {existing}.", asp_file=existing
            )
        previous = _previous(parsed.kind, parsed.starts, using)
        asp_file = AspFile.objects.using(using).create(
            kind=parsed.kind,
            starts=parsed.starts,
            ends=parsed.ends,
            title=parsed.title[:255],
            source_name=parsed.source_name[:255],
            sha256=parsed.sha256,
            row_count=len(parsed.rows),
            summary=_summary(parsed, previous, using),
            loaded_by=user,
        )
        model, rows = _rows(asp_file, parsed)
        model.objects.using(using).bulk_create(rows, batch_size=BATCH)
        AuditEntry.objects.using(using).create(
            action=AuditEntry.Action.ASP_STAGED,
            user=user,
            new_value=str(asp_file),
            reason=f"Loaded {parsed.source_name}.",
        )
    return Staged(asp_file, True)


def asp_publish(*, asp_file: AspFile, user=None, using: str = "default") -> AspFile:
    """Make a draft the published file of its kind and quarter, replacing the one before."""
    with transaction.atomic(using=using):
        locked = AspFile.objects.using(using).select_for_update().get(pk=asp_file.pk)
        if not locked.is_draft:
            raise AspFileError(
                f"The {locked} is {locked.get_status_display().lower()}; only a draft can be "
                "published.",
                asp_file=locked,
            )
        AspFile.objects.using(using).published().filter(
            kind=locked.kind, starts=locked.starts
        ).update(status=AspFile.Status.REPLACED)
        locked.status = AspFile.Status.PUBLISHED
        locked.published_by = user
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_by", "published_at"])
        AuditEntry.objects.using(using).create(
            action=AuditEntry.Action.ASP_PUBLISHED, user=user, new_value=str(locked)
        )
        # Drug pages, search and the API show it: every cache keyed to the content moves on.
        PublishedState.objects.db_manager(using).record_change(published=False)
    _forget_lexicon()
    return locked


def asp_discard(*, asp_file: AspFile, user=None, reason: str, using: str = "default") -> None:
    """Drop a draft and its rows; the file entry stays, marked discarded, for the record."""
    with transaction.atomic(using=using):
        locked = AspFile.objects.using(using).select_for_update().get(pk=asp_file.pk)
        if not locked.is_draft:
            raise AspFileError(f"The {locked} is not a draft.", asp_file=locked)
        locked.crosswalk.all().delete()
        locked.limits.all().delete()
        locked.status = AspFile.Status.DISCARDED
        locked.save(update_fields=["status"])
        AuditEntry.objects.using(using).create(
            action=AuditEntry.Action.ASP_DISCARDED, user=user, new_value=str(locked), reason=reason
        )


def synonym_save(*, synonym: Synonym, user=None, reason: str, created: bool) -> Synonym:
    """Save a synonym checked by ``vocabulary.check_synonym`` and note it in the audit trail."""
    with transaction.atomic():
        old = "" if created else str(Synonym.objects.get(pk=synonym.pk))
        synonym.term = " ".join(synonym.term.lower().split())
        synonym.expansions = "\n".join(synonym.expansion_list)
        synonym.save()
        PublishedState.objects.record_change(published=False)  # search results change
        AuditEntry.objects.create(
            action=AuditEntry.Action.VOCABULARY_EDITED,
            user=user,
            field_name="synonym",
            old_value=old,
            new_value=str(synonym),
            reason=reason,
        )
    _forget_lexicon()
    return synonym


def synonym_delete(*, synonym: Synonym, user=None, reason: str) -> None:
    with transaction.atomic():
        AuditEntry.objects.create(
            action=AuditEntry.Action.VOCABULARY_EDITED,
            user=user,
            field_name="synonym",
            old_value=str(synonym),
            new_value="(deleted)",
            reason=reason,
        )
        synonym.delete()
        PublishedState.objects.record_change(published=False)
    _forget_lexicon()


def _forget_lexicon() -> None:
    from codes.drugs import lexicon

    lexicon.forget()


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def synonym_problems(
    term: str, expansions: list[str], *, others: dict[str, list[str]]
) -> list[str]:
    """Why a synonym cannot be saved: empty, mapping to itself, or closing a loop with the
    other synonyms (``others``: term -> expansions), which would expand forever."""
    key = _norm(term)
    meanings = [_norm(e) for e in expansions if e.strip()]
    if not key:
        return ["The term is empty."]
    if not meanings:
        return [f"“{term}” has no meaning: give at least one line of CMS's words."]
    problems = [f"“{term}” cannot mean itself." for m in meanings if m == key][:1]
    graph = {
        " ".join(t.lower().split()): [" ".join(e.lower().split()) for e in es]
        for t, es in others.items()
    }
    graph[key] = meanings
    path = _loop_from(key, graph)
    if path and not problems:
        problems.append("This would make a loop: " + " → ".join(path) + ".")
    return problems


def _loop_from(start: str, graph: dict[str, list[str]]) -> list[str] | None:
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt == start:
                return [*path, nxt]
            if nxt in graph and nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def load_index_entries(*, document: dict, using: str = "default") -> int:
    """Replace the CMS index entries with those of the bundled JSON document."""
    columns = document["columns"]
    with transaction.atomic(using=using):
        IndexEntry.objects.using(using).all().delete()
        IndexEntry.objects.using(using).bulk_create(
            (IndexEntry(**dict(zip(columns, row, strict=True))) for row in document["entries"]),
            batch_size=BATCH,
        )
    _forget_lexicon()
    return len(document["entries"])


def load_synonyms(*, document: dict, using: str = "default") -> int:
    """Add the bundled synonyms a database does not have yet (curators' edits are kept)."""
    added = 0
    with transaction.atomic(using=using):
        known = set(Synonym.objects.using(using).values_list("term", flat=True))
        for entry in document["entries"]:
            if entry["term"] in known:
                continue
            Synonym.objects.using(using).create(
                term=entry["term"], expansions="\n".join(entry["means"]), note=entry["why"]
            )
            added += 1
    _forget_lexicon()
    return added
