"""Template context shared by every page."""

from codes.models import Release


def site(request) -> dict:
    """The latest published release, for the footer ("data as of ...")."""
    return {"latest_release": Release.objects.latest_published_summary()}
