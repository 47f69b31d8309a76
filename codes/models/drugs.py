"""The drug and vocabulary tables (app label ``codes``; imported by ``codes.models``, whose
package they belong to, so the shared core does not import the drugs feature).

- ``AspFile``: one CMS ASP file for one quarter, the NDC-HCPCS crosswalk or the payment
  limit file; a draft until a publisher publishes it, like a release. Publishing a quarter
  again (CMS re-issues files) replaces the earlier file of that kind and quarter.
- ``CrosswalkRow`` and ``PaymentLimit``: the file's rows, as CMS wrote them.
- ``IndexEntry``: an entry of CMS's Table of Drugs or Alpha-Numeric Index (bundled JSON).
- ``Synonym``: a curated everyday word or abbreviation and what it means in CMS's words.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def _who(verbose_name: str) -> models.ForeignKey:
    """The user who did something to a row; the row outlives the account."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class AspFileQuerySet(models.QuerySet):
    def published(self) -> AspFileQuerySet:
        return self.filter(status=AspFile.Status.PUBLISHED)


class AspFile(models.Model):
    """A quarter's ASP crosswalk or payment limit file, loaded like a CMS release."""

    class Kind(models.TextChoices):
        CROSSWALK = "crosswalk", "NDC-HCPCS crosswalk"
        PAYMENT_LIMITS = "payment_limits", "Payment limits"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        DISCARDED = "discarded", "Discarded"
        REPLACED = "replaced", "Replaced by a later file of the same quarter"

    kind = models.CharField("kind", max_length=20, choices=Kind.choices)
    starts = models.DateField("quarter starts", help_text='From the file\'s "Effective" line.')
    ends = models.DateField("quarter ends", help_text='From the file\'s "Effective" line.')
    title = models.CharField("title", max_length=255, blank=True)
    source_name = models.CharField("source file", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.DRAFT)
    row_count = models.PositiveIntegerField("rows", default=0)
    summary = models.JSONField(
        "summary",
        default=dict,
        blank=True,
        help_text="What the quarter adds and removes against the published file before it, "
        "CPT codes it lists, and codes absent from the published HCPCS codes.",
    )
    loaded_by = _who("loaded by")
    loaded_at = models.DateTimeField("loaded at", default=timezone.now)
    published_by = _who("published by")
    published_at = models.DateTimeField("published at", null=True, blank=True)

    objects = AspFileQuerySet.as_manager()

    class Meta:
        verbose_name = "ASP file"
        verbose_name_plural = "ASP files (drug crosswalk and payment limits)"
        ordering = ["-starts", "kind", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "starts"],
                condition=Q(status="published"),
                name="aspfile_one_published_per_quarter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quarter_label} ({self.get_status_display()})"

    @property
    def quarter_label(self) -> str:
        return f"{self.starts:%b}–{self.ends:%b %Y}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class CrosswalkRowQuerySet(models.QuerySet):
    def published(self) -> CrosswalkRowQuerySet:
        return self.filter(asp_file__status=AspFile.Status.PUBLISHED)

    def latest_quarter(self) -> CrosswalkRowQuerySet:
        """The rows of the newest published crosswalk."""
        latest = (
            AspFile.objects.using(self.db)
            .published()
            .filter(kind=AspFile.Kind.CROSSWALK)
            .order_by("-starts")
            .first()
        )
        return self.filter(asp_file=latest) if latest else self.none()


