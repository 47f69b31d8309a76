"""What a code's page and the API say about a drug code and about CMS's index: the products
billed with it (newest crosswalk), its payment limit in each published quarter, and where
CMS's Table of Drugs and Index list it. Reads only."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache

from codes.cms import ndc
from codes.models.drugs import AspFile, CrosswalkRow, IndexEntry, PaymentLimit

CONTEXT_SECONDS = 3600  # keyed by the content version: an hour bounds only memory

# The product list of a code with very many NDCs (insulin, saline) is cut here on the page.
MAX_PRODUCTS = 200


@dataclass(frozen=True)
class Limit:
    quarter: str
    starts: str
    dosage: str
    payment_limit: Decimal | None
    coinsurance: Decimal | None
    notes: str
    source: str

    @property
    def text(self) -> str:
        """'Jan–Mar 2026: $58.012 per 1 MG'."""
        amount = "no limit set (N/A)" if self.payment_limit is None else f"${self.payment_limit}"
        return f"{self.quarter}: {amount} per {self.dosage}"


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def products(code: str, *, using: str = "default") -> tuple[str | None, list[dict], int]:
    """(quarter, rows, total) of the newest published crosswalk that lists ``code``."""
    latest = (
        AspFile.objects.using(using)
        .published()
        .filter(kind=AspFile.Kind.CROSSWALK, crosswalk__code=code)
        .order_by("-starts")
        .first()
    )
    if latest is None:
        return None, [], 0
    rows = CrosswalkRow.objects.using(using).filter(asp_file=latest, code=code)
    total = rows.count()
    shown = [
        {
            "ndc": row.ndc,
            "is_ndc": row.is_ndc,
            "drug_name": row.drug_name,
            "labeler": row.labeler,
            "dosage": row.dosage,
            "package": f"{_plain(row.package_size)} × {_plain(row.package_quantity)}",
            "package_size": row.package_size,
            "package_quantity": row.package_quantity,
            "bill_units_per_package": row.bill_units_per_package,
        }
        for row in rows.order_by("drug_name", "ndc")[:MAX_PRODUCTS]
    ]
    return latest.quarter_label, shown, total


def payment_limits(code: str, *, using: str = "default") -> list[Limit]:
    """The code's Part B payment limit in each published quarter, newest first."""
    rows = (
        PaymentLimit.objects.using(using)
        .filter(code=code, asp_file__status=AspFile.Status.PUBLISHED)
        .select_related("asp_file")
        .order_by("-asp_file__starts")
    )
    return [
        Limit(
            quarter=row.asp_file.quarter_label,
            starts=row.asp_file.starts.isoformat(),
            dosage=row.dosage,
            payment_limit=row.payment_limit,
            coinsurance=row.coinsurance,
            notes=row.notes,
            source=row.asp_file.source_name,
        )
        for row in rows
    ]


def index_paths(code: str, *, using: str = "default") -> list[dict]:
    """Where CMS's Table of Drugs and Index list the code: 'Blood › glucose monitor'."""
    rows = (
        IndexEntry.objects.using(using)
        .filter(code=code)
        .order_by("source", "term", "subterm")
        .values("source", "year", "term", "subterm", "detail")
    )
    paths = []
    for row in rows:
        sub = row["subterm"]
        path = (
            f"{row['term']}, {sub}"
            if sub.startswith("see ")
            else (f"{row['term']} › {sub}" if sub else row["term"])
        )
        source = dict(IndexEntry.Source.choices)[row["source"]]
        paths.append(
            {"path": path, "source": source, "edition": row["year"], "detail": row["detail"]}
        )
    return paths


@dataclass(frozen=True)
class NdcMatch:
    """The NDC a search found a code by, checked against the crosswalks: ``ndc`` (5-4-2)
    and its drug name when CMS bills it with the code, else ``error`` saying why not."""

    ndc: str = ""
    drug_name: str = ""
    error: str = ""


def ndc_match(code: str, value: str | None, *, using: str = "default") -> NdcMatch | None:
    """Read ``?ndc=`` of a code's page: None without one; an NDC in CMS's 11-digit form
    (5-4-2, hyphens optional) that a published crosswalk bills with ``code``, else why not.
    The value is only ever shown as the 5-4-2 form it was read into, or cut short."""
    if not value:
        return None
    number = ndc.normalise_cms(value[:40])
    if number is None:
        return NdcMatch(error=f"“{value[:20]}” is not an NDC in CMS's 11-digit 5-4-2 form.")
    name = (
        CrosswalkRow.objects.using(using)
        .published()
        .filter(code=code, ndc=number)
        .order_by("-asp_file__starts")
        .values_list("drug_name", flat=True)
        .first()
    )
    if name is None:
        return NdcMatch(error=f"NDC {number} is not billed with {code} in the loaded crosswalks.")
    return NdcMatch(ndc=number, drug_name=name)


def drug_context(code: str, *, using: str = "default", content_version: int | None = None) -> dict:
    """The code page's drug sections. Kept in the cache under the published content's
    version when the request read one (an ASP publish or a vocabulary edit moves it), which
    spares every code page its three queries."""
    key = f"codes:drug-context:{content_version}:{code}"
    if content_version is not None and (kept := cache.get(key)) is not None:
        return kept
    quarter, rows, total = products(code, using=using)
    context = {
        "drug_quarter": quarter,
        "drug_products": rows,
        "drug_product_total": total,
        "drug_limits": payment_limits(code, using=using),
        "index_paths": index_paths(code, using=using),
    }
    if content_version is not None:
        cache.set(key, context, CONTEXT_SECONDS)
    return context
