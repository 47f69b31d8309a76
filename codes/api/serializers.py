"""How codes and versions read in the API.

The list shows what a results page shows; a single code carries every CMS field (keyed by
the record attribute names, with the CMS column headers in ``definitions``), each coded
value decoded through its CMS table, and, on request, CMS's definition of every field.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from codes import reference_tables
from codes.cms import layout, reference
from codes.drugs import presentation as drug_presentation
from codes.fees import serializers as fee_serializers
from codes.models import CodeVersion, HcpcsCode
from codes.search.display import status_of


def _day(context) -> datetime.date:
    return context.get("day") or timezone.localdate()


def _exact(value):
    """Decimals as strings, as the API writes every amount: a float would round dollars."""
    return str(value) if isinstance(value, Decimal) else value


class CodedValueSerializer(serializers.Serializer):
    code = serializers.CharField()
    meaning = serializers.CharField(allow_null=True)


class CodeListSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    pricing = serializers.SerializerMethodField()
    coverage = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(
        view_name="api:code-detail", lookup_field="code", help_text="This code in the API."
    )
    page_url = serializers.SerializerMethodField(help_text="The code's page on the site.")
    found_via = serializers.SerializerMethodField(
        help_text="How a search found the code when not by its own text: "
        '"brand name Keytruda", "CMS index: Blood › glucose monitor", a synonym or an NDC.'
    )

    class Meta:
        model = HcpcsCode
        fields = [
            "code",
            "kind",
            "short_description",
            "long_description",
            "status",
            "pricing",
            "coverage",
            "url",
            "page_url",
            "found_via",
        ]

    def get_found_via(self, obj: HcpcsCode) -> str:
        return getattr(obj, "found_via", "")

    def get_kind(self, obj: HcpcsCode) -> str:
        return "modifier" if obj.is_modifier else "procedure"

    def get_status(self, obj: HcpcsCode) -> str:
        """active, not_yet_effective or terminated on the 'on' (or 'as_of') date, from the
        code's periods of validity (rule: codes.timeline)."""
        verdict = self.context.get("verdict")
        return verdict.status.value if verdict else status_of(obj, _day(self.context))[0].value

    @extend_schema_field(CodedValueSerializer(many=True))
    def get_pricing(self, obj: HcpcsCode) -> list[dict]:
        table = reference_tables.lookup()["pricing_indicator"]
        values = dict.fromkeys(p for p in (obj.price1, obj.price2, obj.price3, obj.price4) if p)
        return [{"code": p, "meaning": table.get(p)} for p in values]

    @extend_schema_field(CodedValueSerializer(allow_null=True))
    def get_coverage(self, obj: HcpcsCode) -> dict | None:
        if not obj.cov:
            return None
        return {"code": obj.cov, "meaning": reference_tables.lookup()["coverage"].get(obj.cov)}

    def get_page_url(self, obj: HcpcsCode) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class FieldDefinitionSerializer(serializers.Serializer):
    header = serializers.CharField(help_text="The CMS column header, e.g. PRICE1.")
    label = serializers.CharField()
    definition = serializers.CharField()


def _decoded(obj) -> dict[str, str | None]:
    tables = reference_tables.lookup()
    return {
        attr: reference_tables.decode(attr, value, tables)
        for attr in reference_tables.ATTR_TABLES
        if (value := getattr(obj, attr))
    }


class RecordFieldsMixin(serializers.Serializer):
    """Every CMS field of the record, typed, plus the decoded coded values."""

    decoded = serializers.SerializerMethodField(
        help_text="The meaning of each coded value, from its CMS table (null when the table "
        "has no such code)."
    )

    @extend_schema_field(serializers.DictField(child=serializers.CharField(allow_null=True)))
    def get_decoded(self, obj) -> dict:
        return _decoded(obj)


