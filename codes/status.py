"""The statuses a code can have on a day.

The rule that decides them is the timeline's (``codes.timeline.reading``, written down once
in its docstring): a code is valid on day D when D falls in one of its periods of validity,
built from every published release's record of it in effective-date order (ADD DT, TERM DT,
reactivations, codes reused after termination, codes that left CMS's file).

``active`` (valid on D), ``not_yet_effective`` (before its first period), ``terminated``
(after a period's end and in no later period) and ``unknown`` (no loaded release has the code).
"""

from __future__ import annotations

import datetime

from django.db import models


class CodeStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    NOT_YET_EFFECTIVE = "not_yet_effective", "Not yet effective"
    TERMINATED = "terminated", "Terminated"
    UNKNOWN = "unknown", "Unknown code"


# The search filter's value for "whatever the status" (a query parameter, so kept short).
ANY_STATUS = "all"
ONE_DAY = datetime.timedelta(days=1)
