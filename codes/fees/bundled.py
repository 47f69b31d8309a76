"""The bundled fee schedule quarters, loaded and published by ``load_bundled_data`` the first
time the site runs (when no quarter has been loaded)."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command

from codes.fees.models import FeeQuarter


def load_bundled_fees(stdout, *, verbosity: int, streams: dict) -> None:
    if FeeQuarter.objects.exists():
        if verbosity > 1:
            stdout.write("DMEPOS fee schedule already loaded; nothing to do.")
        return
    files = [str(path) for path in settings.HCPCS_BUNDLED_DMEPOS]
    stdout.write("Loading the bundled CMS DMEPOS fee schedule quarters.")
    call_command("load_dmepos", *files, publish=True, verbosity=verbosity, **streams)
