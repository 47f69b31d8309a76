"""Import CMS HCPCS release files: stage each as a draft release, and publish with --publish.

A file may also be given by its https address on CMS's site: it is downloaded (with the
upload's size limit and the HCPCS_FETCH_* timeouts) and then read exactly as a local file.
All files are read and checked before anything is written, and the whole import runs in
one transaction: a bad file, or any error, leaves the database exactly as it was.
"""

import datetime
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from django.core.management.base import BaseCommand, CommandError

from codes.cms.errors import CmsFileError
from codes.cms.readers import read_release
from codes.management.dry_run import atomic_or_dry_run
from codes.models import Release
from codes.releases.corrections import CorrectionsError, apply_corrections, read_corrections
from codes.releases.fetch import FetchError, fetch_release_file, looks_like_url
from codes.releases.services import (
    ReleaseError,
    is_backfill,
    loaded_release,
    release_publish,
    release_stage,
)
from codes.releases.staging_warnings import NOTE_KINDS


def _read_file(path: str) -> tuple[object | None, str]:
    """(the parsed release, "") or (None, what is wrong with the file): plain values, so a
    worker process can send them back."""
    try:
        return read_release(path), ""
    except FileNotFoundError:
        return None, f"{path}: no such file."
    except CmsFileError as exc:
        return None, f"{exc}."


