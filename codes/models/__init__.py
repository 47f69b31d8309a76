"""The CMS HCPCS code set: reference tables, releases, the published state and its history.

- Reference tables hold the CMS code tables, keyed by the CMS code itself.
- ``Release`` is one loaded CMS file, draft until a publisher publishes it.
- ``HcpcsCode`` is the current published state, one row per code or modifier.
- ``CodeVersion`` is the record as a release stated it, stored only when it differs from the
  state before it (type-2 history). A draft release's versions are its proposed changes.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connections, models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from codes import status as code_status
from codes.cms import layout
from codes.fields import cms_field
from codes.status import spans_from_json, spans_status

# ---------------------------------------------------------------------------------------
# Reference tables


class ReferenceCode(models.Model):
    """One entry of a CMS code table: the code as it appears in the file and its meaning."""

    description = models.TextField(
        verbose_name="description", help_text="What the code means, in CMS's words."
    )
    source = models.CharField(
        verbose_name="source",
        max_length=80,
        blank=True,
        help_text="Where the entry comes from: the CMS record layout it was read from, or a "
        "local fix with its reason.",
    )

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} - {self.description}"


class PricingIndicator(ReferenceCode):
    code = models.CharField(
        "pricing indicator",
        max_length=2,
        primary_key=True,
        help_text="Two-character CMS pricing indicator code (PRICE1-4).",
    )

    class Meta(ReferenceCode.Meta):
        verbose_name = "pricing indicator"


class MultiplePricingIndicator(ReferenceCode):
    code = models.CharField(
        "multiple pricing indicator",
        max_length=1,
        primary_key=True,
        help_text="CMS multiple pricing indicator code (MULT_PI).",
    )

    class Meta(ReferenceCode.Meta):
        verbose_name = "multiple pricing indicator"


class CoverageCode(ReferenceCode):
    code = models.CharField(
        "coverage code",
        max_length=1,
        primary_key=True,
        help_text="CMS Medicare coverage code (COV).",
    )

    class Meta(ReferenceCode.Meta):
        verbose_name = "coverage code"


class BetosCode(ReferenceCode):
    code = models.CharField(
        "BETOS code",
        max_length=3,
        primary_key=True,
        help_text="Berenson-Eggers type of service code (BETOS).",
    )

    class Meta(ReferenceCode.Meta):
        verbose_name = "BETOS code"


class TypeOfService(ReferenceCode):
    code = models.CharField(
        "type of service",
        max_length=1,
        primary_key=True,
        help_text="CMS type of service code (TOS1-5).",
    )

    class Meta(ReferenceCode.Meta):
        verbose_name = "type of service"
        verbose_name_plural = "types of service"


class ActionCode(ReferenceCode):
    code = models.CharField(
        "action code", max_length=1, primary_key=True, help_text="CMS action code (ACTION CD)."
    )

    class Meta(ReferenceCode.Meta):
        verbose_name = "action code"


class LabCertification(ReferenceCode):
    code = models.CharField(
        "lab certification code",
        max_length=3,
        primary_key=True,
        help_text="CMS lab certification code (LABCERT1-8).",
    )

    class Meta(ReferenceCode.Meta):
        verbose_name = "lab certification"


class OppsPaymentGroup(ReferenceCode):
    code = models.CharField(
        "MOG payment group",
        max_length=3,
        primary_key=True,
        help_text="CMS MOG payment group code (OPPS).",
    )

    class Meta(ReferenceCode.Meta):
        verbose_name = "MOG payment group"


class OppsPaymentIndicator(ReferenceCode):
    code = models.CharField(
        "MOG payment policy indicator",
        max_length=1,
        primary_key=True,
        help_text="CMS MOG payment policy indicator (OPPS_PI).",
    )

    class Meta(ReferenceCode.Meta):
        verbose_name = "MOG payment policy indicator"


class ProcessingNote(ReferenceCode):
    code = models.CharField(
        "processing note number",
        max_length=4,
        primary_key=True,
        help_text="Four-digit CMS processing note number (PROCNOTE).",
    )

    class Meta(ReferenceCode.Meta):
        verbose_name = "processing note"


# ---------------------------------------------------------------------------------------
# Releases


class ReleaseQuerySet(models.QuerySet):
    def published(self) -> ReleaseQuerySet:
        return self.filter(status=Release.Status.PUBLISHED)

    def drafts(self) -> ReleaseQuerySet:
        return self.filter(status=Release.Status.DRAFT)

    def latest_published(self) -> Release | None:
        return self.published().order_by("-effective_date", "-published_at", "-id").first()

    def in_force_on(self, day: datetime.date) -> Release | None:
        """The published release in force on ``day``: the newest that took effect by then
        (a release published ahead of its effective date is not yet in force)."""
        return (
            self.published()
            .filter(effective_date__lte=day)
            .order_by("-effective_date", "-published_at", "-id")
            .first()
        )


class ReleaseManager(models.Manager.from_queryset(ReleaseQuerySet)):
    """Adds the cached summary of the latest published release that every page's footer
    shows ("data as of ..."); publishing forgets it once its transaction commits."""

    LATEST_CACHE_KEY = "codes:latest-release"
    LATEST_CACHE_SECONDS = 60

    def latest_published_summary(self, version: int | None = None) -> dict:
        """{"label", "effective_date", "published_at", "id"} of the published release in
        force today, or {}.

        With the content version a public request was served for, cached under it (and the
        day), so a page cached under that version names the release of that version on
        every instance; without one, cached for a minute and forgotten when a publish
        commits.
        """
        today = timezone.localdate()
        key = self.LATEST_CACHE_KEY if version is None else f"{self.LATEST_CACHE_KEY}:{version}"
        key = f"{key}:{today:%Y%m%d}"
        latest = cache.get(key)
        if latest is None:
            release = self.in_force_on(today)
            latest = (
                {
                    "label": release.label,
                    "effective_date": release.effective_date,
                    "published_at": release.published_at,
                    "id": release.pk,
                }
                if release
                else {}
            )
            cache.set(key, latest, self.LATEST_CACHE_SECONDS if version is None else 3600)
        return latest

    def published_in_order(self) -> list[Release]:
        """Every published release, oldest first. Read afresh, never from a per-process
        cache: a request reads it in the same transaction as the data it places in time."""
        return list(self.published().order_by("effective_date", "id"))

    def forget_latest_published(self) -> None:
        cache.delete(f"{self.LATEST_CACHE_KEY}:{timezone.localdate():%Y%m%d}")


class Release(models.Model):
    """One CMS file loaded into the site: a full snapshot of the code set."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        DISCARDED = "discarded", "Discarded"

    label = models.CharField(
        "label", max_length=60, help_text='The release as CMS names it, e.g. "2025 October".'
    )
    effective_date = models.DateField(
        "effective date", help_text="The first day the release is in force (a quarter start)."
    )
    source_name = models.CharField(
        "source file", max_length=255, help_text="Name of the CMS file the release was read from."
    )
    source_format = models.CharField(
        "source format",
        max_length=20,
        blank=True,
        help_text="Format the file was read as: fixed-width text, xlsx, xls or a zip member.",
    )
    sha256 = models.CharField(
        "SHA-256", max_length=64, help_text="SHA-256 of the file's bytes, to recognise re-uploads."
    )
    status = models.CharField(
        "status",
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Draft releases are proposals; only published ones change what users see.",
    )
    record_count = models.PositiveIntegerField(
        "records", default=0, help_text="Number of codes and modifiers in the file."
    )
    summary = models.JSONField(
        "summary",
        default=dict,
        blank=True,
        help_text="Number of codes per kind of change, and unchanged.",
    )
    warnings = models.JSONField(
        "warnings",
        default=list,
        blank=True,
        help_text="Things a curator should look at, one record each (kind, code, field, "
        "values): values missing from a CMS code table, codes that left the file, "
        "descriptions changed without an action code, notes from reading the file.",
    )
    base_release = models.ForeignKey(
        "self",
        verbose_name="compared with",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The published release this draft was compared with when it was staged.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="loaded by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("loaded at", default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="published by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField("published at", null=True, blank=True)
    base_publish_count = models.PositiveIntegerField(
        "compared with publish no.",
        null=True,
        blank=True,
        help_text="The publish counter when this draft was staged: the published state it was "
        "compared with. A draft is out of date once another release has been published.",
    )

    objects = ReleaseManager()

    class Meta:
        ordering = ["-effective_date", "-id"]
        # Publishing and discarding are separate from loading (add) and editing (change):
        # curators load and review, publishers decide what users see (codes/releases/roles.py).
        permissions = [
            ("publish_release", "Can publish a draft release"),
            ("discard_release", "Can discard a draft release"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"],
                condition=~Q(status="discarded"),
                name="release_unique_live_sha256",
            ),
        ]
        indexes = [models.Index(fields=["status", "effective_date"], name="release_status_date")]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("codes:release-detail", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


# ---------------------------------------------------------------------------------------
# The CMS record


class PublishedStateManager(models.Manager):
    def current(self) -> tuple[int, datetime.datetime | None]:
        """(content version, when it changed), one indexed read; (0, None) before any.

        Every public request asks (the release-keyed cache), so it is read with a plain
        cursor: building the query through the ORM took longer than the read itself. The
        time is converted as the ORM would (SQLite returns text)."""
        connection = connections[self.db]
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT content_version, changed_at FROM {table} WHERE id = %s",  # noqa: S608
                [1],
            )
            row = cursor.fetchone()
        if row is None:
            return 0, None
        version, changed_at = row
        field = self.model._meta.get_field("changed_at")
        column = field.get_col(self.model._meta.db_table)
        for convert in connection.ops.get_db_converters(column) + field.get_db_converters(
            connection
        ):
            changed_at = convert(changed_at, column, connection)
        return version, changed_at

    def locked(self) -> PublishedState:
        """The row, locked until the transaction ends (created if a flush removed it)."""
        self.get_or_create(pk=1)
        return self.select_for_update().get(pk=1)

    def record_change(self, *, published: bool) -> None:
        """The public content changed (a publish, when ``published``); inside the writer's
        transaction, so caches move on exactly when the change commits."""
        self.get_or_create(pk=1)
        changes = {"content_version": F("content_version") + 1, "changed_at": timezone.now()}
        if published:
            changes["publish_count"] = F("publish_count") + 1
        self.filter(pk=1).update(**changes)


class PublishedState(models.Model):
    """The one row saying which published state the site shows.

    ``publish_count`` goes up with each publish: a draft staged at count N is out of date
    once it is not N any more, and publishing locks this row, so publishes of different
    drafts happen one at a time. ``content_version`` goes up with anything that changes
    what the public pages show (a publish, a correction, a reference-table edit); every
    cache key and ETag carries it, so every app instance sees a change on its next request.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    publish_count = models.PositiveIntegerField(
        "publishes", default=0, help_text="Number of releases published so far."
    )
    content_version = models.PositiveIntegerField(
        "content version",
        default=0,
        help_text="Goes up with every change to what the public pages show.",
    )
    changed_at = models.DateTimeField(
        "changed at", default=timezone.now, help_text="When the published content last changed."
    )

    objects = PublishedStateManager()

    class Meta:
        verbose_name = "published state"
        verbose_name_plural = "published state"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="publishedstate_singleton"),
        ]

    def __str__(self) -> str:
        return f"publish {self.publish_count}, content version {self.content_version}"


class CmsRecord(models.Model):
    """Every field of the CMS HCPCS record, once, with the CMS definition as help text."""

    code = cms_field("HCPC")
    seqnum = cms_field("SEQNUM")
    recid = cms_field("RECID")
    long_description = cms_field("LONG DESCRIPTION")
    short_description = cms_field("SHORT DESCRIPTION")
    price1 = cms_field("PRICE1")
    price2 = cms_field("PRICE2")
    price3 = cms_field("PRICE3")
    price4 = cms_field("PRICE4")
    mult_pi = cms_field("MULT_PI")
    cim1 = cms_field("CIM1")
    cim2 = cms_field("CIM2")
    cim3 = cms_field("CIM3")
    mcm1 = cms_field("MCM1")
    mcm2 = cms_field("MCM2")
    mcm3 = cms_field("MCM3")
    statute = cms_field("STATUTE")
    labcert1 = cms_field("LABCERT1")
    labcert2 = cms_field("LABCERT2")
    labcert3 = cms_field("LABCERT3")
    labcert4 = cms_field("LABCERT4")
    labcert5 = cms_field("LABCERT5")
    labcert6 = cms_field("LABCERT6")
    labcert7 = cms_field("LABCERT7")
    labcert8 = cms_field("LABCERT8")
    xref1 = cms_field("XREF1")
    xref2 = cms_field("XREF2")
    xref3 = cms_field("XREF3")
    xref4 = cms_field("XREF4")
    xref5 = cms_field("XREF5")
    cov = cms_field("COV")
    asc_grp = cms_field("ASC_GRP")
    asc_dt = cms_field("ASC_DT")
    opps = cms_field("OPPS")
    opps_pi = cms_field("OPPS_PI")
    opps_dt = cms_field("OPPS_DT")
    procnote = cms_field("PROCNOTE")
    betos = cms_field("BETOS")
    tos1 = cms_field("TOS1")
    tos2 = cms_field("TOS2")
    tos3 = cms_field("TOS3")
    tos4 = cms_field("TOS4")
    tos5 = cms_field("TOS5")
    anest_bu = cms_field("ANEST_BU")
    add_dt = cms_field("ADD DT")
    act_eff_dt = cms_field("ACT EFF DT")
    term_dt = cms_field("TERM DT")
    action_cd = cms_field("ACTION CD")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.code} - {self.short_description}"

    def get_absolute_url(self) -> str:
        name = "codes:modifier-detail" if self.is_modifier else "codes:detail"
        return reverse(name, kwargs={"code": self.code})

    @property
    def is_modifier(self) -> bool:
        return self.recid == layout.RECID_MODIFIER

    @property
    def section(self) -> str:
        """The section letter of a procedure code (modifiers have none)."""
        return "" if self.is_modifier else self.code[:1]

    def record(self) -> dict:
        """The CMS fields as a plain record, keyed like the readers' records."""
        return {attr: getattr(self, attr) for attr in layout.ATTRS}


class HcpcsCodeQuerySet(models.QuerySet):
    def procedures(self) -> HcpcsCodeQuerySet:
        return self.filter(recid=layout.RECID_PROCEDURE)

    def modifiers(self) -> HcpcsCodeQuerySet:
        return self.filter(recid=layout.RECID_MODIFIER)

    def listed(self) -> HcpcsCodeQuerySet:
        return self.filter(listed=True)

    def with_status(self, status: str, *, on: datetime.date) -> HcpcsCodeQuerySet:
        """Codes whose status on day ``on`` is ``status``: the timeline's reading
        (``codes.timeline``) over its derived spans (``CodeLife``)."""
        return self.filter(status_condition(status, on))

    def in_section(self, letter: str) -> HcpcsCodeQuerySet:
        return self.procedures().filter(code__startswith=letter.upper())


class HcpcsCode(CmsRecord):
    """The current published state of one procedure code or modifier."""

    listed = models.BooleanField(
        "in the latest file",
        default=True,
        help_text="False when the latest published release no longer lists this code.",
    )
    release = models.ForeignKey(
        Release,
        verbose_name="last changed in",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The published release (or correction) that last changed this record.",
    )
    updated_at = models.DateTimeField("updated at", default=timezone.now)
    lives = models.JSONField(
        "periods of validity",
        default=list,
        blank=True,
        help_text="[[from, until], ...] derived from the code's timeline (codes.timeline): "
        "more than one when CMS reused or reactivated the code.",
    )

    objects = HcpcsCodeQuerySet.as_manager()

    class Meta:
        verbose_name = "HCPCS code"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["code"], name="hcpcscode_unique_code")]
        indexes = [
            models.Index(fields=["recid", "code"], name="hcpcscode_recid_code"),
            models.Index(fields=["term_dt"], name="hcpcscode_term_dt"),
            models.Index(fields=["add_dt"], name="hcpcscode_add_dt"),
            models.Index(fields=["betos"], name="hcpcscode_betos"),
        ]

    @property
    def spans(self) -> list[tuple]:
        """The code's periods of validity, oldest first (derived from its timeline)."""
        return spans_from_json(self.lives)

    def status_on(self, day: datetime.date) -> code_status.CodeStatus:
        return spans_status(self.spans, day)[0]