class CrosswalkRow(models.Model):
    """One NDC (or, for skin substitutes, a product number) billed with one code."""

    asp_file = models.ForeignKey(AspFile, on_delete=models.CASCADE, related_name="crosswalk")
    code = models.CharField("code", max_length=5, db_index=True)
    level2 = models.BooleanField(
        "HCPCS Level II",
        default=True,
        help_text="False for CPT codes (90371), kept as CMS lists them.",
    )
    ndc = models.CharField(
        "NDC",
        max_length=30,
        db_index=True,
        help_text="11-digit NDC, 5-4-2; for skin substitutes and devices, the maker's "
        "product number.",
    )
    is_ndc = models.BooleanField("is an NDC", default=True)
    drug_name = models.CharField(
        "drug name",
        max_length=255,
        help_text="Brand or generic name, as the manufacturer reported it.",
    )
    labeler = models.CharField("labeler", max_length=255, blank=True)
    short_description = models.CharField("short description", max_length=255, blank=True)
    dosage = models.CharField("HCPCS dosage", max_length=120, help_text="The billing unit: 1 MG.")
    package_size = models.DecimalField("package size", max_digits=16, decimal_places=4)
    package_quantity = models.DecimalField("package quantity", max_digits=16, decimal_places=4)
    bill_units = models.DecimalField("billing units", max_digits=16, decimal_places=4)
    bill_units_per_package = models.DecimalField(
        "billing units per package", max_digits=16, decimal_places=4
    )

    objects = CrosswalkRowQuerySet.as_manager()

    class Meta:
        verbose_name = "crosswalk row"
        ordering = ["code", "drug_name", "ndc"]
        indexes = [models.Index(fields=["asp_file", "code"], name="crosswalk_file_code")]

    def __str__(self) -> str:
        return f"{self.ndc} {self.drug_name} -> {self.code}"


class PaymentLimit(models.Model):
    """The Part B payment limit per billing unit of one code in one quarter."""

    asp_file = models.ForeignKey(AspFile, on_delete=models.CASCADE, related_name="limits")
    code = models.CharField("code", max_length=5, db_index=True)
    level2 = models.BooleanField("HCPCS Level II", default=True)
    short_description = models.CharField("short description", max_length=255, blank=True)
    dosage = models.CharField("HCPCS code dosage", max_length=120)
    payment_limit = models.DecimalField(
        "payment limit",
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="Dollars per billing unit; empty where CMS writes N/A.",
    )
    coinsurance = models.DecimalField(
        "co-insurance percentage", max_digits=7, decimal_places=3, null=True, blank=True
    )
    notes = models.CharField("notes", max_length=255, blank=True)

    class Meta:
        verbose_name = "payment limit"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.payment_limit} per {self.dosage}"


class IndexEntry(models.Model):
    """One line of CMS's Table of Drugs or Alpha-Numeric Index, pointing to one code."""

    class Source(models.TextChoices):
        TABLE_OF_DRUGS = "drugs", "Table of Drugs"
        INDEX = "index", "Alpha-Numeric Index"

    source = models.CharField("source", max_length=8, choices=Source.choices)
    year = models.PositiveSmallIntegerField("edition")
    term = models.CharField("term", max_length=255, help_text="Blood; or a drug's name.")
    subterm = models.CharField("sub-term", max_length=255, blank=True)
    detail = models.CharField(
        "detail", max_length=255, blank=True, help_text="Table of Drugs: unit and route."
    )
    code = models.CharField("code", max_length=5, db_index=True)

    class Meta:
        verbose_name = "CMS index entry"
        verbose_name_plural = "CMS index entries"
        ordering = ["term", "subterm", "code"]

    def __str__(self) -> str:
        return f"{self.path} -> {self.code}"

    @property
    def path(self) -> str:
        return f"{self.term} › {self.subterm}" if self.subterm else self.term


class Synonym(models.Model):
    """An everyday word or abbreviation, and the words CMS's descriptions use for it.

    ``term`` is matched as whole words in a query ("knee brace" contains "brace");
    ``expansions`` are alternatives, one per line, each searched as CMS's words.
    """

    term = models.CharField(
        "term", max_length=80, unique=True, help_text='As people type it, e.g. "hoyer lift".'
    )
    expansions = models.TextField(
        "means",
        help_text='CMS\'s words for it, one alternative per line, e.g. "patient lift".',
    )
    note = models.CharField(
        "why", max_length=255, blank=True, help_text="The fact behind the entry, for reviewers."
    )
    active = models.BooleanField("active", default=True)
    updated_at = models.DateTimeField("updated at", auto_now=True)

    class Meta:
        verbose_name = "synonym"
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {' | '.join(self.expansion_list)}"

    @property
    def expansion_list(self) -> list[str]:
        return [line.strip() for line in self.expansions.splitlines() if line.strip()]
