"""FHIR R4 endpoints under /fhir/ (included by hcpcs_site/urls.py)."""

from django.urls import path, re_path

from codes.fhir import views

app_name = "fhir"

urlpatterns = [
    path("metadata", views.metadata, name="metadata"),
    path("CodeSystem", views.code_system_search, name="codesystem-search"),
    path("CodeSystem/$lookup", views.code_system_lookup, name="codesystem-lookup"),
    path(
        "CodeSystem/$validate-code",
        views.code_system_validate_code,
        name="codesystem-validate-code",
    ),
    path(
        "CodeSystem/$batch-validate-code",
        views.code_system_batch_validate_code,
        name="codesystem-batch-validate-code",
    ),
    path("CodeSystem/<str:resource_id>", views.code_system_read, name="codesystem-read"),
    path("ValueSet/$expand", views.value_set_expand, name="valueset-expand"),
    path("ValueSet/$validate-code", views.value_set_validate_code, name="valueset-validate-code"),
    re_path(r"^(?P<path>.*)$", views.unknown, name="unknown"),
]