class CodeLife(models.Model):
    """One period of validity of a code, derived from its timeline (``codes.timeline``)
    whenever its versions change: what SQL filters by status read. Never edited."""

    code = models.CharField("code", max_length=5)
    start = models.DateField("valid from", null=True, blank=True)
    end = models.DateField("valid until", null=True, blank=True, help_text="Empty: no end.")

    class Meta:
        verbose_name = "period of validity"
        verbose_name_plural = "periods of validity"
        ordering = ["code", "start"]
        indexes = [models.Index(fields=["code", "start", "end"], name="codelife_code_span")]

    def __str__(self) -> str:
        return f"{self.code} {self.start} - {self.end or 'open'}"


def status_condition(status: str, day: datetime.date) -> Q:
    """The timeline's status on ``day`` as a filter on ``HcpcsCode`` (its stored spans)."""
    lives = CodeLife.objects.filter(code=OuterRef("code"))
    started = lives.filter(Q(start__isnull=True) | Q(start__lte=day))
    covering = started.filter(Q(end__isnull=True) | Q(end__gte=day))
    if status == code_status.CodeStatus.ACTIVE:
        return Q(Exists(covering))
    if status == code_status.CodeStatus.NOT_YET_EFFECTIVE:
        return Q(Exists(lives)) & ~Q(Exists(started))
    if status == code_status.CodeStatus.TERMINATED:
        return Q(Exists(started)) & ~Q(Exists(covering))
    if status == code_status.CodeStatus.UNKNOWN:
        return ~Q(Exists(lives))
    raise ValueError(f"Not a code status: {status!r}")


