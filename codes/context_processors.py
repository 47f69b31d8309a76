"""Template context shared by every page."""

import datetime

from django.utils import timezone

from codes.models import Release

STALE_AFTER = datetime.timedelta(days=92)


def site(request) -> dict:
    """The latest published release, for the footer ("data as of ...") and the notice that
    CMS has most likely published a newer one: more than a quarter past its effective date.
    Cached under the content version the request was served for (read again when it was
    not)."""
    version = getattr(request, "content_version", None)
    latest = Release.objects.latest_published_summary(version)
    if latest:
        stale = timezone.localdate() - latest["effective_date"] > STALE_AFTER
        latest = {**latest, "stale": stale}
    return {"latest_release": latest}
