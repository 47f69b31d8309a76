"""The admin: every model, with the curation pages (load, review, edit, publish, correct)
hooked in through ``get_urls()``.

Values that come from CMS files are read-only in the generic admin forms: they change only
through the curation pages, which call the services in codes/releases/services.py and
codes/releases/curation.py so that every change is checked, transactional and in the audit trail.
Reference tables are edited in the admin itself, with a reason, through the same services.
"""

from __future__ import annotations

from functools import partial

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from codes import reference_tables
from codes.admin import start
from codes.admin import views as admin_views
from codes.admin.forms import ReferenceForm
from codes.cms import layout
from codes.models import (
    AuditEntry,
    CodeLife,
    CodeVersion,
    HcpcsCode,
    PublishedState,
    Release,
)
from codes.pages import presentation
from codes.releases import curation, roles
from codes.releases.review import field_label
from codes.search.display import status_of
from codes.status import CodeStatus

admin.site.site_header = "HCPCS curation"
start.install(admin.site)
admin.site.site_title = "HCPCS curation"
admin.site.index_title = "Curation"


def cms_fieldsets(first: tuple[str, ...] = ()) -> list:
    """The CMS fields grouped as on the public code page; numbered columns on one line."""
    fieldsets = []
    for title, rows in presentation.GROUPS:
        fields = []
        for headers in rows:
            attrs = tuple(layout.BY_HEADER[h].attr for h in headers)
            fields.append(attrs if len(attrs) > 1 else attrs[0])
        fieldsets.append((title, {"fields": fields}))
    if first:
        fieldsets.insert(0, (None, {"fields": first}))
    return fieldsets


class ReadOnlyAdmin(admin.ModelAdmin):
    """Generic add/change/delete off: these rows change only through the curation pages."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def curation_url(self, name: str, view, route: str):
        info = self.opts.app_label, self.opts.model_name
        return path(
            route,
            self.admin_site.admin_view(partial(view, model_admin=self)),
            name=f"{info[0]}_{info[1]}_{name}",
        )


# ---------------------------------------------------------------------------------------
# Releases


@admin.register(Release)
class ReleaseAdmin(ReadOnlyAdmin):
    list_display = (
        "label",
        "effective_date",
        "status",
        "changes",
        "record_count",
        "created_by",
        "created_at",
        "published_by",
        "published_at",
        "actions_links",
    )
    list_filter = ("status",)
    search_fields = ("label", "source_name", "sha256")
    list_select_related = ("created_by", "published_by")
    readonly_fields = (
        "label",
        "effective_date",
        "status",
        "changes",
        "record_count",
        "source_name",
        "source_format",
        "sha256",
        "base_release",
        "created_by",
        "created_at",
        "published_by",
        "published_at",
        "warning_count",
    )
    fieldsets = [
        (None, {"fields": ("label", "effective_date", "status", "changes", "warning_count")}),
        (
            "Source",
            {"fields": ("source_name", "source_format", "sha256", "record_count", "base_release")},
        ),
        (
            "Who and when",
            {"fields": (("created_by", "created_at"), ("published_by", "published_at"))},
        ),
    ]

    @admin.display(description="changes")
    def changes(self, obj: Release) -> str:
        summary = obj.summary or {}
        parts = [
            f"{label.lower()} {summary[kind]}"
            for kind, label in CodeVersion.ChangeType.choices
            if summary.get(kind)
        ]
        return ", ".join(parts) or "none"

    @admin.display(description="warnings")
    def warning_count(self, obj: Release) -> int:
        return len(obj.warnings or [])

    @admin.display(description="")
    def actions_links(self, obj: Release) -> str:
        review = reverse("admin:codes_release_review", args=[obj.pk])
        text = "Review" if obj.is_draft else "Changes"
        return format_html('<a href="{}">{}</a>', review, text)

    def get_urls(self):
        return [
            self.curation_url("upload", admin_views.release_upload, "upload/"),
            self.curation_url("confirm", admin_views.release_confirm, "<int:object_id>/confirm/"),
            self.curation_url("review", admin_views.release_review, "<int:object_id>/review/"),
            self.curation_url("publish", admin_views.release_publish, "<int:object_id>/publish/"),
            self.curation_url("discard", admin_views.release_discard, "<int:object_id>/discard/"),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_load_release": request.user.has_perm(roles.LOAD),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **admin_views.release_permissions(request)}
        return super().change_view(request, object_id, form_url, extra_context)


# ---------------------------------------------------------------------------------------
# Codes and versions


class StatusTodayFilter(admin.SimpleListFilter):
    title = "status today"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(s.value, s.label) for s in CodeStatus if s != CodeStatus.UNKNOWN]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() not in CodeStatus.values:
            return queryset
        return queryset.with_status(self.value(), on=timezone.localdate())


class RecordTypeFilter(admin.SimpleListFilter):
    title = "record type"
    parameter_name = "recid"

    def lookups(self, request, model_admin):
        return list(presentation.RECORD_TYPES.items())

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        return queryset.filter(recid=self.value()) if self.value() else queryset


@admin.register(HcpcsCode)
class HcpcsCodeAdmin(ReadOnlyAdmin):
    list_display = (
        "code",
        "short_description",
        "record_type",
        "status_today",
        "betos",
        "cov",
        "price1",
        "listed",
        "release",
        "updated_at",
    )
    list_filter = (StatusTodayFilter, RecordTypeFilter, "listed", "cov", "release")
    search_fields = ("^code", "short_description", "long_description")
    list_select_related = ("release",)
    list_per_page = 50
    readonly_fields = ("code", *layout.COMPARED_ATTRS, "listed", "release", "updated_at")
    fieldsets = [
        (None, {"fields": ("code", "listed", "release", "updated_at")}),
        *cms_fieldsets(),
    ]

    @admin.display(description="type", ordering="recid")
    def record_type(self, obj: HcpcsCode) -> str:
        return presentation.RECORD_TYPES.get(obj.recid, obj.recid)

    @admin.display(description="status today")
    def status_today(self, obj: HcpcsCode) -> str:
        """From the dates ("Last valid day 2026-03-31"), not a bare "Terminated"."""
        return status_of(obj, timezone.localdate())[1]

    def get_urls(self):
        return [
            self.curation_url("correct", admin_views.code_correct, "<int:object_id>/correct/"),
            *super().get_urls(),
        ]

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_correct": request.user.has_perm(roles.CORRECT),
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(CodeVersion)
class CodeVersionAdmin(ReadOnlyAdmin):
    view_on_site = False  # a draft's new code has no public page yet; rows link to it instead
    list_display = (
        "code",
        "release",
        "change_type",
        "changed",
        "held",
        "effective_date",
        "created_by",
        "reason_short",
    )
    list_filter = ("change_type", "held", "release__status", "release")
    search_fields = ("^code", "short_description", "reason")
    list_select_related = ("release", "created_by")
    list_per_page = 50
    readonly_fields = (
        "code",
        "release",
        "change_type",
        "changed",
        "previous_values",
        "held",
        "effective_date",
        "reason",
        "created_by",
        "created_at",
        *layout.COMPARED_ATTRS,
    )
    fieldsets = [
        (
            None,
            {
                "fields": (
                    "code",
                    "release",
                    "change_type",
                    "changed",
                    "previous_values",
                    "held",
                    "effective_date",
                    "reason",
                    ("created_by", "created_at"),
                )
            },
        ),
        *cms_fieldsets(),
    ]

    @admin.display(description="changed fields")
    def changed(self, obj: CodeVersion) -> str:
        return ", ".join(
            layout.BY_ATTR[a].header for a in obj.changed_fields if a in layout.BY_ATTR
        )

    @admin.display(description="previous values")
    def previous_values(self, obj: CodeVersion) -> str:
        return (
            "; ".join(
                f"{field_label(a)}: {v or '(blank)'}"
                for a, v in obj.previous.items()
                if a in layout.BY_ATTR
            )
            or "-"
        )

    @admin.display(description="reason")
    def reason_short(self, obj: CodeVersion) -> str:
        return obj.reason[:60]

    def get_urls(self):
        return [
            self.curation_url("edit", admin_views.version_edit, "<int:object_id>/edit/"),
            self.curation_url(
                "hold", partial(admin_views.version_hold, hold=True), "<int:object_id>/hold/"
            ),
            self.curation_url(
                "restore", partial(admin_views.version_hold, hold=False), "<int:object_id>/restore/"
            ),
            *super().get_urls(),
        ]

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_edit_draft": request.user.has_perm(roles.EDIT_DRAFT),
        }
        return super().change_view(request, object_id, form_url, extra_context)


# ---------------------------------------------------------------------------------------
# Audit trail


@admin.register(CodeLife)
class CodeLifeAdmin(ReadOnlyAdmin):
    """The periods of validity derived from each code's timeline (codes.timeline):
    read-only, rewritten whenever a code's versions change."""

    list_display = ("code", "start", "end")
    search_fields = ("code",)


