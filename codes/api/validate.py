"""``POST /api/v1/validate/``: batch validation of claim lines, JSON or CSV.

The same reading and validation as the ``/validate/`` page (``codes.validation``): a bad line
is answered ``invalid_input`` with a message and never fails the request; a request that is
not a batch at all is a 400, one over the line limit a 413.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import BaseParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from codes.api.parsers import BoundedJSONParser
from codes.validation import batch as batches
from codes.validation import ndc_check
from codes.validation.reading import (
    MAX_LINES,
    BatchError,
    Line,
    TooManyLines,
    make_line,
    parse_day,
    read_text,
)

STATUSES = [*batches.STATUS_LABELS]


class CsvParser(BaseParser):
    """CSV text with the columns code, date, modifiers, id (a header row may reorder them)."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None) -> str:
        data = stream.read() if stream else b""
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")


class LineSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The HCPCS code; case and spaces are ignored.")
    date = serializers.DateField(
        required=False, help_text="Date of service, YYYY-MM-DD (or default_date)."
    )
    modifiers = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Checked as codes too."
    )
    id = serializers.CharField(required=False, help_text="Your line id, echoed back.")
    state = serializers.CharField(
        required=False,
        help_text="Two letters (AL): the line's result then carries its DMEPOS fee schedule "
        "amount (or default_state).",
    )
    units = serializers.IntegerField(
        required=False, min_value=1, help_text="Multiplies the fee schedule amount (1)."
    )
    ndc = serializers.CharField(
        required=False,
        help_text="The drug's NDC (11 digits, 5-4-2, or a 10-digit form): checked against "
        "CMS's NDC-HCPCS crosswalk of the quarter of the date.",
    )


class RequestSerializer(serializers.Serializer):
    lines = LineSerializer(many=True, help_text=f"At most {MAX_LINES:,} lines.")
    default_date = serializers.DateField(
        required=False, help_text="Date of service for lines without one."
    )
    default_state = serializers.CharField(
        required=False, help_text="State for lines without one (DMEPOS fee schedule)."
    )


class ReplacementSerializer(serializers.Serializer):
    code = serializers.CharField()
    in_hcpcs = serializers.BooleanField(help_text="False for a CPT (Level I) code.")


class FeeResultSerializer(serializers.Serializer):
    state = serializers.CharField()
    units = serializers.IntegerField()
    quarter = serializers.CharField(help_text="“January 2026”; empty when none applies.")
    modifiers = serializers.CharField(help_text="The fee schedule row's pricing modifiers.")
    non_rural = serializers.CharField(allow_null=True)
    rural = serializers.CharField(allow_null=True)
    non_rural_total = serializers.CharField(allow_null=True)
    rural_total = serializers.CharField(allow_null=True)
    note = serializers.CharField(help_text="Why there is no amount; empty when there is one.")


class NdcResultSerializer(serializers.Serializer):
    ndc = serializers.CharField(help_text="The NDC as read, 5-4-2.")
    ok = serializers.BooleanField(help_text="The crosswalk lists the NDC for the line's code.")
    problem = serializers.BooleanField(
        help_text="The crosswalk lists it for other codes only, or lists NDCs for the line's "
        "code but not this one: the line is then not valid."
    )
    status = serializers.ChoiceField(choices=list(ndc_check.STATUSES))
    text = serializers.CharField()
    crosswalk = serializers.CharField(help_text="The quarter checked against: “Jan–Mar 2026”.")
    codes = serializers.ListField(child=serializers.CharField())
    drug_name = serializers.CharField()
    billing_unit = serializers.CharField(help_text="The code's billing unit: “1 MG”.")
    units_per_package = serializers.CharField(allow_null=True)


def _ndc(check) -> dict:
    return {
        "ndc": check.ndc,
        "ok": check.ok,
        "problem": check.problem,
        "status": check.status,
        "text": check.text,
        "crosswalk": check.quarter,
        "codes": list(check.codes),
        "drug_name": check.drug_name,
        "billing_unit": check.dosage,
        "units_per_package": check.units_per_package_text or None,
    }


