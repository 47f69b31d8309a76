"""The batch validation form: pasted lines or an uploaded CSV/xlsx, and a default date.

The form reads the input (``reading``) so that a file that cannot be read is a field error
naming the file; problems with single lines stay with their lines.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import replace

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from codes.cms import limits as upload_limits
from codes.cms.records import is_code, normalise_code
from codes.fees.presentation import STATES
from codes.validation.reading import MAX_LINES, Batch, BatchError, read_text, read_upload

MAX_PASTE_CHARS = 1_000_000
MAX_FILE_BYTES = 5 * 1024 * 1024  # 10,000 lines of CSV are well under a megabyte


class BatchForm(forms.Form):
    lines = forms.CharField(
        label="Lines",
        required=False,
        max_length=MAX_PASTE_CHARS,
        widget=forms.Textarea(
            attrs={"rows": 8, "cols": 60, "spellcheck": "false", "autocomplete": "off"}
        ),
        help_text=f"One line per claim line: code, date of service, modifiers (e.g. "
        f"“Q4390, 2025-11-01, LT”). Up to {MAX_LINES:,} lines.",
    )
    file = forms.FileField(
        label="A CSV or xlsx file",
        required=False,
        help_text="Columns: code (HCPCS, CPT, procedure code), date of service (DOS, from "
        "date), and optionally modifiers (Modifier 1-4), units, NDC, state and a line or "
        "claim id; a header row may name them in any order, as billing systems export them.",
    )
    default_date = forms.DateField(
        label="Default date of service",
        required=False,
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="For lines without a date.",
    )
    default_state = forms.ChoiceField(
        label="State (for the DMEPOS fee schedule)",
        required=False,
        choices=[("", "None"), *STATES.items()],
        help_text="For lines without a state column: shows the Medicare DMEPOS fee schedule "
        "amount of each line's code and pricing modifiers (RR, NU, UE…) on its date, times its "
        "units (a units column; 1 without one).",
    )
    only_problems = forms.BooleanField(label="Show only problems", required=False)
    # A file's name (80 characters at most) and its sheet's (31): carried back with the lines.
    source = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)
    # The columns the first reading found (header as written, field read), carried back
    # with the lines as JSON: the lines come back as canonical CSV, whose header is ours.
    columns = forms.CharField(required=False, widget=forms.HiddenInput)

    batch: Batch | None = None

    def __init__(self, *args, limits: upload_limits.UploadLimits = upload_limits.ANONYMOUS, **kw):
        super().__init__(*args, **kw)
        self.limits = limits  # the guarded reader's: smaller for anonymous uploads
        for name, field in self.fields.items():
            if field.help_text:  # the template shows it under the field with this id
                field.widget.attrs["aria-describedby"] = f"id_{name}-help"

    def clean_columns(self) -> tuple[tuple[str, str], ...] | None:
        """The carried columns; None when none were carried (a first reading)."""
        text = self.cleaned_data.get("columns") or ""
        if not text or len(text) > MAX_COLUMNS_CHARS:
            return None
        try:
            pairs = json.loads(text)
        except ValueError:
            return None  # only ever written by this page; a mangled value is just not shown
        if not isinstance(pairs, list):
            return None
        return capped(p for p in pairs if isinstance(p, list) and len(p) == 2)

    def columns_read(self) -> tuple[tuple[str, str], ...]:
        """(field, header as written) of each column read: those carried from the first
        reading, else the batch's own."""
        carried = self.cleaned_data.get("columns")
        if carried is not None:
            return carried
        return capped(self.batch.columns)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is {filesizeformat(upload.size)}; the largest batch file "
                f"accepted is {filesizeformat(MAX_FILE_BYTES)} ({MAX_LINES:,} lines)."
            )
        return upload

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        upload = data.get("file")
        default_day = data.get("default_date")
        try:
            if upload:
                upload.seek(0)
                self.batch = read_upload(
                    upload.read(), upload.name, default_day=default_day, limits=self.limits
                )
            elif (data.get("lines") or "").strip():
                source = data.get("source") or "the pasted lines"
                self.batch = read_text(data["lines"], default_day=default_day, source=source)
            else:
                raise forms.ValidationError("Paste some lines or choose a file to check.")
        except BatchError as error:
            raise forms.ValidationError(str(error)) from None
        if data.get("default_state"):
            state = data["default_state"]
            self.batch.lines = [
                line if line.state else replace(line, state=state) for line in self.batch.lines
            ]
        return data


MAX_COLUMNS = 40
MAX_COLUMNS_CHARS = 40_000  # 40 columns of escaped JSON, well within


def capped(pairs) -> tuple[tuple[str, str], ...]:
    """(field, header) pairs, as many and as long as the report shows."""
    return tuple((str(f)[:40], str(h)[:80]) for f, h in list(pairs)[:MAX_COLUMNS])


def initial() -> dict:
    return {"default_date": timezone.localdate()}


MAX_PARAM_CHARS = 40


def prefill(params) -> tuple[dict, list[str]]:
    """The form's initial values from ``?code=J9271&date=2026-01-15`` (the code page's "check
    this code on a date"), and a message for each parameter that cannot be used."""
    start, notes = initial(), []
    raw_code = (params.get("code") or "").strip()
    raw_date = (params.get("date") or "").strip()
    code = normalise_code(raw_code[:MAX_PARAM_CHARS])
    day = None
    if raw_date:
        try:
            day = datetime.date.fromisoformat(raw_date[:MAX_PARAM_CHARS])
        except ValueError:
            notes.append(
                f"“{raw_date[:MAX_PARAM_CHARS]}” in the address is not a date (use "
                f"YYYY-MM-DD); the default date is today."
            )
    if raw_code and (len(raw_code) > MAX_PARAM_CHARS or not is_code(code)):
        notes.append(
            f"“{raw_code[:MAX_PARAM_CHARS]}” in the address is not an HCPCS code or modifier; "
            "no line was filled in."
        )
    elif raw_code:
        start["lines"] = f"{code}, {day.isoformat()}" if day else code
    if day:
        start["default_date"] = day
    return start, notes
