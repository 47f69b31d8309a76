"""Write every published HCPCS record to standard output, keyed by the CMS column names."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from codes.releases import exports


class Command(BaseCommand):
    help = (
        "Write every published code to standard output as JSON lines or CSV, one record per "
        "code, keyed by the CMS xlsx column names. --as-of gives the records as they stood on "
        "a date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD")

    def handle(self, *args, **options):
        if options["as_of"]:
            try:
                day = datetime.date.fromisoformat(options["as_of"])
            except ValueError as exc:
                raise CommandError(
                    f"--as-of {options['as_of']!r} is not a date (expected YYYY-MM-DD)."
                ) from exc
            records = exports.records_as_of(day)
        else:
            records = exports.current_records()
        self.stdout.ending = ""
        writer = exports.write_csv if options["format"] == "csv" else exports.write_jsonl
        count = writer(records, self.stdout)
        if options["verbosity"] > 1:
            self.stderr.write(f"{count} records written.")
