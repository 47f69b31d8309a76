"""``manage.py check --database default`` warns (codes.W001) when the published data is
older than CMS's current quarter.

It reads the database, so it is registered under Django's ``database`` tag: Django runs such
checks only when asked (``--database``), never before ``migrate`` or on a machine without a
database (building an image, ``collectstatic``), and ``check --deploy`` stays a check of the
configuration alone.
"""

from __future__ import annotations

from django.core import checks
from django.db import DatabaseError

from codes.timeline.currency import data_currency


@checks.register(checks.Tags.database)
def check_data_is_current(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    if not databases or "default" not in databases:
        return []
    try:
        currency = data_currency()
    except DatabaseError as error:  # not migrated yet: the migration checks say so
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return [
            checks.Info(
                f"Could not read the published releases ({first_line}); has migrate run?",
                id="codes.I001",
            )
        ]
    if not currency.behind:
        return []
    return [
        checks.Warning(
            currency.message,
            hint="CMS publishes the Alpha-Numeric HCPCS File every quarter (in force January 1, "
            "April 1, July 1 and October 1).",
            id="codes.W001",
        )
    ]
