"""The admin's start page for curators and publishers: the curation work first (load a CMS
file, drafts waiting for review or publishing, the latest published release, recent audit
entries, and whether that release is behind CMS's current quarter), above Django's list of
models."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from codes.models import AuditEntry, Release
from codes.releases import roles
from codes.timeline.currency import data_currency

RECENT_ENTRIES = 8


def curation_context(request: HttpRequest) -> dict:
    user = request.user
    can_read = user.has_perm("codes.view_release")
    if not can_read:
        return {}
    entries = AuditEntry.objects.select_related("user", "release").order_by("-at", "-id")
    return {
        "curation": {
            "can_load": user.has_perm(roles.LOAD),
            "can_publish": user.has_perm(roles.PUBLISH_RELEASE),
            "drafts": list(Release.objects.drafts().order_by("-created_at")),
            "latest": Release.objects.latest_published(),
            "currency": data_currency(),
            "entries": list(entries[:RECENT_ENTRIES])
            if user.has_perm("codes.view_auditentry")
            else [],
        }
    }


def install(site: admin.AdminSite) -> None:
    """Wrap the site's index view so its template gets the curation context."""
    plain_index = site.index

    def index(request: HttpRequest, extra_context=None):
        return plain_index(request, {**curation_context(request), **(extra_context or {})})

    site.index = index
    site.index_template = "admin/codes/start.html"
