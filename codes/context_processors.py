"""Template context shared by every page."""

from codes.models import Release


def site(request) -> dict:
    """The latest published release, for the footer ("data as of ..."), cached under the
    content version the request was served for (read again when it was not)."""
    version = getattr(request, "content_version", None)
    return {"latest_release": Release.objects.latest_published_summary(version)}
