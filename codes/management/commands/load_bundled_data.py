"""Load and publish the bundled CMS releases and ASP drug files, the first time the site runs."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from codes.models import AspFile, Release


class Command(BaseCommand):
    help = (
        "Import and publish the CMS releases bundled under data/ (settings."
        "HCPCS_BUNDLED_RELEASES), in order, when no release has been loaded yet; then the "
        "bundled ASP drug files (settings.HCPCS_BUNDLED_ASP) when no ASP file has been loaded. "
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
            call_command("import_hcpcs", *files, publish=True, verbosity=verbosity, **streams)
        if AspFile.objects.exists():
            if verbosity > 1:
                self.stdout.write("ASP drug files already loaded; nothing to do.")
            return
        files = [str(path) for path in settings.HCPCS_BUNDLED_ASP]
        self.stdout.write("Loading the bundled CMS ASP drug files.")
        call_command("load_asp", *files, publish=True, verbosity=verbosity, **streams)
