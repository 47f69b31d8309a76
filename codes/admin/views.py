"""The curation pages of the admin: load a CMS release, confirm its label and date, review
it, edit, hold or restore a proposed change, publish or discard it, correct a published code.

Each view checks its permission (codes/releases/roles.py), calls one service and says what happened.
They are hooked into the admin by the ModelAdmins' ``get_urls()`` through
``admin_site.admin_view()``, which sends anonymous users to the login page, refuses
non-staff users and keeps CSRF protection; a staff user without the permission gets 403.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from codes.admin import drug_views
from codes.admin.forms import CmsRecordForm, PublishForm, ReasonForm, ReleaseLabelForm, UploadForm
from codes.cms import compare, layout
from codes.models import CodeVersion, HcpcsCode, Release
from codes.pages import presentation
from codes.releases import curation, review, roles
from codes.releases import services as releases
from codes.releases.services import ReleaseError

logger = logging.getLogger(__name__)

REVIEW_PAGE_SIZE = 50

REVIEW_HELP = (
    "Each row is a code the file changes, compared field by field with what is published. "
    "Edit a proposed value to correct it, or hold a change back to leave the code as it is "
    "when the release is published; both ask for a reason and go into the audit trail. "
    "A code marked “local correction” was corrected by a curator since the last release: the "
    "file's value replaces the correction when you publish, unless you hold that change back "
    "(which keeps the correction, and also leaves the file's other changes to that code out)."
)


# ---------------------------------------------------------------------------------------
# Helpers


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _posted(request: HttpRequest, *, files: bool = False) -> tuple:
    """The form data of a POST (even an empty one, which must show "required" errors)."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _context(request: HttpRequest, model_admin, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        "title": title,
        **extra,
    }


def _render(request: HttpRequest, template: str, context: dict) -> TemplateResponse:
    return TemplateResponse(request, f"admin/codes/{template}", context)


def _next_url(request: HttpRequest, default: str) -> str:
    """Where to go after a POST: the page it came from, if it is one of ours."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and safe else default


def _admin_url(name: str, *args) -> str:
    return reverse(f"admin:codes_{name}", args=args)


def release_link(release: Release) -> str:
    """The page that best shows an existing release: its review while it is a draft."""
    if release.is_draft:
        return _admin_url("release_review", release.pk)
    if release.status == Release.Status.PUBLISHED:
        return release.get_absolute_url()
    return _admin_url("release_change", release.pk)


def _refusal(exc: ReleaseError) -> str:
    """A service's refusal, with a link to the release it is about."""
    if exc.release is None:
        return str(exc)
    return format_html(
        '{} <a href="{}">Open release “{}”</a>.',
        str(exc),
        release_link(exc.release),
        exc.release.label,
    )


def release_permissions(request: HttpRequest) -> dict[str, bool]:
    user = request.user
    return {
        "can_relabel": user.has_perm(roles.RELABEL),
        "can_edit_draft": user.has_perm(roles.EDIT_DRAFT),
        "can_publish": user.has_perm(roles.PUBLISH_RELEASE),
        "can_discard": user.has_perm(roles.DISCARD_RELEASE),
    }


# ---------------------------------------------------------------------------------------
# Load, confirm, review, publish, discard


