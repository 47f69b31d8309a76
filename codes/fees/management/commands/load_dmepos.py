"""Load CMS DMEPOS fee schedule files: stage each quarter as a draft and, with --publish,
publish it. All files are read first, and the load is one transaction: a bad file or row
saves nothing."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from codes.cms.errors import CmsFileError
from codes.fees.reader import read_fee_schedule
from codes.fees.services import FeeScheduleError, fee_publish, fee_stage
from codes.management.dry_run import atomic_or_dry_run


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--effective-date {value!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Load CMS's quarterly DMEPOS fee schedule CSV files (as CMS publishes them, re-saved "
        'without the banner rows, or gzipped). The quarter is read from the banner ("April '
        '2025 Fee Schedule") or the file name (DMEPOS26_JAN), or given with --effective-date. '
        "Reports what each quarter adds, changes and removes against the quarter before."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--publish", action="store_true", help="Publish each quarter.")
        parser.add_argument(
            "--effective-date",
            metavar="YYYY-MM-DD",
            help="The quarter's first day, when neither the banner nor the name gives it "
            "(only with one file).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read, compare and report, then roll back."
        )

    def handle(self, *args, files, publish, effective_date, dry_run, **options):
        if effective_date and len(files) > 1:
            raise CommandError("--effective-date goes with one file at a time.")
        day = _date(effective_date) if effective_date else None
        parsed = []
        for path in files:
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from None
            try:
                parsed.append(read_fee_schedule(data, name=Path(path).name, effective_date=day))
            except CmsFileError as exc:
                raise CommandError(f"{exc}. Nothing was saved.") from None
        try:
            with atomic_or_dry_run(dry_run=dry_run, report=self._warn):
                for one in sorted(parsed, key=lambda p: p.effective_date or datetime.date.min):
                    quarter = fee_stage(parsed=one)
                    if publish:
                        quarter = fee_publish(quarter=quarter)
                    self._report(quarter, options["verbosity"])
        except FeeScheduleError as exc:
            raise CommandError(f"{exc} Nothing was saved.") from None

    def _warn(self, text: str) -> None:
        self.stdout.write(self.style.WARNING(text))

    def _report(self, quarter, verbosity: int) -> None:
        summary = quarter.summary
        compared = summary["compared_with"] or "nothing (the first quarter loaded)"
        self.stdout.write(
            self.style.SUCCESS(
                f"{quarter.source_name}: DMEPOS fee schedule {quarter.label}, "
                f"{summary['rows']} rows, {summary['codes']} codes, "
                f"{quarter.get_status_display().lower()}."
            )
        )
        self.stdout.write(
            f"  Against {compared}: {summary['added']} new rows, {summary['changed']} with "
            f"changed amounts, {summary['removed']} removed."
        )
        if verbosity > 1 and summary.get("median_pct") is not None:
            self.stdout.write(f"  Median change of a changed amount: {summary['median_pct']}%.")
