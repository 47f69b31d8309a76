"""What a fresh worker would otherwise build on its first search, built once before the
workers fork.

gunicorn loads the app in its master process (``preload_app``) and calls ``warm`` from
``when_ready``: the spelling vocabulary, the reference tables and the compiled templates are
then in every worker from its first request (a cold worker took about a second for its first
search). The database connection used for it is closed before the fork, and a database that
is down only means the workers build these on demand, as before.
"""

from __future__ import annotations

import logging
import time

from django.db import DatabaseError, connections
from django.template.loader import get_template
from django.utils import timezone

from codes import reference_tables
from codes.models import HcpcsCode
from codes.search import parse, search_codes
from codes.search.display import result_rows

log = logging.getLogger("hcpcs.warmup")

TEMPLATES = ("codes/search.html", "codes/detail.html", "codes/home.html")
# A misspelt word and a real one: the search, its spelling fallback and the ranking.
QUERY = "wheelchiar cushion"


def warm() -> None:
    started = time.perf_counter()
    try:
        for name in TEMPLATES:
            get_template(name)
        reference_tables.lookup()
        result = search_codes(parse(QUERY), within=HcpcsCode.objects.all())
        result_rows(list(result.codes[:25]), terms=result.terms, day=timezone.localdate())
    except DatabaseError as error:
        log.warning("warm-up skipped, the database is unavailable: %s", error)
    finally:
        connections.close_all()
    log.info("warmed up in %.0f ms", (time.perf_counter() - started) * 1000)