def release_upload(request: HttpRequest, *, model_admin) -> HttpResponse:
    """Step 1: read the file (nothing is saved if it is malformed), refuse a file already
    loaded, and stage it as a draft with the label and date the file suggests."""
    _require(request, roles.LOAD)
    form = UploadForm(*_posted(request, files=True))
    if request.method == "POST" and form.is_valid() and form.parsed_asp is not None:
        if staged := drug_views.stage_uploaded(request, form, model_admin):
            return staged  # an ASP drug file: its own review page
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = releases.release_stage(
                parsed=form.parsed,
                label=data["label"] or None,
                effective_date=data["effective_date"],
                user=request.user,
            )
        except ReleaseError as exc:
            form.add_error("file", ValidationError(_refusal(exc)))
        else:
            if result.identical:
                messages.info(
                    request,
                    f"{form.parsed.source_name} is identical to the "
                    "published state: there is nothing to stage.",
                )
            else:
                release = result.release
                origin = data["url"] or "a CMS file"
                model_admin.log_addition(request, release, f"Loaded from {origin}.")
                messages.success(
                    request,
                    f"Loaded {release.source_name} as draft release "
                    f"“{release.label}”. Check its label and date.",
                )
                return HttpResponseRedirect(_admin_url("release_confirm", release.pk))
    return _render(
        request,
        "release_upload.html",
        _context(
            request,
            model_admin,
            "Load a CMS release",
            form=form,
            max_bytes=settings.HCPCS_MAX_UPLOAD_BYTES,
        ),
    )


def _draft_or_redirect(request: HttpRequest, release: Release) -> HttpResponse | None:
    if release.is_draft:
        return None
    messages.warning(
        request,
        f"Release “{release.label}” is "
        f"{release.get_status_display().lower()}; it can no longer be changed.",
    )
    return HttpResponseRedirect(_admin_url("release_review", release.pk))


