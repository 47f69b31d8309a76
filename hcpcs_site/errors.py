"""The 500 handler: JSON for the API, the plain error page for people."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import server_error as page_error

from hcpcs_site.middleware import wants_json


def server_error(request: HttpRequest) -> HttpResponse:
    if wants_json(request):
        return JsonResponse(
            {
                "detail": "Server error; it has been logged.",
                "request_id": getattr(request, "request_id", None),
            },
            status=500,
        )
    return page_error(request)
