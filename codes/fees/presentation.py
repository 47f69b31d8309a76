"""How the fee schedule is shown: the code page's section, the API's answer, the words for
CMS's codes.

The category meanings are CMS's (Medicare Benefit Policy Manual, chapter 15, section 110,
for IN, FS, CR, OX, OS, SD, PO, SU and TE; the DME MACs' fee schedule column descriptors
for TS). LC, SC, IL and LT are shown as CMS's codes only: no CMS text defining them was at
hand, and a guessed meaning on a payment page is worse than none.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone

from codes.fees.lookup import CodeFees, code_fees
from codes.fees.models import FeeRow
from codes.models import HcpcsCode

CATEGORIES = {
    "IN": "Inexpensive and other routinely purchased items",
    "FS": "Frequently serviced items",
    "CR": "Capped rental items",
    "OX": "Oxygen and oxygen equipment",
    "OS": "Ostomy, tracheostomy and urological items",
    "SD": "Surgical dressings",
    "PO": "Prosthetics and orthotics",
    "SU": "Supplies",
    "TE": "Transcutaneous electrical nerve stimulators",
    "TS": "Therapeutic shoes",
}
JURISDICTIONS = {
    "D": "claims go to the DME MAC (the DME Medicare Administrative Contractor)",
    "L": "claims go to the local Part B contractor (A/B MAC)",
    "J": "joint: the DME MAC or the local Part B contractor, by who furnishes it",
}
STATES = {
    "AL": "Alabama", "AR": "Arkansas", "AZ": "Arizona", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DC": "District of Columbia", "DE": "Delaware",
    "FL": "Florida", "GA": "Georgia", "IA": "Iowa", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "MA": "Massachusetts", "MD": "Maryland", "ME": "Maine", "MI": "Michigan",
    "MN": "Minnesota", "MO": "Missouri", "MS": "Mississippi", "MT": "Montana",
    "NC": "North Carolina", "ND": "North Dakota", "NE": "Nebraska", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NV": "Nevada", "NY": "New York", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VA": "Virginia", "VT": "Vermont", "WA": "Washington", "WI": "Wisconsin",
    "WV": "West Virginia", "WY": "Wyoming", "AK": "Alaska", "HI": "Hawaii",
    "PR": "Puerto Rico", "VI": "U.S. Virgin Islands",
}  # fmt: skip
NO_FEE = (
    "CMS's file gives 0.00 here: no fee schedule amount for this state and locality kind, "
    "not a price of zero"
)


def category_text(category: str) -> str:
    meaning = CATEGORIES.get(category)
    return f"{category} – {meaning}" if meaning else category


def modifier_meanings(rows: list[FeeRow]) -> dict[str, str]:
    """The pricing modifiers' descriptions, from the published HCPCS modifiers."""
    wanted = {m for r in rows for m in (r.modifier, r.modifier2) if m}
    if not wanted:
        return {}
    return dict(HcpcsCode.objects.filter(code__in=wanted).values_list("code", "long_description"))


def _cell(value: str | Decimal | None) -> dict:
    """One amount as the page shows it: ``text`` ("$51.94"), or ``no_fee`` for 0.00."""
    if value is None:
        return {"missing": True, "text": "–"}
    value = Decimal(value)
    return {"amount": value, "no_fee": value == 0, "text": f"${value}"}


def _change(old, new) -> float | None:
    old, new = Decimal(old), Decimal(new)
    if old == 0 or old == new:
        return None
    return round(float((new - old) / old * 100), 1)