def release_confirm(request: HttpRequest, object_id: int, *, model_admin) -> HttpResponse:
    """Step 2: confirm or correct the label and effective date proposed from the file."""
    _require(request, roles.RELABEL)
    release = get_object_or_404(Release, pk=object_id)
    if redirect := _draft_or_redirect(request, release):
        return redirect
    form = ReleaseLabelForm(
        *_posted(request),
        initial={
            "label": release.label,
            "effective_date": release.effective_date,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            curation.release_relabel(
                release=release,
                label=data["label"],
                effective_date=data["effective_date"],
                reason=data["reason"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except curation.CurationError as exc:
            form.add_error(None, str(exc))
        else:
            return HttpResponseRedirect(_admin_url("release_review", release.pk))
    return _render(
        request,
        "release_confirm.html",
        _context(
            request,
            model_admin,
            f"Label and date of “{release.label}”",
            original=release,
            release=release,
            form=form,
            notes=review.label_notes(release),
            summary=review.summary(release),
        ),
    )


def release_review(request: HttpRequest, object_id: int, *, model_admin) -> HttpResponse:
    """A release's summary, warnings and every proposed change as a decoded field diff,
    filterable by kind of change, field and code, and paginated."""
    _require(request, "codes.view_release")
    release = get_object_or_404(
        Release.objects.select_related("created_by", "published_by", "base_release"),
        pk=object_id,
    )
    filters = review.ChangeFilter.from_query(request.GET, allow_held=True)
    versions = filters.apply(release.versions.order_by("code"))
    page = Paginator(versions, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = review.change_rows(list(page.object_list), with_corrections=release.is_draft)
    held, edited = review.held_and_edited(release)
    corrected = review.corrected_codes_in(release) if release.is_draft else {}
    return _render(
        request,
        "release_review.html",
        _context(
            request,
            model_admin,
            f"{'Review draft' if release.is_draft else 'Changes of'} “{release.label}”",
            original=release,
            release=release,
            filters=filters,
            page=page,
            rows=rows,
            summary=review.summary(release),
            held=held,
            edited=edited,
            corrected=corrected,
            warning_groups=review.grouped_warnings(release),
            field_options=review.field_options(release),
            kinds=review.CHANGE_KINDS,
            help_text=REVIEW_HELP,
            this_url=request.get_full_path(),
            **release_permissions(request),
        ),
    )


def release_publish(request: HttpRequest, object_id: int, *, model_admin) -> HttpResponse:
    """Publish a draft in one transaction; an out-of-date-order release needs the box
    ticked. Any error leaves everything as it was and is shown here."""
    _require(request, roles.PUBLISH_RELEASE)
    release = get_object_or_404(Release, pk=object_id)
    form = PublishForm(*_posted(request))
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            releases.release_publish(
                release=release,
                user=request.user,
                allow_out_of_order=form.cleaned_data["confirm_out_of_order"],
            )
        except ReleaseError as exc:
            error = _refusal(exc)
        except Exception as exc:
            # The service's transaction has rolled back: say so rather than show a 500.
            logger.exception("publishing release %s failed", release.pk)
            error = f"Publishing failed and nothing was changed ({type(exc).__name__}: {exc})."
        else:
            model_admin.log_change(request, release, "Published.")
            messages.success(
                request,
                format_html(
                    'Published “{}”. <a href="{}">See the public release page</a>.',
                    release.label,
                    release.get_absolute_url(),
                ),
            )
            return HttpResponseRedirect(_admin_url("release_change", release.pk))
        release.refresh_from_db()
    latest = Release.objects.latest_published()
    stale = releases.is_out_of_date(release)
    held, edited = review.held_and_edited(release)
    return _render(
        request,
        "release_publish.html",
        _context(
            request,
            model_admin,
            f"Publish “{release.label}”",
            original=release,
            release=release,
            form=form,
            error=error,
            latest=latest,
            held=held,
            edited=edited,
            out_of_order=bool(latest and release.effective_date < latest.effective_date),
            stale=stale,
            stale_by=releases.published_last() if stale else None,
            corrected=review.corrected_codes_in(release) if release.is_draft else {},
            late_corrections=review.corrections_since_staging(release) if release.is_draft else [],
            counts=review.kind_counts([release], include_held=False)[release.pk],
            kinds=review.CHANGE_KINDS,
        ),
    )


def release_discard(request: HttpRequest, object_id: int, *, model_admin) -> HttpResponse:
    """Discard a draft: nothing users see changes, and the file may be loaded again."""
    _require(request, roles.DISCARD_RELEASE)
    release = get_object_or_404(Release, pk=object_id)
    form = ReasonForm(*_posted(request))
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            releases.release_discard(
                release=release, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ReleaseError as exc:
            error = _refusal(exc)
        else:
            model_admin.log_change(request, release, "Discarded.")
            messages.success(request, f"Discarded draft “{release.label}”.")
            return HttpResponseRedirect(_admin_url("release_changelist"))
    return _render(
        request,
        "release_discard.html",
        _context(
            request,
            model_admin,
            f"Discard “{release.label}”",
            original=release,
            release=release,
            form=form,
            error=error,
        ),
    )


# ---------------------------------------------------------------------------------------
# Proposed versions and published codes


def _field_groups(form: CmsRecordForm, compare_with: dict | None) -> list:
    """The form's fields in the public page's groups, each with the value to compare with."""
    groups = []
    for title, rows in presentation.GROUPS:
        fields = []
        for headers in rows:
            for header in headers:
                attr = layout.BY_HEADER[header].attr
                if attr not in form.fields:
                    continue
                other = None
                if compare_with is not None:
                    other = review.readable(attr, compare.as_text(compare_with.get(attr)))
                fields.append({"field": form[attr], "header": header, "other": other})
        groups.append((title, fields))
    return groups


def _record_form_view(
    request: HttpRequest,
    *,
    model_admin,
    template: str,
    title: str,
    initial: dict,
    compare_with: dict | None,
    reason_help: str,
    save: Callable[[dict, str], str],
    done_url: str,
    extra: dict,
) -> HttpResponse:
    form = CmsRecordForm(*_posted(request), initial=initial, reason_help=reason_help)
    if request.method == "POST" and form.is_valid():
        try:
            message = save(form.values(), form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        except curation.CurationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, message)
            return HttpResponseRedirect(_next_url(request, done_url))
    return _render(
        request,
        template,
        _context(
            request,
            model_admin,
            title,
            form=form,
            groups=_field_groups(form, compare_with),
            next=_next_url(request, ""),
            **extra,
        ),
    )


def version_edit(request: HttpRequest, object_id: int, *, model_admin) -> HttpResponse:
    """Correct any field of a draft's proposed version."""
    _require(request, roles.EDIT_DRAFT)
    version = get_object_or_404(CodeVersion.objects.select_related("release"), pk=object_id)
    release = version.release
    if release is None:
        raise PermissionDenied("A correction is not a draft's proposed version.")
    if redirect := _draft_or_redirect(request, release):
        return redirect
    published = HcpcsCode.objects.filter(code=version.code).values(*layout.ATTRS).first()

    def save(values: dict, reason: str) -> str:
        edited = curation.version_edit(
            version=version, values=values, reason=reason, user=request.user
        )
        model_admin.log_change(request, edited, f"Edited: {reason}")
        return f"Saved your edit of {edited.code} in “{release.label}”."

    return _record_form_view(
        request,
        model_admin=model_admin,
        template="codeversion_edit.html",
        title=f"Edit proposed {version.code} in “{release.label}”",
        initial=version.record(),
        compare_with=published,
        save=save,
        reason_help="Why you change the value CMS sent, for the audit trail.",
        done_url=_admin_url("release_review", release.pk) + f"?code={version.code}",
        extra={"version": version, "release": release, "original": version},
    )


def version_hold(request: HttpRequest, object_id: int, *, model_admin, hold: bool):
    """Hold a proposed change back from the release, or restore it."""
    _require(request, roles.EDIT_DRAFT)
    version = get_object_or_404(CodeVersion.objects.select_related("release"), pk=object_id)
    if version.release is None:
        raise PermissionDenied("A correction is not a draft's proposed version.")
    if redirect := _draft_or_redirect(request, version.release):
        return redirect
    form = ReasonForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        service = curation.version_hold if hold else curation.version_restore
        try:
            changed = service(
                version=version, reason=form.cleaned_data["reason"], user=request.user
            )
        except (curation.CurationError, ValidationError) as exc:
            form.add_error(None, exc if isinstance(exc, ValidationError) else str(exc))
        else:
            verb = "Held back" if hold else "Restored"
            model_admin.log_change(request, changed, f"{verb}: {form.cleaned_data['reason']}")
            messages.success(request, f"{verb} the change to {changed.code}.")
            return HttpResponseRedirect(
                _next_url(request, _admin_url("release_review", version.release_id))
            )
    return _render(
        request,
        "codeversion_hold.html",
        _context(
            request,
            model_admin,
            f"{'Hold back' if hold else 'Restore'} the change to {version.code}",
            form=form,
            version=version,
            release=version.release,
            original=version,
            hold=hold,
            rows=review.change_rows([version], with_corrections=True),
            next=_next_url(request, ""),
        ),
    )


def code_correct(request: HttpRequest, object_id: int, *, model_admin) -> HttpResponse:
    """Correct a published code between releases; it becomes a local correction version."""
    _require(request, roles.CORRECT)
    code = get_object_or_404(HcpcsCode, pk=object_id)
    drafts = list(Release.objects.drafts().filter(versions__code=code.code).distinct())

    def save(values: dict, reason: str) -> str:
        version = curation.code_correct(code=code, values=values, reason=reason, user=request.user)
        model_admin.log_change(request, code, f"Corrected: {reason}")
        fields = ", ".join(layout.BY_ATTR[a].header for a in version.changed_fields)
        return f"Corrected {code.code} ({fields}). It shows as a local correction in its history."

    return _record_form_view(
        request,
        model_admin=model_admin,
        template="hcpcscode_correct.html",
        title=f"Correct published {code.code}",
        initial=code.record(),
        compare_with=None,
        save=save,
        reason_help="Why the published value is wrong (a typo, a CMS announcement "
        "ahead of its file); shown in the code's history.",
        done_url=_admin_url("hcpcscode_change", code.pk),
        extra={"code": code, "original": code, "drafts": drafts},
    )
