"""How the fee schedule reads in the API (``fees`` of a code's answer and
``/api/v1/codes/{code}/fees/``). Amounts are exact decimal text, as the API writes every
amount; ``0.00`` is no fee for that state and locality kind, not a price of zero."""

from __future__ import annotations

import datetime

from rest_framework import serializers

from codes.fees import lookup
from codes.fees.presentation import quarter_json


class FeeAmountSerializer(serializers.Serializer):
    non_rural = serializers.CharField(help_text="Dollars; 0.00 is no fee, not free.")
    rural = serializers.CharField(help_text="Dollars; 0.00 is no fee, not free.")


class FeeRowSerializer(serializers.Serializer):
    modifier = serializers.CharField(help_text="Pricing modifier (RR rental, NU new, UE used…).")
    modifier2 = serializers.CharField(help_text="Second pricing modifier (QB, QF, KU…), or empty.")
    modifier_meanings = serializers.DictField(child=serializers.CharField())
    jurisdiction = serializers.CharField(help_text="D DME MAC, L local Part B contractor, J joint.")
    jurisdiction_meaning = serializers.CharField()
    category = serializers.CharField(help_text="CMS's DMEPOS payment category (CR, IN, PO…).")
    category_meaning = serializers.CharField(help_text="Empty where not defined here.")
    ceiling = serializers.CharField(help_text="National ceiling; 0.00 where none applies.")
    floor = serializers.CharField(help_text="National floor; 0.00 where none applies.")
    amounts = serializers.DictField(
        child=FeeAmountSerializer(), help_text="By state or territory (AL … VI)."
    )


class FeeQuarterSerializer(serializers.Serializer):
    quarter = serializers.CharField(help_text="“January 2026”.")
    effective_date = serializers.DateField(help_text="The quarter's first day.")
    source_file = serializers.CharField()
    sha256 = serializers.CharField()
    rows = FeeRowSerializer(many=True)


class CodeFeesSerializer(serializers.Serializer):
    code = serializers.CharField()
    quarters = FeeQuarterSerializer(many=True, help_text="Every published quarter, newest first.")


def fees_in_force(code: str, day: datetime.date, *, version: int | None = None) -> dict | None:
    """The quarter in force on ``day`` with the code's rows; None without one."""
    fees = lookup.code_fees(code, day, version=version)
    if fees is None or fees.quarter is None or not fees.rows:
        return None
    return quarter_json(fees.quarter, fees.rows, fees.meanings)


def every_quarter(code: str) -> dict:
    return {
        "code": code,
        "quarters": [quarter_json(q, rows) for q, rows in lookup.every_quarter(code)],
    }
