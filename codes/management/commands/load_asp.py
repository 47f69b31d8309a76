"""Load CMS ASP files (NDC-HCPCS crosswalk, payment limits): stage each as a draft and,
with --publish, publish it. All files are read first, and the load is one transaction."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from codes.cms.errors import CmsFileError
from codes.drugs.asp import read_asp
from codes.drugs.services import AspFileError, asp_publish, asp_stage
from codes.management.dry_run import atomic_or_dry_run


class Command(BaseCommand):
    help = (
        "Load CMS's quarterly ASP files (the section 508 CSV NDC-HCPCS crosswalk and the "
        "payment limit file, or the same gzipped), recognised by their content; the quarter "
        'is read from the "Effective" line. Reports what each adds and removes.'
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--publish", action="store_true", help="Publish each file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read, compare and report, then roll back."
        )

    def handle(self, *args, files, publish, dry_run, **options):
        parsed = []
        for path in files:
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from None
            try:
                parsed.append(read_asp(data, name=Path(path).name))
            except CmsFileError as exc:
                raise CommandError(f"{exc}. Nothing was saved.") from None
        try:
            with atomic_or_dry_run(dry_run=dry_run, report=self._warn):
                for one in parsed:
                    staged = asp_stage(parsed=one).asp_file
                    if publish:
                        asp_publish(asp_file=staged)
                    self._report(staged, publish)
        except AspFileError as exc:
            raise CommandError(f"{exc} Nothing was saved.") from None

    def _warn(self, text: str) -> None:
        self.stdout.write(self.style.WARNING(text))

    def _report(self, asp_file, published: bool) -> None:
        summary = asp_file.summary
        state = "published" if published else "staged as a draft"
        compared = summary["compared_with"] or "nothing (first of its kind)"
        self.stdout.write(
            f"{asp_file.source_name}: {asp_file.get_kind_display()} {asp_file.quarter_label}, "
            f"{summary['rows']} rows, {summary['codes']} codes, {state}. Against "
            f"{compared}: {summary['added']} added, {summary['removed']} removed, "
            f"{summary['changed']} changed."
        )
        if summary["cpt_codes"]:
            self.stdout.write(
                f"  CPT codes (kept, not HCPCS Level II): {len(summary['cpt_codes'])}"
            )
        if summary["not_in_hcpcs"]:
            shown = ", ".join(summary["not_in_hcpcs"][:20])
            self.stdout.write(
                f"  Not in the published HCPCS codes ({len(summary['not_in_hcpcs'])}): {shown}"
            )
