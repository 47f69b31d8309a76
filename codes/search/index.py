"""Keeping the search index current: the refresher that publishing calls.

``codes.search_index.refresh`` runs inside the publishing transaction, so the index and the
published codes change together or not at all. Importing this module registers the
refresher (``CodesConfig.ready`` imports it, so the management commands have it too).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from codes import search_index
from codes.search.backends import backend_for


def refresh_index(codes: Iterable[str] | None = None, *, using: str = "default") -> None:
    """Re-index ``codes`` (every code when None) from the published state."""
    codes = None if codes is None else sorted(set(codes))
    if codes == []:
        return
    with transaction.atomic(using=using):
        backend_for(using).refresh(codes)


search_index.register(refresh_index)