class CodeVersionQuerySet(models.QuerySet):
    def in_force(self) -> CodeVersionQuerySet:
        """Versions that became part of the published record: those of published releases
        that were not held back, and curators' corrections."""
        return self.filter(
            Q(release__status=Release.Status.PUBLISHED, held=False)
            | Q(release__isnull=True, change_type=CodeVersion.ChangeType.CORRECTION)
        )

    def as_of(self, day: datetime.date) -> CodeVersionQuerySet:
        return self.in_force().filter(effective_date__lte=day)

    def history_order(self) -> CodeVersionQuerySet:
        return self.order_by("-effective_date", "-id")


class CodeVersion(CmsRecord):
    """A code's record as one release (or a curator's correction) stated it."""

    class ChangeType(models.TextChoices):
        ADDED = "added", "Added"
        CHANGED = "changed", "Changed"
        TERMINATED = "terminated", "Terminated"
        REACTIVATED = "reactivated", "Reactivated"
        REMOVED = "removed", "No longer in the file"
        CORRECTION = "correction", "Local correction"

    code = cms_field("HCPC", db_index=True)
    release = models.ForeignKey(
        Release,
        verbose_name="release",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="versions",
        help_text="The release that stated this record; empty for a curator's correction.",
    )
    change_type = models.CharField(
        "change",
        max_length=12,
        choices=ChangeType.choices,
        help_text="How this record differs from the one before it.",
    )
    changed_fields = models.JSONField(
        "changed fields",
        default=list,
        blank=True,
        help_text="The CMS fields whose values differ from the previous record.",
    )
    previous = models.JSONField(
        "previous values",
        default=dict,
        blank=True,
        help_text="The previous value of each changed field, as text.",
    )
    effective_date = models.DateField(
        "effective date",
        help_text="When this record took effect: the release's effective date, or the date "
        "of a correction.",
    )
    held = models.BooleanField(
        "held back",
        default=False,
        help_text="A curator held this change back: publishing the release does not apply it.",
    )
    reason = models.TextField(
        "reason", blank=True, help_text="Why a curator made or edited this record."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="recorded by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("recorded at", default=timezone.now)

    objects = CodeVersionQuerySet.as_manager()

    class Meta:
        verbose_name = "code version"
        ordering = ["code", "-effective_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "code"],
                condition=Q(release__isnull=False),
                name="codeversion_unique_release_code",
            ),
        ]
        indexes = [
            models.Index(fields=["code", "effective_date"], name="codeversion_code_date"),
            models.Index(fields=["release", "change_type"], name="codeversion_release_change"),
        ]

    def __str__(self) -> str:
        where = self.release.label if self.release_id else "correction"
        return f"{self.code} ({where}: {self.get_change_type_display().lower()})"


