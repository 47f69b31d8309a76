"""The OpenAPI schema, generated once per process.

drf-spectacular walks every view and serializer for each request of ``/api/schema/``
(about a tenth of a second here), though the schema changes only with the code. It is kept
per API version the API declares; a request for another language (``?lang=``) or an
undeclared version is generated as before, so no user text becomes a key of what is kept.
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response
from rest_framework.settings import api_settings

# The versions whose schema is kept: none named, or one the API says it has.
KEPT_VERSIONS = {None, *(api_settings.ALLOWED_VERSIONS or ())}


class SchemaView(SpectacularAPIView):
    _generated: dict[str | None, dict] = {}

    def _get_schema_response(self, request):
        # As drf-spectacular picks it (any ``?version=`` when no versions are configured).
        version = self.api_version or request.version or self._get_version_parameter(request)
        if (settings.USE_I18N and request.GET.get("lang")) or version not in KEPT_VERSIONS:
            return super()._get_schema_response(request)
        schema = self._generated.get(version)
        if schema is None:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=version, patterns=self.patterns
            )
            schema = generator.get_schema(request=request, public=self.serve_public)
            self._generated[version] = schema
        filename = self._get_filename(request, version)
        return Response(
            data=schema, headers={"Content-Disposition": f'inline; filename="{filename}"'}
        )