def _fee(fee) -> dict:
    def exact(value):
        return None if value is None else str(value)

    return {
        "state": fee.state,
        "units": fee.units,
        "quarter": fee.quarter,
        "modifiers": fee.modifiers,
        "non_rural": exact(fee.non_rural),
        "rural": exact(fee.rural),
        "non_rural_total": exact(fee.non_rural_total),
        "rural_total": exact(fee.rural_total),
        "note": fee.note,
    }


class ResultSerializer(serializers.Serializer):
    id = serializers.CharField(allow_null=True)
    line = serializers.IntegerField(help_text="The line's number in the request (1-based).")
    code = serializers.CharField(help_text="The code, normalised (upper case, no spaces).")
    date = serializers.DateField(allow_null=True)
    valid = serializers.BooleanField()
    status = serializers.ChoiceField(choices=STATUSES)
    message = serializers.CharField()
    replacements = ReplacementSerializer(many=True)
    description = serializers.CharField(allow_null=True)
    release = serializers.CharField(
        allow_null=True, help_text="The published release whose values are in force that day."
    )
    modifiers = inline_serializer(
        "ModifierResult",
        {
            "code": serializers.CharField(),
            "valid": serializers.BooleanField(),
            "status": serializers.ChoiceField(choices=STATUSES),
            "message": serializers.CharField(),
        },
        many=True,
    )
    fee = FeeResultSerializer(
        required=False,
        help_text="Only for a line with a state: CMS's DMEPOS fee schedule amount of the line's "
        "code and pricing modifiers in the quarter in force on its date, and times its units; "
        "null amounts are no fee (0.00 in CMS's file); note says why there is none.",
    )
    ndc = NdcResultSerializer(
        required=False,
        help_text="Only for a line with an NDC: what CMS's NDC-HCPCS crosswalk of the quarter "
        "of its date says of it.",
    )


EXAMPLE_REQUEST = {
    "lines": [
        {"code": "Q4390", "date": "2025-11-01", "modifiers": ["LT"], "id": "claim-7/1"},
        {"code": "C9304", "date": "2025-08-01", "id": "claim-7/2"},
    ]
}
EXAMPLE_RESPONSE = {
    "results": [
        {
            "id": "claim-7/1",
            "line": 1,
            "code": "Q4390",
            "date": "2025-11-01",
            "valid": True,
            "status": "active",
            "message": "valid",
            "replacements": [],
            "description": "Ascendion, per square centimeter",
            "release": "2025 October",
            "modifiers": [{"code": "LT", "valid": True, "status": "active", "message": "valid"}],
        },
        {
            "id": "claim-7/2",
            "line": 2,
            "code": "C9304",
            "date": "2025-08-01",
            "valid": False,
            "status": "terminated",
            "message": "last valid day 2025-06-30; replaced by J7172",
            "replacements": [{"code": "J7172", "in_hcpcs": True}],
            "description": "Injection, marstacimab-hncq, 0.5 mg",
            "release": None,
            "modifiers": [],
        },
    ],
    "summary": {
        "lines": 2,
        "valid": 1,
        "problems": 1,
        "active": 1,
        "not_yet_effective": 0,
        "terminated": 1,
        "unknown": 0,
        "invalid_input": 0,
    },
}


