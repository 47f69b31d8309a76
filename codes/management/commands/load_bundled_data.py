"""Load and publish the bundled CMS releases, ASP drug files and search vocabulary: all of
them on the first run, and on a site that has some, the bundled releases it lacks."""

import hashlib
import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from codes.drugs.services import load_index_entries, load_synonyms
from codes.fees.bundled import load_bundled_fees
from codes.models import AspFile, CodeLife, HcpcsCode, IndexEntry, Release, Synonym
from codes.timeline import store as timeline_store


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Command(BaseCommand):
    help = (
        "Import and publish the CMS releases bundled under data/ (settings."
        "HCPCS_BUNDLED_RELEASES) that this site has never loaded, in date order (older ones "
        "than the newest published are backfilled); then the bundled ASP drug files "
        "(settings.HCPCS_BUNDLED_ASP) when no ASP file has been loaded, and the DMEPOS fee "
        "schedule quarters (settings.HCPCS_BUNDLED_DMEPOS) when none is. Does nothing on a "
        "database that already has them."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        streams = {"stdout": self.stdout._out, "stderr": self.stderr._out}
        self._spans(verbosity)
        seen = set(Release.objects.values_list("sha256", flat=True))
        files = [str(path) for path in settings.HCPCS_BUNDLED_RELEASES if _sha256(path) not in seen]
        if not files:
            if verbosity > 1:
                self.stdout.write("Bundled releases already loaded; nothing to do.")
        else:
            first = "First run" if not seen else "New bundled releases"
            self.stdout.write(f"{first}: loading {len(files)} CMS releases.")
            call_command(
                "import_hcpcs",
                *files,
                publish=True,
                backfill=True,
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

    def _spans(self, verbosity: int) -> None:
        """A site upgraded from before the timelines gets its codes' spans derived once."""
        if HcpcsCode.objects.exists() and not CodeLife.objects.exists():
            count = timeline_store.refresh()
            if verbosity:
                self.stdout.write(f"Derived the periods of validity of {count} codes.")

    def _vocabulary(self, verbosity: int) -> None:
        """CMS's Table of Drugs and Index entries, and the seeded synonyms, once."""
        if not IndexEntry.objects.exists():
            document = json.loads(settings.HCPCS_BUNDLED_INDEX.read_text())
            count = load_index_entries(document=document)
            self.stdout.write(f"Loaded {count} CMS Table of Drugs and Index entries.")
        if not Synonym.objects.exists():
            document = json.loads(settings.HCPCS_BUNDLED_SYNONYMS.read_text())
            self.stdout.write(f"Loaded {load_synonyms(document=document)} synonyms.")
