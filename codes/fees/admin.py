"""The admin of the fee schedule: load a quarter's CMS file as a draft, review what it changes
against the quarter before, publish or discard it. The same roles as for CMS releases:
curators load (the permission to add a release), publishers publish and discard, auditors
read; so the role definitions need no change for this app."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from codes.admin.forms import ReasonForm
from codes.admin.model_admins import ReadOnlyAdmin
from codes.cms.errors import CmsFileError
from codes.fees import services
from codes.fees.models import FeeQuarter, FeeRow
from codes.fees.reader import read_fee_schedule
from codes.releases import roles

VIEW = "codes.view_release"


def _url(name: str, *args) -> str:
    return reverse(f"admin:fees_feequarter_{name}", args=args)


class FeeUploadForm(forms.Form):
    file = forms.FileField(
        label="CMS DMEPOS fee schedule (CSV, or gzipped)",
        help_text="As CMS publishes it (with its banner rows) or re-saved without them.",
    )
    effective_date = forms.DateField(
        label="Effective date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Only when neither the file's banner (“April 2025 Fee Schedule”) nor its "
        "name (DMEPOS26_JAN) gives the quarter.",
    )

    parsed = None

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if not upload:
            return data
        if upload.size > settings.HCPCS_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"{upload.name} is larger than any fee schedule.")
        try:
            self.parsed = read_fee_schedule(
                upload.read(), name=upload.name, effective_date=data.get("effective_date")
            )
        except CmsFileError as exc:
            self.add_error("file", f"{exc}. Nothing was saved.")
        return data


class _Perms:
    """Permission checks in the core roles' terms."""

    @staticmethod
    def check(request: HttpRequest, perm: str) -> None:
        if not request.user.has_perm(perm):
            raise PermissionDenied


def _context(request, model_admin, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        "title": title,
        **extra,
    }


def load_view(request: HttpRequest, *, model_admin) -> HttpResponse:
    _Perms.check(request, roles.LOAD)
    form = FeeUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            quarter = services.fee_stage(parsed=form.parsed, user=request.user)
        except services.FeeScheduleError as exc:
            form.add_error("file", f"{exc} Nothing was saved.")
        else:
            model_admin.log_addition(request, quarter, "Loaded from a CMS fee schedule file.")
            messages.success(
                request,
                f"Loaded {quarter.source_name} as a draft: {quarter}. Review it and publish.",
            )
            return HttpResponseRedirect(_url("review", quarter.pk))
    return TemplateResponse(
        request,
        "admin/fees/feequarter_load.html",
        _context(request, model_admin, "Load a DMEPOS fee schedule quarter", form=form),
    )


def review_view(request: HttpRequest, object_id: int, *, model_admin) -> HttpResponse:
    _Perms.check(request, VIEW)
    quarter = get_object_or_404(FeeQuarter, pk=object_id)
    return TemplateResponse(
        request,
        "admin/fees/feequarter_review.html",
        _context(
            request,
            model_admin,
            str(quarter),
            quarter=quarter,
            summary=quarter.summary or {},
            can_publish=request.user.has_perm(roles.PUBLISH_RELEASE),
            can_discard=request.user.has_perm(roles.DISCARD_RELEASE),
        ),
    )


def publish_view(request: HttpRequest, object_id: int, *, model_admin) -> HttpResponse:
    _Perms.check(request, roles.PUBLISH_RELEASE)
    quarter = get_object_or_404(FeeQuarter, pk=object_id)
    if request.method == "POST":
        try:
            services.fee_publish(quarter=quarter, user=request.user)
        except services.FeeScheduleError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Published the DMEPOS fee schedule {quarter.label}.")
    return HttpResponseRedirect(_url("review", quarter.pk))


def discard_view(request: HttpRequest, object_id: int, *, model_admin) -> HttpResponse:
    _Perms.check(request, roles.DISCARD_RELEASE)
    quarter = get_object_or_404(FeeQuarter, pk=object_id)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.fee_discard(
                quarter=quarter, user=request.user, reason=form.cleaned_data["reason"]
            )
        except services.FeeScheduleError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Discarded {quarter.source_name}.")
        return HttpResponseRedirect(_url("review", quarter.pk))
    return TemplateResponse(
        request,
        "admin/fees/feequarter_discard.html",
        _context(request, model_admin, f"Discard {quarter}", quarter=quarter, form=form),
    )


class _RoleViewMixin:
    """Read access follows the core roles (anyone who may read releases)."""

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm(VIEW)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(VIEW)


@admin.register(FeeQuarter)
class FeeQuarterAdmin(_RoleViewMixin, ReadOnlyAdmin):
    list_display = ("label", "effective_date", "status", "row_count", "code_count", "source_name")
    list_filter = ("status",)
    search_fields = ("source_name", "sha256")
    readonly_fields = (
        "effective_date",
        "status",
        "row_count",
        "code_count",
        "source_name",
        "sha256",
        "loaded_by",
        "loaded_at",
        "published_by",
        "published_at",
    )
    exclude = ("summary", "states")
    change_list_template = "admin/fees/feequarter_change_list.html"

    @admin.display(description="quarter", ordering="effective_date")
    def label(self, obj: FeeQuarter) -> str:
        url = _url("review", obj.pk)
        return format_html('<a href="{}">{}</a>', url, obj.label)

    def get_urls(self):
        return [
            self.curation_url("load", load_view, "load/"),
            self.curation_url("review", review_view, "<int:object_id>/review/"),
            self.curation_url("publish", publish_view, "<int:object_id>/publish/"),
            self.curation_url("discard", discard_view, "<int:object_id>/discard/"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {"can_load": request.user.has_perm(roles.LOAD), **(extra_context or {})}
        return super().changelist_view(request, extra)


@admin.register(FeeRow)
class FeeRowAdmin(_RoleViewMixin, ReadOnlyAdmin):
    list_display = ("code", "modifier", "modifier2", "category", "jurisdiction", "quarter")
    list_filter = ("quarter", "category", "jurisdiction")
    search_fields = ("^code", "description")
    list_select_related = ("quarter",)
