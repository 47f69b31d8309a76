"""Template context shared by every page."""

from django.core.cache import cache

from codes.models import Release

_CACHE_KEY = "codes:latest-release"


def forget_latest_release() -> None:
    """Called when a release is published, so the footer shows it at once."""
    cache.delete(_CACHE_KEY)


def site(request) -> dict:
    """The latest published release, for the footer ("data as of ...")."""
    latest = cache.get(_CACHE_KEY)
    if latest is None:
        release = Release.objects.latest_published()
        latest = (
            {"label": release.label, "effective_date": release.effective_date, "id": release.pk}
            if release
            else {}
        )
        cache.set(_CACHE_KEY, latest, 60)
    return {"latest_release": latest}
