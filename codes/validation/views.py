"""The batch validation page, ``/validate/``: a form, then one row per line in input order.

No JavaScript and no state on the server: the results page carries the lines back (as CSV
text in a hidden field) for "only problems" and the CSV and xlsx downloads.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from codes.cms import limits as upload_limits
from codes.validation import batch as batches
from codes.validation import downloads
from codes.validation.forms import BatchForm, initial
from codes.validation.reading import canonical

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(result: batches.BatchResult, kind: str) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    if kind == "xlsx":
        response = HttpResponse(downloads.as_xlsx(result), content_type=XLSX)
    else:
        response = HttpResponse(downloads.as_csv(result), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hcpcs-validation-{stamp}.{kind}"'
    return response


@require_http_methods(["GET", "POST"])
def validate(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "codes/validate.html", {"form": BatchForm(initial=initial())})
    limits = upload_limits.CURATOR if request.user.is_staff else upload_limits.ANONYMOUS
    form = BatchForm(request.POST, request.FILES, limits=limits)
    if not form.is_valid():
        return render(request, "codes/validate.html", {"form": form}, status=400)
    result = batches.validate(form.batch.lines)
    action = request.POST.get("download")
    if action in ("csv", "xlsx"):
        return _download(result, action)
    only_problems = form.cleaned_data["only_problems"]
    context = {
        "form": BatchForm(initial=initial()),
        "result": result,
        "rows": result.problems() if only_problems else result.results,
        "summary": result.summary,
        "only_problems": only_problems,
        "carried": canonical(form.batch),
        "source": form.batch.source,
        "checked_at": timezone.localtime(),
        "status_labels": batches.STATUS_LABELS,
    }
    return render(request, "codes/validate.html", context)
