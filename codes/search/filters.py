"""The filters of a code search: one FilterSet for the results page, browse and the API.

Coded filters take the CMS codes themselves (``betos=D1D``, ``coverage=C``, ``pricing=13``)
and accept only values from the CMS code tables, so a typo is reported rather than silently
matching nothing: the API answers 400, the page drops the value and says so.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from codes import reference_tables
from codes.fees import filters as fee_filters
from codes.models import CodeVersion, HcpcsCode, HcpcsCodeQuerySet, Release
from codes.search import default_status, parse
from codes.search.sections import SECTION_CHOICES
from codes.status import ANY_STATUS, CodeStatus

STATUS_CHOICES = [
    (CodeStatus.ACTIVE.value, CodeStatus.ACTIVE.label),
    (CodeStatus.NOT_YET_EFFECTIVE.value, CodeStatus.NOT_YET_EFFECTIVE.label),
    (CodeStatus.TERMINATED.value, "Terminated or no longer listed"),
    (ANY_STATUS, "Any status"),
]
PROCEDURE = "procedure"
MODIFIER = "modifier"
KIND_CHOICES = [(PROCEDURE, "Procedure codes"), (MODIFIER, "Modifiers")]


def _table_choices(table: str):
    """Choices read from a CMS code table when a form is built (tables are cached)."""

    def choices() -> list[tuple[str, str]]:
        entries = reference_tables.lookup()[table]
        return [(code, f"{code} - {text}") for code, text in sorted(entries.items())]

    return choices


def _release_choices() -> list[tuple[str, str]]:
    # Plain values, not a ModelChoiceFilter: iterating a model choice field opens a
    # server-side cursor on PostgreSQL, an extra round trip on every results page.
    releases = Release.objects.published().order_by("-effective_date", "-id")
    return [(str(pk), label) for pk, label in releases.values_list("pk", "label")]


def _with_status(queryset: HcpcsCodeQuerySet, status: str, day: datetime.date) -> HcpcsCodeQuerySet:
    return queryset if status == ANY_STATUS else queryset.with_status(status, on=day)


class CodeFilterForm(forms.Form):
    """The filters' form, with the two things that are not a filter of their own.

    ``on`` is the day ``status`` is judged on. ``status`` left empty is filled in here, when
    the form is cleaned, from what the search box asks for (``default_status``): active
    codes, or any status when ``q`` names codes one by one. The incoming data is left as
    it came, so links repeat only what the user chose.
    """

    field_order = ["status", "on"]

    on = forms.DateField(
        label="Status on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="YYYY-MM-DD; today when empty.",
    )

    def clean_status(self) -> str:
        return self.cleaned_data.get("status") or default_status(parse(self.data.get("q")))


class CodeFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=STATUS_CHOICES,
        empty_label=None,
        method="filter_status",
        help_text="On the 'status on' date. Default: active; any status when the search "
        "names codes.",
    )
    kind = django_filters.ChoiceFilter(
        label="Kind",
        choices=KIND_CHOICES,
        empty_label="Any",
        method="filter_kind",
    )
    section = django_filters.ChoiceFilter(
        label="Section",
        choices=SECTION_CHOICES,
        empty_label="Any",
        method="filter_section",
        help_text="The first letter of a procedure code.",
    )
    betos = django_filters.ChoiceFilter(
        label="BETOS",
        field_name="betos",
        lookup_expr="exact",
        choices=_table_choices("betos"),
        empty_label="Any",
    )
    coverage = django_filters.ChoiceFilter(
        label="Coverage",
        field_name="cov",
        lookup_expr="exact",
        choices=_table_choices("coverage"),
        empty_label="Any",
    )
    pricing = django_filters.ChoiceFilter(
        label="Pricing indicator",
        choices=_table_choices("pricing_indicator"),
        empty_label="Any",
        method="filter_pricing",
        help_text="Any of PRICE1 to PRICE4.",
    )
    action = django_filters.ChoiceFilter(
        label="Action code",
        field_name="action_cd",
        lookup_expr="exact",
        choices=_table_choices("action"),
        empty_label="Any",
    )
    added = django_filters.DateFromToRangeFilter(
        label="Added between",
        field_name="add_dt",  # range, gte or lte, by the ends given
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
        help_text="ADD DT, from added_after to added_before, inclusive.",
    )
    release = django_filters.ChoiceFilter(
        label="Changed in release",
        choices=_release_choices,
        empty_label="Any",
        method="filter_release",
        help_text="Codes the release added, changed or terminated.",
    )

    # CMS's DMEPOS fee schedule (codes/fees), in the quarter in force on the 'status on' day.
    dmepos_fee = django_filters.ChoiceFilter(
        label="DMEPOS fee schedule",
        choices=[("yes", "Has a DMEPOS fee"), ("no", "No DMEPOS fee")],
        empty_label="Any",
        method="filter_dmepos_fee",
        help_text="Listed in CMS's DMEPOS fee schedule quarter in force on the 'status on' date.",
    )
    dmepos_category = django_filters.ChoiceFilter(
        label="DMEPOS payment category",
        choices=fee_filters.category_choices,
        empty_label="Any",
        method="filter_dmepos_category",
        help_text="The fee schedule's payment category (CR capped rental, IN inexpensive…).",
    )

    class Meta:
        model = HcpcsCode
        fields: list[str] = []
        form = CodeFilterForm

    def get_form_class(self) -> type[forms.Form]:
        """The form class, built once per FilterSet class: its fields come from the declared
        filters alone (choices read from the tables when a form is drawn or validated), and
        django-filter would build it anew for every search, about a millisecond."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def filter_queryset(self, queryset: HcpcsCodeQuerySet) -> HcpcsCodeQuerySet:
        """Each filter on its cleaned value; ``on`` is a field of the form, not a filter
        (``filter_status`` reads it)."""
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def status_day(self) -> datetime.date:
        """The day ``status`` is judged on: ``on``, or today."""
        day = self.form.cleaned_data.get("on") if hasattr(self.form, "cleaned_data") else None
        return day or timezone.localdate()

    @staticmethod
    def unfiltered(
        queryset: HcpcsCodeQuerySet, q: str | None, day: datetime.date
    ) -> HcpcsCodeQuerySet:
        """What the filters give when the request sets none of them (only ``q``): the
        default status (``CodeFilterForm.clean_status``) on ``day``, the others empty.
        Typeahead uses it without building the FilterSet and its form, whose deep copies
        of every field took about a millisecond of each suggestion list."""
        return _with_status(queryset, default_status(parse(q)), day)

    def filter_status(self, queryset: HcpcsCodeQuerySet, name: str, value: str):
        """Codes with that status on ``status_day``, by the timeline (``codes.timeline``)."""
        return _with_status(queryset, value, self.status_day)

    def filter_kind(self, queryset: HcpcsCodeQuerySet, name: str, value: str):
        return queryset.modifiers() if value == MODIFIER else queryset.procedures()

    def filter_section(self, queryset: HcpcsCodeQuerySet, name: str, value: str):
        return queryset.in_section(value)

    def filter_pricing(self, queryset: HcpcsCodeQuerySet, name: str, value: str):
        return queryset.filter(
            Q(price1=value) | Q(price2=value) | Q(price3=value) | Q(price4=value)
        )

    def filter_release(self, queryset: HcpcsCodeQuerySet, name: str, value: str):
        changed = CodeVersion.objects.filter(release_id=int(value), held=False).values("code")
        return queryset.filter(code__in=changed)

    def filter_dmepos_fee(self, queryset: HcpcsCodeQuerySet, name: str, value: str):
        codes = fee_filters.codes_with_fees(self.status_day)
        return (
            queryset.filter(code__in=codes) if value == "yes" else queryset.exclude(code__in=codes)
        )

    def filter_dmepos_category(self, queryset: HcpcsCodeQuerySet, name: str, value: str):
        return queryset.filter(
            code__in=fee_filters.codes_with_fees(self.status_day, category=value)
        )

    def invalid_params(self) -> dict[str, list[str]]:
        """The query parameters of each invalid field, e.g. {'added': ['added_after']}."""
        found = {}
        for name in self.errors:
            if name in self.form.fields:
                widget = self.form.fields[name].widget
                suffixes = getattr(widget, "suffixes", None)
                found[name] = [f"{name}_{s}" for s in suffixes] if suffixes else [name]
        return found