def _row_view(fees: CodeFees, row: FeeRow, meanings: dict, state: str | None) -> dict:
    before = fees.before(row)
    view = {
        "row": row,
        "modifiers": row.modifiers,
        "meanings": [(m, meanings.get(m, "")) for m in (row.modifier, row.modifier2) if m],
        "ceiling": row.ceiling if row.ceiling else None,
        "floor": row.floor if row.floor else None,
        "is_new": fees.previous_quarter is not None and before is None,
    }
    if state:
        pair = row.amounts.get(state)
        old = before.amounts.get(state) if before else None
        view["cells"] = []
        for index, kind in ((0, "Non-rural"), (1, "Rural")):
            cell = _cell(pair[index] if pair else None)
            cell["kind"] = kind
            if old:
                cell["before"] = _cell(old[index])
                cell["change"] = _change(old[index], pair[index]) if pair else None
            view["cells"].append(cell)
    elif before is not None:
        changes = [
            _change(before.amounts[s][i], row.amounts[s][i])
            for s in row.amounts
            if s in before.amounts
            for i in (0, 1)
            if before.amounts[s][i] != row.amounts[s][i]
        ]
        pcts = [c for c in changes if c is not None]
        view["changed_count"] = len(changes)
        view["change_range"] = (min(pcts), max(pcts)) if pcts else None
    return view


def fee_section(
    code: str, *, as_of: datetime.date | None, state: str | None, version: int | None = None
) -> dict | None:
    """The code page's fee section, or None for a code in no published quarter."""
    day = as_of or timezone.localdate()
    fees = code_fees(code, day, version=version)
    if fees is None:
        return None
    section = {"fees": fees, "as_of": as_of, "day": day, "state": None, "state_error": ""}
    if fees.quarter is None:
        return section
    states = fees.quarter.states
    if state:
        wanted = state.strip().upper()[:2]
        if wanted in states:
            section["state"] = wanted
            section["state_name"] = STATES.get(wanted, wanted)
        else:
            section["state_error"] = (
                f"“{state[:20]}” is not a state or territory of the fee schedule; all are shown."
            )
    meanings = fees.meanings
    rows = [_row_view(fees, row, meanings, section["state"]) for row in fees.rows]
    section.update(
        {
            "rows": rows,
            "categories": sorted({category_text(r.category) for r in fees.rows}),
            "jurisdictions": sorted(
                {f"{r.jurisdiction} – {JURISDICTIONS.get(r.jurisdiction, '')}" for r in fees.rows}
            ),
            "states": [(s, STATES.get(s, s)) for s in states],
            "state_codes": " ".join(states),
            "no_fee_text": NO_FEE,
        }
    )
    if not section["state"]:
        section["table"] = [
            (
                s,
                STATES.get(s, s),
                [
                    (
                        _cell(r.amounts.get(s, [None, None])[0]),
                        _cell(r.amounts.get(s, [None, None])[1]),
                    )
                    for r in fees.rows
                ],
            )
            for s in states
        ]
    return section


def code_page_context(request: HttpRequest, code: str, as_of: datetime.date | None) -> dict:
    """What ``templates/fees/_code_fees.html`` needs, for the code page's view."""
    version = getattr(request, "content_version", None)  # set by the release-keyed cache
    return {
        "fee_section": fee_section(
            code, as_of=as_of, state=request.GET.get("state"), version=version
        )
    }


def row_json(row: FeeRow, meanings: dict[str, str]) -> dict:
    """One row for the API: exact decimal text, as CMS's file has it."""
    return {
        "modifier": row.modifier,
        "modifier2": row.modifier2,
        "modifier_meanings": {m: meanings.get(m, "") for m in (row.modifier, row.modifier2) if m},
        "jurisdiction": row.jurisdiction,
        "jurisdiction_meaning": JURISDICTIONS.get(row.jurisdiction, ""),
        "category": row.category,
        "category_meaning": CATEGORIES.get(row.category, ""),
        "ceiling": str(row.ceiling),
        "floor": str(row.floor),
        "amounts": {
            state: {"non_rural": pair[0], "rural": pair[1]} for state, pair in row.amounts.items()
        },
    }


def quarter_json(quarter, rows: list[FeeRow], meanings: dict[str, str] | None = None) -> dict:
    meanings = modifier_meanings(rows) if meanings is None else meanings
    return {
        "quarter": quarter.label,
        "effective_date": quarter.effective_date,
        "source_file": quarter.source_name,
        "sha256": quarter.sha256,
        "rows": [row_json(row, meanings) for row in rows],
    }
