"""Drugs and everyday words: ASP files (crosswalk, payment limits) keyed by quarter, their
rows, CMS's Table of Drugs and Index entries, curated synonyms, and the audit actions for
them. The roles' permissions on the new tables come from codes/releases/roles.py, applied
after migrate (post_migrate)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("codes", "0006_warning_records"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[("drugs", "Table of Drugs"), ("index", "Alpha-Numeric Index")],
                        max_length=8,
                        verbose_name="source",
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="edition")),
                (
                    "term",
                    models.CharField(
                        help_text="Blood; or a drug's name.", max_length=255, verbose_name="term"
                    ),
                ),
                ("subterm", models.CharField(blank=True, max_length=255, verbose_name="sub-term")),
                (
                    "detail",
                    models.CharField(
                        blank=True,
                        help_text="Table of Drugs: unit and route.",
                        max_length=255,
                        verbose_name="detail",
                    ),
                ),
                ("code", models.CharField(db_index=True, max_length=5, verbose_name="code")),
            ],
            options={
                "verbose_name": "CMS index entry",
                "verbose_name_plural": "CMS index entries",
                "ordering": ["term", "subterm", "code"],
            },
        ),
        migrations.CreateModel(
            name="Synonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "term",
                    models.CharField(
                        help_text='As people type it, e.g. "hoyer lift".',
                        max_length=80,
                        unique=True,
                        verbose_name="term",
                    ),
                ),
                (
                    "expansions",
                    models.TextField(
                        help_text='CMS\'s words for it, one alternative per line, e.g. "patient lift".',
                        verbose_name="means",
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="The fact behind the entry, for reviewers.",
                        max_length=255,
                        verbose_name="why",
                    ),
                ),
                ("active", models.BooleanField(default=True, verbose_name="active")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
            ],
            options={
                "verbose_name": "synonym",
                "ordering": ["term"],
            },
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("staged", "Loaded a CMS file as a draft"),
                    ("edited", "Edited a proposed value"),
                    ("held", "Held a change back"),
                    ("restored", "Restored a held change"),
                    ("published", "Published a release"),
                    ("discarded", "Discarded a draft"),
                    ("corrected", "Corrected a published code"),
                    ("reference", "Edited a reference table"),
                    ("asp-staged", "Loaded an ASP drug file as a draft"),
                    ("asp-publish", "Published an ASP drug file"),
                    ("asp-discard", "Discarded an ASP drug file"),
                    ("vocabulary", "Edited the search vocabulary"),
                ],
                max_length=12,
                verbose_name="action",
            ),
        ),
        migrations.CreateModel(
            name="AspFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("crosswalk", "NDC-HCPCS crosswalk"),
                            ("payment_limits", "Payment limits"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "starts",
                    models.DateField(
                        help_text='From the file\'s "Effective" line.',
                        verbose_name="quarter starts",
                    ),
                ),
                (
                    "ends",
                    models.DateField(
                        help_text='From the file\'s "Effective" line.', verbose_name="quarter ends"
                    ),
                ),
                ("title", models.CharField(blank=True, max_length=255, verbose_name="title")),
                ("source_name", models.CharField(max_length=255, verbose_name="source file")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("published", "Published"),
                            ("discarded", "Discarded"),
                            ("replaced", "Replaced by a later file of the same quarter"),
                        ],
                        default="draft",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("row_count", models.PositiveIntegerField(default=0, verbose_name="rows")),
                (
                    "summary",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="What the quarter adds and removes against the published file before it, CPT codes it lists, and codes absent from the published HCPCS codes.",
                        verbose_name="summary",
                    ),
                ),
                (
                    "loaded_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="loaded at"
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="published at"),
                ),
                (
                    "loaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="loaded by",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="published by",
                    ),
                ),
            ],
            options={
                "verbose_name": "ASP file",
                "verbose_name_plural": "ASP files (drug crosswalk and payment limits)",
                "ordering": ["-starts", "kind", "-id"],
            },
        ),
        migrations.CreateModel(
            name="CrosswalkRow",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(db_index=True, max_length=5, verbose_name="code")),
                (
                    "level2",
                    models.BooleanField(
                        default=True,
                        help_text="False for CPT codes (90371), kept as CMS lists them.",
                        verbose_name="HCPCS Level II",
                    ),
                ),
                (
                    "ndc",
                    models.CharField(
                        db_index=True,
                        help_text="11-digit NDC, 5-4-2; for skin substitutes and devices, the maker's product number.",
                        max_length=30,
                        verbose_name="NDC",
                    ),
                ),
                ("is_ndc", models.BooleanField(default=True, verbose_name="is an NDC")),
                (
                    "drug_name",
                    models.CharField(
                        help_text="Brand or generic name, as the manufacturer reported it.",
                        max_length=255,
                        verbose_name="drug name",
                    ),
                ),
                ("labeler", models.CharField(blank=True, max_length=255, verbose_name="labeler")),
                (
                    "short_description",
                    models.CharField(blank=True, max_length=255, verbose_name="short description"),
                ),
                (
                    "dosage",
                    models.CharField(
                        help_text="The billing unit: 1 MG.",
                        max_length=120,
                        verbose_name="HCPCS dosage",
                    ),
                ),
                (
                    "package_size",
                    models.DecimalField(
                        decimal_places=4, max_digits=16, verbose_name="package size"
                    ),
                ),
                (
                    "package_quantity",
                    models.DecimalField(
                        decimal_places=4, max_digits=16, verbose_name="package quantity"
                    ),
                ),
                (
                    "bill_units",
                    models.DecimalField(
                        decimal_places=4, max_digits=16, verbose_name="billing units"
                    ),
                ),
                (
                    "bill_units_per_package",
                    models.DecimalField(
                        decimal_places=4, max_digits=16, verbose_name="billing units per package"
                    ),
                ),
                (
                    "asp_file",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="crosswalk",
                        to="codes.aspfile",
                    ),
                ),
            ],
            options={
                "verbose_name": "crosswalk row",
                "ordering": ["code", "drug_name", "ndc"],
            },
        ),
        migrations.CreateModel(
            name="PaymentLimit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(db_index=True, max_length=5, verbose_name="code")),
                ("level2", models.BooleanField(default=True, verbose_name="HCPCS Level II")),
                (
                    "short_description",
                    models.CharField(blank=True, max_length=255, verbose_name="short description"),
                ),
                ("dosage", models.CharField(max_length=120, verbose_name="HCPCS code dosage")),
                (
                    "payment_limit",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        help_text="Dollars per billing unit; empty where CMS writes N/A.",
                        max_digits=14,
                        null=True,
                        verbose_name="payment limit",
                    ),
                ),
                (
                    "coinsurance",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        max_digits=7,
                        null=True,
                        verbose_name="co-insurance percentage",
                    ),
                ),
                ("notes", models.CharField(blank=True, max_length=255, verbose_name="notes")),
                (
                    "asp_file",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="limits",
                        to="codes.aspfile",
                    ),
                ),
            ],
            options={
                "verbose_name": "payment limit",
                "ordering": ["code"],
            },
        ),
        migrations.AddConstraint(
            model_name="aspfile",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "published")),
                fields=("kind", "starts"),
                name="aspfile_one_published_per_quarter",
            ),
        ),
        migrations.AddIndex(
            model_name="crosswalkrow",
            index=models.Index(fields=["asp_file", "code"], name="crosswalk_file_code"),
        ),
    ]
