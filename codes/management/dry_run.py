"""``--dry-run`` for the commands that write: do the work, report it, then roll it back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import transaction


class _RollBack(Exception):
    """Raised at the end of a dry run to undo its writes."""


@contextmanager
def atomic_or_dry_run(*, dry_run: bool, report: Callable[[str], None]) -> Iterator[None]:
    """One transaction around the block; on a dry run it is rolled back once the block has
    reported what it did, and ``report`` says that nothing was saved. Errors inside the
    block roll back and propagate as usual."""
    try:
        with transaction.atomic():
            yield
            if dry_run:
                raise _RollBack
    except _RollBack:
        report("Dry run: nothing was saved.")
