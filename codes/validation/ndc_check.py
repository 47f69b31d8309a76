"""A claim line's NDC against CMS's NDC–HCPCS crosswalk of the quarter of its date of service.

CMS publishes, each quarter, which NDCs are billed with which code (the ASP crosswalk,
``AspFile`` of kind crosswalk, loaded and published like a release). A line's NDC either
belongs to its code in the crosswalk of the quarter its date of service falls in, belongs to
another code there, is not in that crosswalk, or cannot be checked because no crosswalk of
that quarter is loaded. ``read_crosswalks`` reads what a whole batch needs (the published
quarters, the rows of its NDCs, how many NDCs each of its codes has) in a bounded number of
queries, never one per line; ``check`` decides one line from that, in plain Python.

An NDC that is not in the crosswalk is a problem only when the crosswalk lists NDCs for the
line's code: CMS lists the NDCs of ASP-priced Part B drugs only, so an unclassified drug's
code (J3490) with any NDC is not checked.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count

from codes.cms import ndc as ndc_forms
from codes.models import AspFile, CrosswalkRow

CHUNK = 5000  # values in one IN list

BELONGS = "belongs"  # the NDC is listed for the line's code
OTHER_CODE = "other_code"  # listed, but for other codes only
NOT_LISTED = "not_listed"  # not in the crosswalk, which lists NDCs for the line's code
CODE_NOT_LISTED = "code_not_listed"  # neither the NDC nor the code is in the crosswalk
NO_CROSSWALK = "no_crosswalk"  # no crosswalk of the quarter of the date is loaded
PROBLEMS = frozenset({OTHER_CODE, NOT_LISTED})
STATUS_LABELS = {
    BELONGS: "NDC belongs to the code",
    OTHER_CODE: "NDC belongs to another code",
    NOT_LISTED: "NDC not in the crosswalk",
    CODE_NOT_LISTED: "not checked: code not in the crosswalk",
    NO_CROSSWALK: "not checked: no crosswalk for the quarter",
}
STATUSES = tuple(STATUS_LABELS)  # the API schema's enum of an NDC check's status


@dataclass(frozen=True)
class Quarter:
    """A published crosswalk: the quarter it is in force."""

    id: int
    starts: datetime.date
    ends: datetime.date

    @property
    def label(self) -> str:
        return f"{self.starts:%b}–{self.ends:%b %Y}"


@dataclass(frozen=True)
class Listing:
    """One crosswalk row of an NDC: the code it is billed with and its billing unit."""

    code: str
    drug_name: str
    dosage: str
    units_per_package: Decimal


@dataclass
class Crosswalks:
    """What the crosswalks say of a batch's NDCs and codes."""

    quarters: list[Quarter] = field(default_factory=list)  # published, oldest first
    listings: dict[tuple[int, str], list[Listing]] = field(default_factory=dict)  # (q, NDC)
    code_ndcs: dict[tuple[int, str], int] = field(default_factory=dict)  # (q, code): NDCs

    def quarter_of(self, day: datetime.date) -> Quarter | None:
        found = [q for q in self.quarters if q.starts <= day <= q.ends]
        return found[-1] if found else None


@dataclass(frozen=True)
class NdcCheck:
    """A line's NDC against the crosswalk of its quarter. ``ok``: it belongs to the line's
    code; ``problem``: it does not (another code, or not listed for a code the crosswalk
    lists NDCs for), which makes the line a problem. Neither when it could not be checked."""

    written: str  # as on the line
    ndc: str  # read as 5-4-2 (the form the crosswalk found, else the likeliest)
    status: str
    text: str
    quarter: str = ""  # "Jan–Mar 2026": the crosswalk checked against
    codes: tuple[str, ...] = ()  # the codes the crosswalk lists the NDC for
    drug_name: str = ""
    dosage: str = ""  # the billing unit: "1 MG"
    units_per_package: Decimal | None = None

    @property
    def ok(self) -> bool:
        return self.status == BELONGS

    @property
    def problem(self) -> bool:
        return self.status in PROBLEMS

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def units_per_package_text(self) -> str:
        return _number(self.units_per_package) if self.units_per_package is not None else ""


def _number(value: Decimal) -> str:
    """100.0000 -> '100'; 2.5000 -> '2.5'."""
    return f"{value.normalize():f}"


