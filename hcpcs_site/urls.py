from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("codes.api.urls")),
    path("fhir/", include("codes.fhir.urls")),
    path("", include("codes.urls")),
]

handler500 = "hcpcs_site.errors.server_error"
