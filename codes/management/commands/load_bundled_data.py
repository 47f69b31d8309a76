"""Load and publish the bundled CMS releases, the first time the site runs."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from codes.models import Release


class Command(BaseCommand):
    help = (
        "Import and publish the CMS releases bundled under data/ (settings."
        "HCPCS_BUNDLED_RELEASES), in order, when no release has been loaded yet. Does nothing "
        "on a database that already has releases."
    )

    def handle(self, *args, **options):
        if Release.objects.exists():
            if options["verbosity"] > 1:
                self.stdout.write("Releases already loaded; nothing to do.")
            return
        files = [str(path) for path in settings.HCPCS_BUNDLED_RELEASES]
        self.stdout.write("First run: loading the bundled CMS releases.")
        call_command(
            "import_hcpcs",
            *files,
            publish=True,
            verbosity=options["verbosity"],
            stdout=self.stdout._out,
            stderr=self.stderr._out,
        )