@admin.register(PublishedState)
class PublishedStateAdmin(ReadOnlyAdmin):
    """What the site shows: how many releases were published, and the content version that
    keys every cache (read-only: publishing and corrections move it)."""

    list_display = ("publish_count", "content_version", "changed_at")
    readonly_fields = ("publish_count", "content_version", "changed_at")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "action", "release", "code", "what", "reason_short")
    list_filter = (
        "action",
        ("user", admin.RelatedOnlyFieldListFilter),
        ("release", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("^code", "field_name", "reason", "user__username", "release__label")
    list_select_related = ("user", "release")
    date_hierarchy = "at"
    readonly_fields = (
        "action",
        "user",
        "at",
        "release",
        "version",
        "code",
        "field_name",
        "old_value",
        "new_value",
        "reason",
    )

    @admin.display(description="what changed")
    def what(self, obj: AuditEntry) -> str:
        if not obj.field_name:
            return ""
        old, new = obj.old_value[:40] or "(blank)", obj.new_value[:40] or "(blank)"
        return f"{obj.field_name}: {old} → {new}"

    @admin.display(description="reason")
    def reason_short(self, obj: AuditEntry) -> str:
        return obj.reason[:80]


# ---------------------------------------------------------------------------------------
# Reference tables


class ReferenceAdmin(admin.ModelAdmin):
    """A CMS code table. Curators add and change entries, each with a reason; deleting is
    for administrators only, since codes keep their values (then flagged as unknown)."""

    form = ReferenceForm
    list_display = ("code", "description", "source")
    search_fields = ("code", "description")
    list_filter = ("source",)

    def get_fields(self, request: HttpRequest, obj=None):
        # The reason is asked of whoever may save; a read-only view has nothing to explain.
        can_save = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        return ["code", "description", "source", *(["reason"] if can_save else [])]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # The code is the key the CMS records use: changing it would orphan them.
        return ("code",) if obj else ()

    def save_model(self, request, obj, form, change) -> None:
        curation.reference_save(instance=obj, user=request.user, reason=form.cleaned_data["reason"])

    def delete_model(self, request, obj) -> None:
        curation.reference_delete(instance=obj, user=request.user, reason="Deleted in the admin.")

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


for _model in reference_tables.all_models():
    admin.site.register(_model, ReferenceAdmin)
