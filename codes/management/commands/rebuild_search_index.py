"""Rebuild the search index from the published codes.

Publishing keeps the index current by itself; this is for when the published codes were
changed some other way (a restored backup, a hand-made SQL fix), or to check that the
index matches the codes.
"""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from codes.models import HcpcsCode
from codes.search.index import refresh_index


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index (SQLite FTS5 or PostgreSQL tsvector, and the "
        "vocabulary for typo tolerance) from the published HCPCS codes, in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database to rebuild the index of."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report how many codes would be indexed; change nothing.",
        )

    def handle(self, *args, **options):
        database = options["database"]
        count = HcpcsCode.objects.using(database).count()
        if options["dry_run"]:
            self.stdout.write(f"Would index {count} codes.")
            return
        refresh_index(None, using=database)
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"Indexed {count} codes."))
