"""Read-only API views: codes (searched and filtered), a code's versions, typeahead."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from codes.api.authentication import SessionIfPresent
from codes.api.pagination import SearchPagination
from codes.api.serializers import (
    AutocompleteSerializer,
    CodeDetailSerializer,
    CodeListSerializer,
    CodeVersionSerializer,
)
from codes.cms.records import is_code, normalise_code
from codes.fees import serializers as fee_serializers
from codes.models import CodeVersion, HcpcsCode
from codes.search import SORTS, SearchResult, parse, search_codes
from codes.search.filters import CodeFilterSet
from codes.search.typeahead import InvalidFilters, typeahead
from codes.timeline import store as timeline_store
from codes.validation import validity

Q_PARAMETER = OpenApiParameter(
    "q",
    OpenApiTypes.STR,
    description=(
        "The search box: a code (Q4390), a prefix (E01, E01*), a range within one letter "
        "(E0100-E0199), a list (A0021, E1130 J9271), or words (wheelchair cushion; "
        '"quoted phrases"; the last word also matches as a prefix).'
    ),
)
# ``on`` is a field of the FilterSet's form rather than a filter (it is the day ``status``
# is judged on), so the schema generator does not see it on its own.
ON_PARAMETER = OpenApiParameter(
    "on",
    OpenApiTypes.DATE,
    description="The day the status filter is judged on (YYYY-MM-DD); today when empty.",
)
SORT_PARAMETER = OpenApiParameter(
    "sort",
    OpenApiTypes.STR,
    enum=list(SORTS),
    description="Order of a word search: relevance (default) or code. Codes, prefixes, "
    "ranges and lists are always in code order.",
)


def _as_of(request: Request) -> datetime.date | None:
    """The as_of query parameter; a malformed date is a 400 naming it."""
    value = request.query_params.get("as_of")
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(
            {"as_of": [f"{value[:40]!r} is not a date: use YYYY-MM-DD."]}
        ) from None


AS_OF_PARAMETER = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="A date of service, YYYY-MM-DD: the fields are the record in force that day "
    "(from the release then in force), and status, valid and message say whether the code "
    "could be used that day, by CMS's ADD DT and TERM DT. A malformed date is a 400.",
)


def _status_day(request: Request) -> datetime.date:
    filterset = CodeFilterSet(request.query_params, queryset=HcpcsCode.objects.none())
    return filterset.status_day if filterset.is_valid() else timezone.localdate()


@extend_schema_view(
    list=extend_schema(
        summary="Search and filter codes",
        description="The same query and filters as the site's search page. By default it "
        "lists codes active today; a query naming codes (a code or a list) lists them whatever "
        "their status. status and on filter by CMS's ADD DT and TERM DT, the rule the code "
        "page, the batch validation and as_of use.",
        parameters=[Q_PARAMETER, ON_PARAMETER, SORT_PARAMETER],
    ),
    retrieve=extend_schema(
        summary="One code: every CMS field, decoded",
        description="The code's published record, or with as_of the record in force on that "
        "date, with its status, validity and the reason on that date (today without as_of).",
        parameters=[
            AS_OF_PARAMETER,
            OpenApiParameter(
                "definitions",
                OpenApiTypes.BOOL,
                description="Include CMS's definition of every field.",
            ),
        ],
    ),
)
class CodeViewSet(viewsets.ReadOnlyModelViewSet):
    """HCPCS Level II procedure codes and modifiers as last published."""

    queryset = HcpcsCode.objects.all()
    # Public reads: no sign-in needed; a curator's session only earns the signed-in rate
    # (read-only, so CSRF never stands in an integrator's way).
    authentication_classes = [SessionIfPresent]
    permission_classes = [AllowAny]
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filter_backends = [DjangoFilterBackend]
    filterset_class = CodeFilterSet
    pagination_class = SearchPagination
    search_result: SearchResult | None = None

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CodeDetailSerializer
        if self.action == "versions":
            return CodeVersionSerializer
        return CodeListSerializer

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        context["day"] = _status_day(self.request) if self.action == "list" else None
        flag = self.request.query_params.get("definitions", "")
        context["definitions"] = flag.lower() in {"1", "true", "yes"}
        return context

    def get_object(self) -> HcpcsCode:
        code = normalise_code(self.kwargs["code"])
        if not is_code(code):
            raise Http404("Not an HCPCS code or modifier.")
        obj = HcpcsCode.objects.select_related("release").filter(code=code).first()
        if obj is None:
            raise Http404(f"No code {code}.")
        return obj

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        obj = self.get_object()
        as_of = _as_of(request)
        day = as_of or timezone.localdate()
        points = timeline_store.published_points(getattr(request, "content_version", None))
        verdict = validity.verdict_from(timeline_store.load_full(obj.code, points), obj.code, day)
        shown = obj
        if as_of and verdict.version is not None:
            # The record the cited release's file states, beside the verdict read from it.
            shown = HcpcsCode(**verdict.version.record(), listed=obj.listed, lives=obj.lives)
        context = {**self.get_serializer_context(), "as_of": as_of, "verdict": verdict}
        return Response(CodeDetailSerializer(shown, context=context).data)

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        filterset = DjangoFilterBackend().get_filterset(self.request, queryset, self)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        sort = self.request.query_params.get("sort") or "relevance"
        if sort not in SORTS:
            raise ValidationError({"sort": [f"Choose one of: {', '.join(SORTS)}."]})
        query = parse(self.request.query_params.get("q"))
        self.search_result = search_codes(query, within=filterset.qs, sort=sort)
        return self.search_result.codes

    def get_paginated_response(self, data) -> Response:
        result = self.search_result
        if result is None:
            return super().get_paginated_response(data)
        search = {
            "query": result.query.text,
            "interpreted_as": result.query.kind.value,
            "mode": result.mode,
            "corrected": result.corrected,
            "did_you_mean": result.did_you_mean,
            "notices": result.notices,
            "ndcs": result.ndcs,
            "billing": [
                {
                    "code": b.code,
                    "dose": str(b.dose),
                    "billing_unit": b.dosage,
                    "units": b.units,
                    "message": b.message,
                }
                for b in result.billing
            ],
        }
        return self.paginator.get_paginated_response(data, search=search)

    @extend_schema(
        summary="A code's history: each release's record of it, newest first",
        description="Every record of the code that took effect: one per published release "
        "that changed it, and curators' corrections, newest first, paginated.",
        parameters=[],
        filters=False,
        responses=CodeVersionSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=PageNumberPagination)
    def versions(self, request: Request, code: str | None = None) -> Response:
        obj = self.get_object()
        versions = (
            CodeVersion.objects.in_force()
            .filter(code=obj.code)
            .select_related("release")
            .history_order()
        )
        page = self.paginate_queryset(versions)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        summary="A code's DMEPOS fee schedule in every loaded quarter",
        description="CMS's DMEPOS fee schedule rows of the code in every published quarter, "
        "newest first: pricing modifiers, jurisdiction, payment category, ceiling and floor, "
        "and each state's non-rural and rural amount (0.00: no fee there). An empty list for "
        "a code that is in none.",
        parameters=[],
        filters=False,
        responses=fee_serializers.CodeFeesSerializer,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def fees(self, request: Request, code: str | None = None) -> Response:
        obj = self.get_object()
        return Response(fee_serializers.every_quarter(obj.code))


class AutocompleteViewSet(viewsets.ViewSet):
    """Typeahead: up to eight codes for what has been typed so far, best first. Takes the
    code list's filters; a bad filter value is a 400, as on the list."""

    authentication_classes = [SessionIfPresent]
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Typeahead suggestions",
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                required=True,
                description="What has been typed (two characters or more).",
            )
        ],
        responses=AutocompleteSerializer,
    )
    def list(self, request: Request) -> Response:
        try:
            return Response(typeahead(request.query_params))
        except InvalidFilters as exc:
            raise ValidationError(exc.errors) from exc
