"""The API's JSON parser: the site's bounded parser (``hcpcs_site.json_input``) behind
DRF's parser interface, so deep nesting, a body over the limit or a control character is a
400 (413 for size) with a message, never a 500."""

from __future__ import annotations

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

from hcpcs_site.json_input import JsonInputError, parse


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if stream else b""
        try:
            return parse(raw, max_bytes=limit)
        except JsonInputError as error:
            if error.status == 413:
                raise BodyTooLarge(str(error)) from None
            raise ParseError(str(error)) from None