# ---------------------------------------------------------------------------------------
# Audit trail


class AuditEntry(models.Model):
    """Who did what to the data, when and why: loads, edits, holds, publishes, corrections.

    This is the audit trail. Django's admin ``LogEntry`` is kept beside it only as the
    admin's per-object "History" page, for the edits made through the admin; it is not the
    record, because it cannot be: it is written by the admin views after the change (not by
    the services, in the change's transaction), so loads and publishes from ``import_hcpcs``
    never reach it; it holds a free-text message rather than the field, the old and the new
    value; and it knows nothing of releases, versions or a curator's reason, which the
    review page reads back from here (edited fields, who held a change and why).
    """

    class Action(models.TextChoices):
        STAGED = "staged", "Loaded a CMS file as a draft"
        EDITED = "edited", "Edited a proposed value"
        HELD = "held", "Held a change back"
        RESTORED = "restored", "Restored a held change"
        PUBLISHED = "published", "Published a release"
        DISCARDED = "discarded", "Discarded a draft"
        CORRECTED = "corrected", "Corrected a published code"
        REFERENCE_EDITED = "reference", "Edited a reference table"
        ASP_STAGED = "asp-staged", "Loaded an ASP drug file as a draft"
        ASP_PUBLISHED = "asp-publish", "Published an ASP drug file"
        ASP_DISCARDED = "asp-discard", "Discarded an ASP drug file"
        VOCABULARY_EDITED = "vocabulary", "Edited the search vocabulary"
        LOCKED_OUT = "locked_out", "Locked out after failed sign-ins"

    action = models.CharField("action", max_length=12, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="user",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("when", default=timezone.now)
    release = models.ForeignKey(
        Release,
        verbose_name="release",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    version = models.ForeignKey(
        CodeVersion,
        verbose_name="code version",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    code = models.CharField("code", max_length=5, blank=True, db_index=True)
    field_name = models.CharField(
        "field",
        max_length=100,
        blank=True,
        help_text="The CMS field that was edited, if any, or the reference table and its "
        'column ("MOG payment policy indicator: description").',
    )
    old_value = models.TextField("old value", blank=True)
    new_value = models.TextField("new value", blank=True)
    reason = models.TextField("reason", blank=True, help_text="Why, in the curator's words.")

    class Meta:
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["release", "at"], name="audit_release_at")]

    def __str__(self) -> str:
        who = self.user.get_username() if self.user_id else "system"
        what = self.code or (self.release.label if self.release_id else "")
        return f"{self.at:%Y-%m-%d %H:%M} {who}: {self.get_action_display()} {what}".strip()


# The drug and vocabulary tables, in their own module of this package (app label ``codes``).
from codes.models.drugs import (  # noqa: E402, F401
    AspFile,
    CrosswalkRow,
    IndexEntry,
    PaymentLimit,
    Synonym,
)
