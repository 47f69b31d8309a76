"""Keeping the search index current with the published codes.

Publishing a release and correcting a published code call ``refresh_index`` inside their
transaction, so the index and the published codes change together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from codes.search.backends import backend_for


def refresh_index(codes: Iterable[str] | None = None, *, using: str = "default") -> None:
    """Re-index ``codes`` (every code when None) from the published state."""
    codes = None if codes is None else sorted(set(codes))
    if codes == []:
        return
    with transaction.atomic(using=using):
        backend_for(using).refresh(codes)
