"""A value built from the database once per process and database alias (the SQLite words
for typo correction, the drug and everyday lexicon), kept until this process says its
sources changed (``forget``) or, for changes other processes make, until a fingerprint of
the sources has changed at a check made at most every ``seconds``: reading the fingerprint
costs a query, too much for every keystroke, and a value a minute old does no harm."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Rechecked(Generic[T]):
    def __init__(
        self,
        *,
        build: Callable[[str], T],
        fingerprint: Callable[[str], tuple],
        seconds: float = 60.0,
    ):
        self.build = build
        self.fingerprint = fingerprint
        self.seconds = seconds
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[tuple, float, T]] = {}

    def forget(self) -> None:
        self._cache.clear()

    def expire(self) -> None:
        """Check the sources' fingerprint at the next ``get`` (built again only if they
        changed), as if the ``seconds`` had passed."""
        self._cache = {
            alias: (kept[0], -self.seconds, kept[2]) for alias, kept in self._cache.items()
        }

    def get(self, alias: str = "default") -> T:
        now = time.monotonic()
        cached = self._cache.get(alias)
        if cached and now - cached[1] < self.seconds:
            return cached[2]
        with self._lock:
            fingerprint = self.fingerprint(alias)
            value = cached[2] if cached and cached[0] == fingerprint else self.build(alias)
            self._cache[alias] = (fingerprint, now, value)
        return value
