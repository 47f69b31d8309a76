"""Releases: staging a CMS file as a draft, publishing and discarding it (``services``),
curators' edits and corrections (``curation``), reading a release's changes (``review``),
exports, the curation roles, and the public release pages (``views``).

May import ``codes.cms``, the root modules and ``codes.search.index``; not the pages, the
admin or the API, which import it.
"""
