"""API URLs: version 1 on a router, the OpenAPI schema and its docs page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from codes.api.schema import SchemaView
from codes.api.validate import ValidateView
from codes.api.views import AutocompleteViewSet, CodeViewSet

app_name = "api"

router = DefaultRouter()
router.register("codes", CodeViewSet, basename="code")
router.register("autocomplete", AutocompleteViewSet, basename="autocomplete")

urlpatterns = [
    path("v1/validate/", ValidateView.as_view(), name="validate"),
    path("v1/", include(router.urls)),
    path("schema/", SchemaView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