class CodeDetailSerializer(CodeListSerializer, RecordFieldsMixin):
    release = serializers.SerializerMethodField(
        help_text="The published release that stated this record: the one that last changed "
        "it, or with as_of the one whose file states the record used for that day (null for "
        "a local correction)."
    )
    release_in_force = serializers.SerializerMethodField(
        help_text="The latest published release in force on the as_of date (today without "
        "one); it may not list the code (see notes)."
    )
    valid_from = serializers.SerializerMethodField(
        help_text="First day of the period of validity the answer is about."
    )
    valid_until = serializers.SerializerMethodField(
        help_text="Last day of that period (null: no end date)."
    )
    periods = serializers.SerializerMethodField(
        help_text="Every period of validity, oldest first: more than one when CMS reused or "
        "reactivated the code."
    )
    notes = serializers.SerializerMethodField(
        help_text="Facts behind the answer a reader could take for a contradiction: a file "
        "that leaves the code out, a later file moving a date, a reactivation."
    )
    definitions = serializers.SerializerMethodField(
        help_text="CMS's definition of each field, keyed like the record; only with "
        "?definitions=true."
    )
    versions_url = serializers.HyperlinkedIdentityField(
        view_name="api:code-versions", lookup_field="code"
    )
    drug = serializers.SerializerMethodField(
        help_text="For drug codes, from CMS's ASP files: the products billed with the code "
        "(newest crosswalk) and the Part B payment limit per billing unit in each loaded "
        "quarter; and where CMS's Table of Drugs and Index list the code."
    )
    fees = serializers.SerializerMethodField(
        help_text="CMS's DMEPOS fee schedule in force on the as_of date (today without one): "
        "the quarter and the code's rows, amounts by state, non-rural and rural; null for a "
        "code without one. Every quarter: /api/v1/codes/{code}/fees/."
    )
    as_of = serializers.SerializerMethodField(
        help_text="The date asked (?as_of=YYYY-MM-DD): the fields are the record in force that "
        "day; null for the current record."
    )
    valid = serializers.SerializerMethodField(
        help_text="Whether the code may be used on the as_of date (today without one)."
    )
    message = serializers.SerializerMethodField(
        help_text='Why, e.g. "last valid day 2025-06-30; replaced by J7172".'
    )

    def get_as_of(self, obj) -> datetime.date | None:
        return self.context.get("as_of")

    def get_valid(self, obj) -> bool:
        return self.context["verdict"].valid

    def get_message(self, obj) -> str:
        return self.context["verdict"].message

    def get_release(self, obj) -> str | None:
        verdict = self.context["verdict"]
        if self.context.get("as_of"):
            cited = verdict.release
            return None if cited is None or cited.is_correction else cited.label
        return obj.release.label if obj.release_id else None

    def get_release_in_force(self, obj) -> str | None:
        in_force = self.context["verdict"].in_force
        return in_force.label if in_force else None

    def get_valid_from(self, obj) -> datetime.date | None:
        return self.context["verdict"].valid_from

    def get_valid_until(self, obj) -> datetime.date | None:
        return self.context["verdict"].last_day

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_periods(self, obj) -> list[dict]:
        return [{"valid_from": start, "valid_until": end} for start, end in obj.spans]

    def get_notes(self, obj) -> list[str]:
        return list(self.context["verdict"].notes)

    class Meta:
        model = HcpcsCode
        fields = [
            *CodeListSerializer.Meta.fields,
            *[
                a
                for a in layout.ATTRS
                if a not in ("code", "short_description", "long_description")
            ],
            "listed",
            "release",
            "release_in_force",
            "as_of",
            "valid",
            "message",
            "valid_from",
            "valid_until",
            "periods",
            "notes",
            "decoded",
            "definitions",
            "versions_url",
            "drug",
            "fees",
        ]

    @extend_schema_field(fee_serializers.FeeQuarterSerializer(allow_null=True))
    def get_fees(self, obj) -> dict | None:
        request = self.context.get("request")
        return fee_serializers.fees_in_force(
            obj.code,
            self.context.get("as_of") or _day({}),
            version=getattr(request, "content_version", None),
        )

    @extend_schema_field(serializers.DictField())
    def get_drug(self, obj) -> dict:
        quarter, products, total = drug_presentation.products(obj.code)
        limits = drug_presentation.payment_limits(obj.code)
        return {
            "products_quarter": quarter,
            "product_count": total,
            "products": [
                {key: value for key, value in row.items() if key != "package"} for row in products
            ],
            "payment_limits": [
                {
                    "quarter": limit.quarter,
                    "quarter_starts": limit.starts,
                    "dosage": limit.dosage,
                    "payment_limit": _exact(limit.payment_limit),
                    "coinsurance_percentage": _exact(limit.coinsurance),
                    "notes": limit.notes,
                    "text": limit.text,
                    "source_file": limit.source,
                }
                for limit in limits
            ],
            "cms_index": drug_presentation.index_paths(obj.code),
        }

    @extend_schema_field(serializers.DictField(child=FieldDefinitionSerializer(), allow_null=True))
    def get_definitions(self, obj) -> dict | None:
        if not self.context.get("definitions"):
            return None
        return {
            column.attr: {
                "header": column.header,
                "label": reference.label(column.header),
                "definition": reference.definition(column.header),
            }
            for column in layout.COLUMNS
        }


class CodeVersionSerializer(RecordFieldsMixin, serializers.ModelSerializer):
    release = serializers.CharField(
        source="release.label",
        allow_null=True,
        default=None,
        help_text="The release that stated this record; null for a curator's correction.",
    )

    class Meta:
        model = CodeVersion
        fields = [
            "effective_date",
            "release",
            "change_type",
            "changed_fields",
            "previous",
            "reason",
            *layout.ATTRS,
            "decoded",
        ]


class SuggestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=["procedure", "modifier"])
    short_description = serializers.CharField()
    long_description = serializers.CharField()
    status = serializers.CharField()
    url = serializers.CharField(help_text="The code's page on the site.")
    found_via = serializers.CharField(help_text="How it was found, when not by its own text.")


class AutocompleteSerializer(serializers.Serializer):
    query = serializers.CharField(help_text="The query as it was read.")
    corrected = serializers.CharField(
        allow_null=True, required=False, help_text="The corrected words, when a typo was fixed."
    )
    results = SuggestionSerializer(many=True)
