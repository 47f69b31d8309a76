"""``/print.css``: the running header of a printed page, as a print stylesheet.

A printed code page or batch report carries on every sheet what it is (the code, or "Batch
check"), the CMS release its data comes from and the date it was printed; site.css adds
"page X of Y". Chromium draws these in the page margins (CSS ``@page`` margin boxes), whose
text can only come from a stylesheet, and the site's Content-Security-Policy allows no inline
style: so each page links this one with its code and release.

The text is built here from a code that has the shape of one and a release found by its id,
never from free text in the address, and every character outside a small plain set is
written as a CSS escape.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from codes.cms.records import is_code, normalise_code
from codes.models import Release

BATCH = "batch"
PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;()/-_")


def css_string(text: str) -> str:
    """``text`` as a double-quoted CSS string: nothing in it can end the string or the
    stylesheet."""
    return '"' + "".join(c if c in PLAIN else f"\\{ord(c):x} " for c in text) + '"'


def header_text(title: str, release_id: str) -> tuple[str, str]:
    """(left, right) of the running header."""
    title = (title or "")[:20]
    if title == BATCH:
        what = "Batch check"
    elif is_code(code := normalise_code(title)):
        what = f"HCPCS {code}"
    else:
        what = "HCPCS Level II"
    label = None
    if release_id.isdigit() and len(release_id) < 12:
        label = Release.objects.filter(pk=int(release_id)).values_list("label", flat=True).first()
    left = f"{what} · data: CMS release {label}" if label else what
    return left, f"printed {timezone.localdate():%Y-%m-%d}"


@require_safe
def stylesheet(request: HttpRequest) -> HttpResponse:
    left, right = header_text(request.GET.get("title", ""), request.GET.get("release", ""))
    body = (
        "@page {\n"
        f"  @top-left {{ content: {css_string(left)}; }}\n"
        f"  @top-right {{ content: {css_string(right)}; }}\n"
        "}\n"
    )
    return HttpResponse(body, content_type="text/css; charset=utf-8")
