"""The curation pages of an ASP drug file: what a loaded quarter adds and removes, and
publishing or discarding it. The same roles as for CMS releases: curators load (the same
"Load CMS release" page, which recognises the file), publishers publish and discard."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from codes.admin.forms import ReasonForm
from codes.drugs import services
from codes.models.drugs import AspFile
from codes.releases import roles


def _url(name: str, *args) -> str:
    return reverse(f"admin:codes_aspfile_{name}", args=args)


def _context(request: HttpRequest, model_admin, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        "title": title,
        **extra,
    }


def stage_uploaded(request: HttpRequest, form, model_admin) -> HttpResponse | None:
    """Stage the ASP file the upload form read; on a refusal, the form's file error."""
    try:
        staged = services.asp_stage(parsed=form.parsed_asp, user=request.user)
    except services.AspFileError as exc:
        form.add_error("file", ValidationError(str(exc)))
        return None
    asp_file = staged.asp_file
    model_admin.log_addition(request, asp_file, "Loaded from a CMS ASP file.")
    messages.success(
        request, f"Loaded {asp_file.source_name} as a draft: {asp_file}. Review it and publish."
    )
    return HttpResponseRedirect(_url("review", asp_file.pk))


def asp_review(request: HttpRequest, object_id: int, *, model_admin) -> HttpResponse:
    if not request.user.has_perm("codes.view_aspfile"):
        raise PermissionDenied
    asp_file = get_object_or_404(AspFile, pk=object_id)
    return TemplateResponse(
        request,
        "admin/codes/aspfile_review.html",
        _context(
            request,
            model_admin,
            str(asp_file),
            asp_file=asp_file,
            summary=asp_file.summary or {},
            can_publish=request.user.has_perm(roles.PUBLISH_RELEASE),
            can_discard=request.user.has_perm(roles.DISCARD_RELEASE),
        ),
    )


def asp_publish(request: HttpRequest, object_id: int, *, model_admin) -> HttpResponse:
    if not request.user.has_perm(roles.PUBLISH_RELEASE):
        raise PermissionDenied
    asp_file = get_object_or_404(AspFile, pk=object_id)
    if request.method == "POST":
        try:
            services.asp_publish(asp_file=asp_file, user=request.user)
        except services.AspFileError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"Published the {asp_file.get_kind_display()} {asp_file.quarter_label}."
            )
    return HttpResponseRedirect(_url("review", asp_file.pk))


def asp_discard(request: HttpRequest, object_id: int, *, model_admin) -> HttpResponse:
    if not request.user.has_perm(roles.DISCARD_RELEASE):
        raise PermissionDenied
    asp_file = get_object_or_404(AspFile, pk=object_id)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.asp_discard(
                asp_file=asp_file, user=request.user, reason=form.cleaned_data["reason"]
            )
        except services.AspFileError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Discarded {asp_file.source_name}.")
        return HttpResponseRedirect(_url("review", asp_file.pk))
    return TemplateResponse(
        request,
        "admin/codes/aspfile_discard.html",
        _context(request, model_admin, f"Discard {asp_file}", asp_file=asp_file, form=form),
    )
