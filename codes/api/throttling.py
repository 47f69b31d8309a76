"""The API's rate limits: one rate per client address for anonymous clients, another per
account for signed-in curators.

DRF's ``UserRateThrottle`` also counts an anonymous client, by address, against the
signed-in rate, so an anonymous client was held to the lower of the two rates: raising
``API_THROTTLE_ANON`` above ``API_THROTTLE_USER`` had no effect past the latter.
"""

from __future__ import annotations

from rest_framework.throttling import UserRateThrottle


class SignedInRateThrottle(UserRateThrottle):
    """The ``user`` rate, for signed-in clients only (``AnonRateThrottle`` counts the rest)."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
