"""The DMEPOS fee schedule tables.

- ``FeeQuarter``: one CMS fee schedule file for one quarter, a draft until a publisher
  publishes it, like a CMS release. A date is answered by the published quarter in force on
  it: the latest whose effective date is on or before it. Publishing a quarter again (CMS
  re-issues files) replaces the earlier file of that quarter.
- ``FeeRow``: one row of the file: a code and its pricing modifiers, the jurisdiction and
  payment category, ceiling and floor, and every state's non-rural and rural amount.

The state amounts of a row are kept together in one JSON object (``{"AL": ["50.58",
"94.93"], ...}``: non-rural, rural, as exact decimal text) rather than one database row per
state and locality kind: a page, an answer or a batch line always reads a row whole, and a
quarter of about 3,500 rows loads as 3,500 inserts instead of 400,000.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def _who(verbose_name: str) -> models.ForeignKey:
    """The user who did something to a quarter; the quarter outlives the account."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class FeeQuarterQuerySet(models.QuerySet):
    def published(self) -> FeeQuarterQuerySet:
        return self.filter(status=FeeQuarter.Status.PUBLISHED)

    def in_force_on(self, day: datetime.date) -> FeeQuarter | None:
        """The published quarter in force on ``day``: the latest that took effect by then."""
        return self.published().filter(effective_date__lte=day).order_by("-effective_date").first()

    def before(self, quarter: FeeQuarter) -> FeeQuarter | None:
        """The published quarter before ``quarter`` (by effective date)."""
        return (
            self.published()
            .filter(effective_date__lt=quarter.effective_date)
            .order_by("-effective_date")
            .first()
        )


class FeeQuarter(models.Model):
    """A quarter's DMEPOS fee schedule file, loaded like a CMS release."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        DISCARDED = "discarded", "Discarded"
        REPLACED = "replaced", "Replaced by a later file of the same quarter"

    effective_date = models.DateField(
        "effective date",
        help_text="The quarter's first day (CMS's banner: “April 2025 Fee Schedule”); the "
        "quarter is in force from then until the next published quarter.",
    )
    source_name = models.CharField("source file", max_length=255)
    sha256 = models.CharField(
        "SHA-256", max_length=64, help_text="Of the CSV file (unzipped when it came gzipped)."
    )
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.DRAFT)
    row_count = models.PositiveIntegerField("rows", default=0)
    code_count = models.PositiveIntegerField("codes", default=0)
    states = models.JSONField(
        "states", default=list, help_text="The states and territories of the file, in its order."
    )
    summary = models.JSONField(
        "summary",
        default=dict,
        blank=True,
        help_text="What the quarter changes against the published quarter before it: new rows, "
        "changed amounts (with percentages), removed rows.",
    )
    loaded_by = _who("loaded by")
    loaded_at = models.DateTimeField("loaded at", default=timezone.now)
    published_by = _who("published by")
    published_at = models.DateTimeField("published at", null=True, blank=True)

    objects = FeeQuarterQuerySet.as_manager()

    class Meta:
        verbose_name = "DMEPOS fee schedule quarter"
        verbose_name_plural = "DMEPOS fee schedule quarters"
        ordering = ["-effective_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_date"],
                condition=Q(status="published"),
                name="feequarter_one_published_per_quarter",
            ),
        ]

    def __str__(self) -> str:
        return f"DMEPOS fee schedule {self.label} ({self.get_status_display()})"

    @property
    def label(self) -> str:
        """'January 2026'."""
        return f"{self.effective_date:%B %Y}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class FeeRowQuerySet(models.QuerySet):
    def published(self) -> FeeRowQuerySet:
        return self.filter(quarter__status=FeeQuarter.Status.PUBLISHED)


class FeeRow(models.Model):
    """One code and pricing modifier combination of one quarter, with every state's amounts."""

    class Jurisdiction(models.TextChoices):
        DME_MAC = "D", "DME MAC"
        LOCAL = "L", "Local Part B contractor"
        JOINT = "J", "Joint DME MAC / local Part B contractor"

    quarter = models.ForeignKey(FeeQuarter, on_delete=models.CASCADE, related_name="rows")
    code = models.CharField("HCPCS", max_length=5, db_index=True)
    modifier = models.CharField(
        "Mod", max_length=2, blank=True, help_text="Pricing modifier: RR rental, NU new, UE used…"
    )
    modifier2 = models.CharField("Mod2", max_length=2, blank=True)
    jurisdiction = models.CharField(
        "JURIS",
        max_length=1,
        help_text="Which contractor processes the claim: D the DME MAC, L the local Part B "
        "contractor, J either (joint).",
    )
    category = models.CharField(
        "CATG", max_length=2, db_index=True, help_text="The DMEPOS payment category (CR, IN…)."
    )
    ceiling = models.DecimalField(
        "ceiling",
        max_digits=12,
        decimal_places=2,
        help_text="The national ceiling of the statewide amounts; 0.00 where none applies.",
    )
    floor = models.DecimalField(
        "floor",
        max_digits=12,
        decimal_places=2,
        help_text="The national floor of the statewide amounts; 0.00 where none applies.",
    )
    amounts = models.JSONField(
        "state amounts",
        default=dict,
        help_text='State -> [non-rural, rural] in dollars, as text: {"AL": ["50.58", "94.93"]}. '
        "0.00 is no fee for that state and locality kind.",
    )
    description = models.CharField("description", max_length=255, blank=True)

    objects = FeeRowQuerySet.as_manager()

    class Meta:
        verbose_name = "DMEPOS fee schedule row"
        ordering = ["code", "modifier", "modifier2"]
        indexes = [models.Index(fields=["quarter", "code"], name="feerow_quarter_code")]
        constraints = [
            models.UniqueConstraint(
                fields=["quarter", "code", "modifier", "modifier2"], name="feerow_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.modifiers or '(no modifier)'}"

    @property
    def modifiers(self) -> str:
        return " ".join(m for m in (self.modifier, self.modifier2) if m)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.code, self.modifier, self.modifier2)

    def amount(self, state: str, *, rural: bool) -> Decimal | None:
        """The state's amount (None when the file has no such state)."""
        pair = self.amounts.get(state)
        return Decimal(pair[1 if rural else 0]) if pair else None
