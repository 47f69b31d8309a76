"""Doses in billing units: "keytruda 200 mg" is 200 mg ÷ 1 mg = 200 units of J9271.

The amount a coder types and the billing unit CMS gives a code (``HCPCS dosage``, e.g.
``1 MG``, ``0.5 MG``, ``1000 UNITS``, ``1.125 GM``) are read into a quantity of one kind
(mass in mg, volume in ml, units, international units, milliequivalents, area). Different
kinds, or a dosage that is not a single amount ("2.5 MG/0.5 MG", "1 EACH"), cannot be
converted, and the answer says so. Plain Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation

# unit as written -> (kind, factor to the kind's base unit)
UNITS = {
    "mcg": ("mass", Decimal("0.001")),
    "ug": ("mass", Decimal("0.001")),
    "µg": ("mass", Decimal("0.001")),
    "mg": ("mass", Decimal(1)),
    "g": ("mass", Decimal(1000)),
    "gm": ("mass", Decimal(1000)),
    "gram": ("mass", Decimal(1000)),
    "grams": ("mass", Decimal(1000)),
    "ml": ("volume", Decimal(1)),
    "cc": ("volume", Decimal(1)),
    "unit": ("units", Decimal(1)),
    "units": ("units", Decimal(1)),
    "iu": ("international units", Decimal(1)),
    "i.u.": ("international units", Decimal(1)),
    "meq": ("milliequivalents", Decimal(1)),
    "sq cm": ("area", Decimal(1)),
    "sqcm": ("area", Decimal(1)),
    "cm2": ("area", Decimal(1)),
}
_UNIT = "|".join(
    sorted((re.escape(u).replace(r"\ ", r"\s*") for u in UNITS), key=len, reverse=True)
)
_TYPED = re.compile(
    rf"^(?P<rest>.*?\S)\s*(?<![\w.])(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>{_UNIT})\.?\s*$",
    re.IGNORECASE,
)
_DOSAGE = re.compile(
    rf"^(?P<upto>up\s+to\s+)?(?P<amount>\d*\.?\d+)\s*(?P<unit>{_UNIT})$", re.IGNORECASE
)


@dataclass(frozen=True)
class Amount:
    value: Decimal
    unit: str  # as written, lower case

    @property
    def kind(self) -> str:
        return UNITS[_key(self.unit)][0]

    @property
    def base(self) -> Decimal:
        return self.value * UNITS[_key(self.unit)][1]

    def __str__(self) -> str:
        return f"{_plain(self.value)} {self.unit}"


@dataclass(frozen=True)
class Billing:
    """The units to bill for a dose of one code, or why there is no answer."""

    code: str
    dose: Amount
    dosage: str  # the code's billing unit as CMS writes it
    units: Decimal | None
    message: str


def _key(unit: str) -> str:
    return " ".join(unit.lower().split()).replace("sq cm", "sq cm")


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def split_dose(text: str) -> tuple[str, Amount | None]:
    """('keytruda', 200 mg) from 'keytruda 200 mg'; (text, None) when it ends in no dose."""
    match = _TYPED.match(text.strip())
    if not match:
        return text, None
    unit = " ".join(match["unit"].lower().split())
    if unit.replace(" ", "") == "sqcm":
        unit = "sq cm"
    try:
        value = Decimal(match["amount"])
    except InvalidOperation:
        return text, None
    if value <= 0:
        return text, None
    return match["rest"], Amount(value, unit)


def billing_units(code: str, dose: Amount, dosage: str) -> Billing:
    """How many of ``code``'s billing units (``dosage``) the dose is."""
    clean = " ".join(dosage.split())
    match = _DOSAGE.match(clean)
    if not match:
        return Billing(
            code,
            dose,
            clean,
            None,
            f"{code} is billed per “{clean}”, which is not a single amount; "
            f"{dose} cannot be converted to its units.",
        )
    per = Amount(Decimal(match["amount"]), " ".join(match["unit"].lower().split()))
    if per.kind != dose.kind or per.base == 0:
        return Billing(
            code,
            dose,
            clean,
            None,
            f"{code} is billed per {clean} ({per.kind}); {dose} is {dose.kind}, so the "
            "units are not compatible.",
        )
    if match["upto"]:
        units = Decimal(1) if dose.base <= per.base else None
        message = (
            f"{code} is billed as 1 unit for a dose up to {per}: {dose} is 1 unit."
            if units
            else f"{code} is billed per dose up to {per}; {dose} is more than that."
        )
        return Billing(code, dose, clean, units, message)
    exact = dose.base / per.base
    units = exact.to_integral_value(rounding=ROUND_CEILING)
    message = f"{dose} ÷ {per} = {_plain(exact)} units of {code}"
    if units != exact:
        message += (
            f"; billing units are whole numbers, and a dose between two units is billed "
            f"as the next whole unit: {_plain(units)}"
        )
    return Billing(code, dose, clean, units, message + ".")