def read_crosswalks(lines: Sequence[tuple[str, datetime.date, str]]) -> Crosswalks:
    """The published crosswalks, and their rows for the (code, day, NDC) lines given, in the
    quarters the lines' days fall in: one query for the quarters, and one per 5,000 NDCs and
    per 5,000 codes."""
    rows = (
        AspFile.objects.published()
        .filter(kind=AspFile.Kind.CROSSWALK)
        .order_by("starts", "id")
        .values_list("id", "starts", "ends")
    )
    found = Crosswalks(quarters=[Quarter(*row) for row in rows])
    in_use = {q.id for _, day, _ in lines if (q := found.quarter_of(day))}
    if not in_use:
        return found
    ndcs = sorted({c for _, _, written in lines for c in ndc_forms.candidates(written)})
    codes = sorted({code for code, _, _ in lines})
    in_quarters = CrosswalkRow.objects.filter(asp_file_id__in=in_use)
    listings = defaultdict(list)
    for start in range(0, len(ndcs), CHUNK):
        chunk = in_quarters.filter(ndc__in=ndcs[start : start + CHUNK]).order_by("code", "id")
        for quarter, number, *listing in chunk.values_list(
            "asp_file_id", "ndc", "code", "drug_name", "dosage", "bill_units_per_package"
        ):
            listings[quarter, number].append(Listing(*listing))
    found.listings = dict(listings)
    for start in range(0, len(codes), CHUNK):
        counts = (
            in_quarters.filter(code__in=codes[start : start + CHUNK])
            .order_by()
            .values_list("asp_file_id", "code")
            .annotate(ndcs=Count("ndc", distinct=True))
        )
        found.code_ndcs.update(((quarter, code), n) for quarter, code, n in counts)
    return found


def check(
    code: str, day: datetime.date, written: str, crosswalks: Crosswalks, *, units: bool = False
) -> NdcCheck:
    """The verdict on one line's NDC (``written`` as on the line, an NDC in one of its forms);
    with ``units`` (the line gave units), the text names the drug's billing unit."""
    candidates = ndc_forms.candidates(written) or [written]
    shown = candidates[0] if len(candidates) == 1 else f"{written} (read as {_or(candidates)})"
    quarter = crosswalks.quarter_of(day)
    if quarter is None:
        loaded = ", ".join(q.label for q in crosswalks.quarters) or "none"
        return NdcCheck(
            written,
            candidates[0],
            NO_CROSSWALK,
            f"NDC {shown} not checked: no NDC–HCPCS crosswalk is loaded for the quarter of "
            f"{day:%Y-%m-%d} (loaded: {loaded})",
        )
    label = quarter.label
    for number in candidates:
        if listings := crosswalks.listings.get((quarter.id, number)):
            break
    else:
        listed = crosswalks.code_ndcs.get((quarter.id, code), 0)
        if listed:
            return NdcCheck(
                written,
                candidates[0],
                NOT_LISTED,
                f"NDC {shown} is not in the {label} crosswalk, which lists "
                f"{listed:,} NDC{'s' * (listed != 1)} for {code}",
                quarter=label,
            )
        return NdcCheck(
            written,
            candidates[0],
            CODE_NOT_LISTED,
            f"NDC {shown} not checked: the {label} crosswalk lists neither it nor {code} "
            "(CMS lists the NDCs of ASP-priced Part B drugs only)",
            quarter=label,
        )
    codes = tuple(dict.fromkeys(listing.code for listing in listings))
    mine = next((listing for listing in listings if listing.code == code), None)
    shown_row = mine or listings[0]
    found = {
        "quarter": label,
        "codes": codes,
        "drug_name": shown_row.drug_name.strip(),
        "dosage": shown_row.dosage,
        "units_per_package": shown_row.units_per_package,
    }
    drug = found["drug_name"]
    if mine is None:
        return NdcCheck(
            written,
            number,
            OTHER_CODE,
            f"NDC {number} ({drug}) belongs to {_and(codes)}, not {code}, in the {label} crosswalk",
            **found,
        )
    unit = (
        f"; billing unit {mine.dosage}; {_number(mine.units_per_package)} units per package"
        if units
        else ""
    )
    return NdcCheck(
        written,
        number,
        BELONGS,
        f"NDC {number} belongs to {code} in the {label} crosswalk ({drug}{unit})",
        **found,
    )


def check_many(lines: Sequence[tuple[str, datetime.date, str, bool]]) -> list[NdcCheck]:
    """One verdict per (code, day, NDC as written, units given) line, in order."""
    crosswalks = read_crosswalks([(code, day, written) for code, day, written, _ in lines])
    return [
        check(code, day, written, crosswalks, units=units) for code, day, written, units in lines
    ]


def _or(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