class ProgressBar:
    """A one-line text progress bar, drawn only on a terminal."""

    def __init__(self, stream, enabled: bool):
        self.stream = stream
        self.enabled = enabled and stream.isatty()
        self.width = 30

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or not total:
            return
        filled = int(self.width * done / total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r  {stage:<8} [{bar}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


BACKFILL_KINDS = ("added", "changed", "terminated", "reactivated", "removed")


class Command(BaseCommand):
    help = (
        "Import CMS HCPCS release files (fixed-width text, xlsx, xls or the CMS zip), in the "
        "order given; a file may be an https:// address, downloaded first. Each file is "
        "compared field by field with the published state and "
        "staged as a draft release; --publish publishes each one before the next is read. "
        "Without --publish every file is compared with the published state as it is now."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="+",
            metavar="FILE_OR_URL",
            help="A path, or the https:// address of the file on CMS's site.",
        )
        parser.add_argument("--label", help='Release label, e.g. "2025 October" (one file only).')
        parser.add_argument(
            "--effective-date",
            dest="effective_date",
            metavar="YYYY-MM-DD",
            help="Release effective date (one file only).",
        )
        parser.add_argument("--publish", action="store_true", help="Publish each release.")
        parser.add_argument(
            "--backfill",
            action="store_true",
            help="Allow a release older than the latest published one: it is compared with "
            "the history before its date and, published, adds history for its dates; the "
            "releases after it are compared with it again, so the history is the same as "
            "had the files been loaded in date order. Without it such a release is refused.",
        )
        parser.add_argument(
            "--corrections",
            metavar="FILE",
            help="Curators' corrections (JSON, see codes/releases/corrections.py) to apply to "
            "the drafts of the files they name, each an audited edit, before publishing.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read, compare and report, then roll everything back.",
        )

    def handle(
        self,
        *args,
        files,
        label,
        effective_date,
        publish,
        backfill,
        corrections,
        dry_run,
        verbosity,
        **options,
    ):
        self.backfill = backfill
        try:
            self.corrections = read_corrections(corrections) if corrections else []
        except CorrectionsError as exc:
            raise CommandError(f"{exc} Nothing was saved.") from exc
        self.verbosity = verbosity
        if (label or effective_date) and len(files) > 1:
            raise CommandError("--label and --effective-date apply to a single file.")
        day = self._parse_date(effective_date) if effective_date else None
        parsed = self._read_all(files)
        progress = ProgressBar(sys.stderr, verbosity >= 1)
        try:
            with atomic_or_dry_run(dry_run=dry_run, report=self.warn):
                for release in parsed:
                    self._import_one(release, label, day, publish, progress, verbosity)
        except (ReleaseError, CorrectionsError) as exc:
            raise CommandError(f"{exc} Nothing was saved.") from exc

    def say(self, message: str) -> None:
        """Report progress unless --verbosity 0 asked for silence."""
        if self.verbosity > 0:
            self.stdout.write(message)

    def warn(self, message: str) -> None:
        self.say(self.style.WARNING(message))

    def _parse_date(self, value: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--effective-date {value!r} is not a date (YYYY-MM-DD).") from exc

    def _read_all(self, files: list[str]) -> list:
        """Every file read and checked before anything is written: addresses downloaded one
        by one, local files read in parallel, one process per core (reading a workbook is
        most of an import)."""
        local = [path for path in files if not looks_like_url(path)]
        workers = min(len(local), os.cpu_count() or 1)
        if workers < 2:
            outcomes = [_read_file(path) for path in local]
        else:
            with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
                outcomes = list(pool.map(_read_file, local))
        for _, error in outcomes:
            if error:
                raise CommandError(f"{error} Nothing was saved.")
        read = dict(zip(local, (parsed for parsed, _ in outcomes)))
        return [self._read_url(path) if looks_like_url(path) else read[path] for path in files]

    def _read_url(self, url: str):
        try:
            fetched = fetch_release_file(url)
        except FetchError as exc:
            raise CommandError(f"{exc}. Nothing was saved.") from exc
        self.say(f"{url}: downloaded {len(fetched.data):,} bytes.")
        try:
            return read_release(fetched.data, name=fetched.name)
        except CmsFileError as exc:
            raise CommandError(f"{exc} (downloaded from {url}). Nothing was saved.") from exc

    def _import_one(self, parsed, label, day, publish, progress, verbosity):
        label = label or parsed.label
        day = day or parsed.effective_date
        self.say(
            f"{parsed.source_name}: {len(parsed.records)} records, read as {parsed.format}; "
            f"release {label!r}, effective {day}."
        )
        if verbosity > 1:
            for warning in parsed.warnings:
                self.say(f"  note: {warning}")
        existing = loaded_release(parsed.sha256)
        if existing is not None:  # the same file twice changes nothing, whatever its date
            state = "published" if existing.status == Release.Status.PUBLISHED else "staged"
            self.say(
                self.style.WARNING(
                    f"  skipped: this file was already {state} as release {existing.label!r}."
                )
            )
            return
        older = is_backfill(day)
        if older and not self.backfill:
            latest = Release.objects.latest_published()
            raise ReleaseError(
                f"{parsed.source_name}: release {label!r} (effective {day}) is older than the "
                f"published release {latest.label!r} (effective {latest.effective_date}). "
                "To add it to the history for its dates, import it again with --backfill."
            )
        if older:
            self.say("  backfill: compared with the history before its date.")
        try:
            result = release_stage(
                parsed=parsed, label=label, effective_date=day, progress=progress
            )
        except ReleaseError as exc:
            if exc.release is not None and exc.release.sha256 == parsed.sha256:
                self.say(self.style.WARNING(f"  skipped: {exc}"))
                return
            raise
        summary = result.summary
        if older:
            # A backfill adds history for its dates: its counts are against the history
            # before them, not today's codes.
            changed = sum(summary.get(kind, 0) for kind in BACKFILL_KINDS)
            self.say(f"  history added for {changed:,} codes, for the dates from {day}:")
        self.say(
            "  added {added}, changed {changed}, terminated {terminated}, reactivated "
            "{reactivated}, no longer in the file {removed}, unchanged {unchanged}".format(
                **summary
            )
        )
        if result.changed_fields:
            fields = ", ".join(
                f"{name} {count}"
                for name, count in sorted(result.changed_fields.items(), key=lambda i: -i[1])
            )
            self.say(f"  changed fields: {fields}")
        staged = [w for w in result.warnings if w.kind not in NOTE_KINDS]  # notes shown above
        for warning in staged[: 20 if verbosity < 2 else None]:
            self.say(self.style.WARNING(f"  warning: {warning}"))
        if result.identical:
            self.say(self.style.SUCCESS("  identical to the published state: nothing to stage."))
            return
        for correction in apply_corrections(
            release=result.release, source_name=parsed.source_name, corrections=self.corrections
        ):
            self.say(f"  corrected {correction.code} {correction.field}: {correction.reason}")
        if publish:
            release_publish(release=result.release, progress=progress, allow_out_of_order=older)
            self.say(self.style.SUCCESS(f"  published release {label!r}."))
        else:
            self.say(
                self.style.SUCCESS(
                    f"  staged draft release {label!r} (id {result.release.pk}); publish it in "
                    "the admin or import again with --publish."
                )
            )