def _json_lines(data) -> list[Line]:
    if not isinstance(data, dict) or not isinstance(data.get("lines"), list):
        raise BatchError('Send {"lines": [{"code": ..., "date": ...}, ...]} or CSV text.')
    default_day = None
    if data.get("default_date"):
        try:
            default_day = parse_day(data["default_date"])
        except ValueError as error:
            raise BatchError(f"default_date: {error}.") from None
    if len(data["lines"]) > MAX_LINES:
        raise TooManyLines("the request")
    lines = []
    for number, item in enumerate(data["lines"], start=1):
        if not isinstance(item, dict):
            lines.append(Line(number, error="a line must be an object with code and date"))
            continue
        mods = item.get("modifiers") or []
        values = {
            "code": item.get("code") if isinstance(item.get("code"), str) else "",
            "date": item.get("date") if isinstance(item.get("date"), str) else "",
            "modifiers": " ".join(str(m) for m in mods) if isinstance(mods, list) else mods,
            "id": item.get("id"),
            "state": item.get("state") or data.get("default_state") or "",
            "units": item.get("units") if item.get("units") is not None else "",
            "ndc": item.get("ndc") if isinstance(item.get("ndc"), str) else "",
        }
        lines.append(make_line(number, values, default_day))
    if not lines:
        raise BatchError("No lines to check.")
    return lines


def _results(result: batches.BatchResult) -> list[dict]:
    """The results as JSON-ready dicts; what a verdict contributes is built once per verdict
    (repeated code-and-date pairs share one)."""
    shared: dict[int, tuple] = {}
    out = []
    for r in result.results:
        verdict = r.verdict
        parts = shared.get(id(verdict))
        if parts is None:
            parts = (
                [{"code": x.code, "in_hcpcs": x.in_hcpcs} for x in r.replacements],
                (verdict.description or None) if verdict else None,
                r.release_label or None,
            )
            shared[id(verdict)] = parts
        day = r.line.day
        out.append(
            {
                "id": r.line.id or None,
                "line": r.line.number,
                "code": r.line.code,
                "date": day.isoformat() if day else None,
                "valid": r.valid,
                "status": str(r.status),
                "message": r.message,
                "replacements": parts[0],
                "description": parts[1],
                "release": parts[2],
                "modifiers": [
                    {
                        "code": m.code,
                        "valid": m.valid,
                        "status": str(m.status),
                        "message": m.message,
                    }
                    for m in r.modifiers
                ],
            }
        )
        if r.fee is not None:
            out[-1]["fee"] = _fee(r.fee)
        if r.ndc is not None:
            out[-1]["ndc"] = _ndc(r.ndc)
    return out


class ValidateView(APIView):
    """Was each claim line's code (and modifiers) valid on its date of service?"""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [BoundedJSONParser, CsvParser]

    @extend_schema(
        summary="Validate claim lines on their dates of service",
        description=(
            "One result per line, in order. The status follows CMS's ADD DT and TERM DT "
            "(valid when ADD DT <= date <= TERM DT); the description and release are those "
            "in force on the date. A line that cannot be read gets status invalid_input and a "
            f"message. At most {MAX_LINES:,} lines: more is a 413. Also accepts text/csv with "
            "the columns code, date, modifiers, id (a header row may name them, and units, "
            "state and NDC columns, as claim-line exports do)."
        ),
        request={"application/json": RequestSerializer, "text/csv": OpenApiTypes.STR},
        responses={
            200: inline_serializer(
                "ValidationResponse",
                {
                    "results": ResultSerializer(many=True),
                    "summary": serializers.DictField(child=serializers.IntegerField()),
                },
            ),
            400: OpenApiTypes.OBJECT,
            413: OpenApiTypes.OBJECT,
        },
        examples=[
            OpenApiExample("Two claim lines", value=EXAMPLE_REQUEST, request_only=True),
            OpenApiExample("Their results", value=EXAMPLE_RESPONSE, response_only=True),
        ],
    )
    def post(self, request: Request) -> Response:
        try:
            if isinstance(request.data, str):
                lines = read_text(request.data, default_day=None, source="the CSV").lines
            else:
                lines = _json_lines(request.data)
        except TooManyLines as error:
            too_large = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
            return Response({"detail": str(error)}, status=too_large)
        except BatchError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        result = batches.validate(lines)
        return Response({"results": _results(result), "summary": result.summary})
