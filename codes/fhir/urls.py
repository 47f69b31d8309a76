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
    # Instance level: the id names the version (hcpcs: the latest; hcpcs-2025-01).
    path(
        "CodeSystem/<str:resource_id>/$lookup",
        views.code_system_lookup,
        name="codesystem-instance-lookup",
    ),
    path(
        "CodeSystem/<str:resource_id>/$validate-code",
        views.code_system_validate_code,
        name="codesystem-instance-validate-code",
    ),
    path("ValueSet/$expand", views.value_set_expand, name="valueset-expand"),
    path("ValueSet/$validate-code", views.value_set_validate_code, name="valueset-validate-code"),
    path("ValueSet/<str:resource_id>", views.value_set_read, name="valueset-read"),
    path(
        "ValueSet/<str:resource_id>/$expand",
        views.value_set_expand,
        name="valueset-instance-expand",
    ),
    path(
        "ValueSet/<str:resource_id>/$validate-code",
        views.value_set_validate_code,
        name="valueset-instance-validate-code",
    ),
    path(
        "OperationDefinition/<str:resource_id>",
        views.operation_definition_read,
        name="operationdefinition-read",
    ),
    re_path(r"^(?P<path>.*)$", views.unknown, name="unknown"),
]
