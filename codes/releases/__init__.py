"""Releases: staging a CMS file as a draft, publishing and discarding it (``services``),
curators' edits and corrections (``curation``), reading a release's changes (``review``),
exports, the curation roles, the public release pages (``views``), a CMS file downloaded
from its https address (``fetch``), and the system check that says when the published data
is behind CMS's current quarter (``checks``, asking ``codes.timeline.currency``).

May import ``codes.cms``, the root modules and ``codes.search.index``; not the pages, the
admin or the API, which import it.
"""
