"""Load and publish the bundled CMS releases, ASP drug files and search vocabulary, the
first time the site runs."""

import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from codes.drugs.services import load_index_entries, load_synonyms
from codes.fees.bundled import load_bundled_fees
from codes.models import AspFile, IndexEntry, Release, Synonym


class Command(BaseCommand):
    help = (
        "Import and publish the CMS releases bundled under data/ (settings."
        "HCPCS_BUNDLED_RELEASES), in order, when no release has been loaded yet; then the "
        "bundled ASP drug files (settings.HCPCS_BUNDLED_ASP) when no ASP file has been loaded, "
        "and the DMEPOS fee schedule quarters (settings.HCPCS_BUNDLED_DMEPOS) when none is. "
        "Does nothing on a database that already has them."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        streams = {"stdout": self.stdout._out, "stderr": self.stderr._out}
        if Release.objects.exists():
            if verbosity > 1:
                self.stdout.write("Releases already loaded; nothing to do.")
        else:
            files = [str(path) for path in settings.HCPCS_BUNDLED_RELEASES]
            self.stdout.write("First run: loading the bundled CMS releases.")
            call_command(
                "import_hcpcs",
                *files,
                publish=True,
                corrections=str(settings.HCPCS_BUNDLED_CORRECTIONS),
                verbosity=verbosity,
                **streams,
            )
        self._vocabulary(verbosity)
        if AspFile.objects.exists():
            if verbosity > 1:
                self.stdout.write("ASP drug files already loaded; nothing to do.")
        else:
            files = [str(path) for path in settings.HCPCS_BUNDLED_ASP]
            self.stdout.write("Loading the bundled CMS ASP drug files.")
            call_command("load_asp", *files, publish=True, verbosity=verbosity, **streams)
        load_bundled_fees(self.stdout, verbosity=verbosity, streams=streams)

    def _vocabulary(self, verbosity: int) -> None:
        """CMS's Table of Drugs and Index entries, and the seeded synonyms, once."""
        if not IndexEntry.objects.exists():
            document = json.loads(settings.HCPCS_BUNDLED_INDEX.read_text())
            count = load_index_entries(document=document)
            self.stdout.write(f"Loaded {count} CMS Table of Drugs and Index entries.")
        if not Synonym.objects.exists():
            document = json.loads(settings.HCPCS_BUNDLED_SYNONYMS.read_text())
            self.stdout.write(f"Loaded {load_synonyms(document=document)} synonyms.")
