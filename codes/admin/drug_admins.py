"""The admin of the drug files and the search vocabulary: ASP files (read-only, reviewed and
published through ``drug_views``), their rows, CMS's index entries, and the curated
synonyms, which curators edit with a reason that goes into the audit trail."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from codes.admin import drug_views
from codes.admin.forms import reason_field
from codes.admin.model_admins import ReadOnlyAdmin
from codes.drugs import services
from codes.models.drugs import AspFile, CrosswalkRow, IndexEntry, PaymentLimit, Synonym


@admin.register(AspFile)
class AspFileAdmin(ReadOnlyAdmin):
    list_display = ("kind", "quarter", "status", "row_count", "source_name", "loaded_at", "review")
    list_filter = ("kind", "status")
    search_fields = ("source_name", "sha256")
    readonly_fields = (
        "kind",
        "starts",
        "ends",
        "title",
        "status",
        "row_count",
        "source_name",
        "sha256",
        "loaded_by",
        "loaded_at",
        "published_by",
        "published_at",
    )
    exclude = ("summary",)

    @admin.display(description="quarter", ordering="starts")
    def quarter(self, obj: AspFile) -> str:
        return obj.quarter_label

    @admin.display(description="")
    def review(self, obj: AspFile) -> str:
        url = reverse("admin:codes_aspfile_review", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, "Review" if obj.is_draft else "Summary")

    def get_urls(self):
        return [
            self.curation_url("review", drug_views.asp_review, "<int:object_id>/review/"),
            self.curation_url("publish", drug_views.asp_publish, "<int:object_id>/publish/"),
            self.curation_url("discard", drug_views.asp_discard, "<int:object_id>/discard/"),
            *super().get_urls(),
        ]


@admin.register(CrosswalkRow)
class CrosswalkRowAdmin(ReadOnlyAdmin):
    list_display = ("ndc", "drug_name", "code", "labeler", "dosage", "bill_units_per_package")
    list_filter = ("asp_file",)
    search_fields = ("^ndc", "drug_name", "^code", "labeler")
    list_select_related = ("asp_file",)


@admin.register(PaymentLimit)
class PaymentLimitAdmin(ReadOnlyAdmin):
    list_display = ("code", "short_description", "dosage", "payment_limit", "asp_file")
    list_filter = ("asp_file",)
    search_fields = ("^code", "short_description")
    list_select_related = ("asp_file",)


@admin.register(IndexEntry)
class IndexEntryAdmin(ReadOnlyAdmin):
    list_display = ("term", "subterm", "detail", "code", "source", "year")
    list_filter = ("source", "year")
    search_fields = ("term", "subterm", "^code")


class SynonymForm(forms.ModelForm):
    """A synonym with its reason; empty, self-referring and looping entries are refused."""

    reason = reason_field("Why you add or change this entry, for the audit trail.")

    class Meta:
        model = Synonym
        fields = ["term", "expansions", "note", "active"]
        widgets = {"expansions": forms.Textarea(attrs={"rows": 3, "cols": 60})}

    def clean(self):
        data = super().clean()
        term, expansions = data.get("term") or "", data.get("expansions") or ""
        if "term" in self.errors or "expansions" in self.errors:
            return data
        others = {
            s.term: s.expansion_list
            for s in Synonym.objects.filter(active=True).exclude(pk=self.instance.pk)
        }
        problems = services.synonym_problems(term, expansions.splitlines(), others=others)
        if problems:
            raise forms.ValidationError(problems)
        clash = Synonym.objects.filter(term=" ".join(term.lower().split()))
        if clash.exclude(pk=self.instance.pk).exists():
            self.add_error("term", f"“{term}” is already a synonym.")
        return data


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    form = SynonymForm
    list_display = ("term", "means", "note", "active", "updated_at")
    list_filter = ("active",)
    search_fields = ("term", "expansions", "note")

    @admin.display(description="means")
    def means(self, obj: Synonym) -> str:
        return " | ".join(obj.expansion_list)

    def get_fields(self, request: HttpRequest, obj=None):
        can_save = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        return ["term", "expansions", "note", "active", *(["reason"] if can_save else [])]

    def save_model(self, request, obj, form, change) -> None:
        services.synonym_save(
            synonym=obj, user=request.user, reason=form.cleaned_data["reason"], created=not change
        )

    def delete_model(self, request, obj) -> None:
        services.synonym_delete(synonym=obj, user=request.user, reason="Deleted in the admin.")

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
