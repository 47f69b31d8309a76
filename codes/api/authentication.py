"""API sign-in: a curator's admin session counts (for the signed-in throttle rate), and a
request without a session cookie never touches the session, so anonymous answers do not
vary by cookie and stay cacheable by a CDN."""

from django.conf import settings
from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication


class SessionIfPresent(SessionAuthentication):
    def authenticate(self, request):
        if settings.SESSION_COOKIE_NAME not in request._request.COOKIES:
            return None
        return super().authenticate(request)


class SessionIfPresentScheme(SessionScheme):
    """Documents it in the OpenAPI schema as Django's session cookie."""

    target_class = "codes.api.authentication.SessionIfPresent"
