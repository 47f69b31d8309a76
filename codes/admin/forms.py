"""Forms of the curation pages. They check what a form can check (a file's size, a date);
the services in ``codes.releases`` check the rest and do the writes.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from codes.cms.errors import CmsFileError
from codes.cms.readers import ParsedRelease, read_release
from codes.cms.records import collapse_whitespace
from codes.drugs.asp import ParsedAspFile, looks_like_asp, read_asp
from codes.models import CodeVersion
from codes.releases.curation import EDITABLE_ATTRS
from codes.releases.fetch import FetchError, fetch_release_file

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y%m%d"]  # ISO, and YYYYMMDD as the CMS files write dates


def date_field(**kwargs) -> forms.DateField:
    return forms.DateField(
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


def reason_field(help_text: str, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label="Reason",
        max_length=1000,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs={"size": 60, "autocomplete": "off"}),
    )


class UploadForm(forms.Form):
    """Step 1 of loading a CMS release: the file, or its https address (downloaded), read and
    checked before anything is saved."""

    file = forms.FileField(
        label="CMS release file",
        required=False,
        help_text="The quarterly “Alpha-Numeric HCPCS File” from CMS: the zip, or the xlsx or "
        "fixed-width text file inside it; or a quarter's ASP NDC-HCPCS crosswalk or payment "
        "limit CSV. The kind and format are recognised from the content.",
    )
    url = forms.CharField(
        label="or its address",
        required=False,
        max_length=2000,
        widget=forms.URLInput(attrs={"size": 80, "placeholder": "https://www.cms.gov/files/zip/…"}),
        help_text="The https:// address of the file on CMS's site, instead of a file: the site "
        "downloads it and reads it as it would the file.",
    )
    label = forms.CharField(
        max_length=60,
        required=False,
        help_text="Leave blank to take it from the file (you can correct it on the next page).",
    )
    effective_date = date_field(
        required=False,
        help_text="Leave blank to take it from the file (you can correct it on the next page).",
    )

    parsed: ParsedRelease | None = None
    # Set instead of ``parsed`` when the file is one of CMS's ASP drug files.
    parsed_asp: ParsedAspFile | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:
            return None
        limit = settings.HCPCS_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"{upload.name} is {filesizeformat(upload.size)}; the largest file this site "
                f"accepts is {filesizeformat(limit)}. CMS release files are a few megabytes: "
                "check that this is the HCPCS file."
            )
        upload.seek(0)
        # Read here, so that a malformed file is a field error and nothing is created.
        self._read(upload.read(), upload.name)
        return upload

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if url and self.cleaned_data.get("file") is None and "file" not in self.errors:
            try:
                fetched = fetch_release_file(url)
            except FetchError as exc:
                raise forms.ValidationError(f"{exc}. Nothing was saved.") from None
            self._read(fetched.data, fetched.name, f" (downloaded from {url})")
        return url

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not data.get("file") and not data.get("url"):
            self.add_error(
                "file", "This field is required: choose a CMS file, or give its https address."
            )
        elif data.get("file") and data.get("url"):
            self.add_error("url", "Give either a file or its https address, not both.")
        return data

    def _read(self, data: bytes, name: str, origin: str = "") -> None:
        try:
            if looks_like_asp(data):
                self.parsed_asp = read_asp(data, name=name)
            else:
                self.parsed = read_release(data, name=name)
        except CmsFileError as exc:
            raise forms.ValidationError(f"{exc}{origin}. Nothing was saved.") from None


class ReleaseLabelForm(forms.Form):
    """Step 2: confirm or correct the label and date the importer proposed."""

    label = forms.CharField(max_length=60, help_text='As CMS names the release: "2026 January".')
    effective_date = date_field(
        help_text="The first day the release is in force, normally a quarter start."
    )
    reason = reason_field("Only needed if you change the proposal.", required=False)


def _cms_fields() -> dict[str, forms.Field]:
    """A form field per editable CMS column, with the CMS definition as help text."""
    fields = forms.fields_for_model(CodeVersion, fields=EDITABLE_ATTRS)
    for name, field in fields.items():
        if isinstance(field, forms.DateField):
            fields[name] = date_field(required=False, label=field.label, help_text=field.help_text)
        elif name == "long_description":
            field.widget = forms.Textarea(attrs={"rows": 3, "cols": 80})
        elif field.max_length:
            field.widget.attrs["size"] = min(field.max_length + 2, 40)
    return fields


class CmsRecordForm(forms.Form):
    """Every CMS field of a record, for editing a proposed version or correcting a published
    code. Values are checked against the CMS code tables by the service."""

    def __init__(self, *args, reason_help: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_cms_fields())
        self.fields["reason"] = reason_field(reason_help)

    def clean_long_description(self):
        # The importer stores descriptions with single spaces; so must an edit.
        return collapse_whitespace(self.cleaned_data["long_description"])

    def values(self) -> dict:
        return {attr: self.cleaned_data[attr] for attr in EDITABLE_ATTRS}


class ReasonForm(forms.Form):
    """Hold back, restore or discard: why, for the audit trail."""

    reason = reason_field("Why, for the audit trail.")


class PublishForm(forms.Form):
    confirm_out_of_order = forms.BooleanField(
        required=False,
        label="Publish it although a later release is already published (backfill)",
        help_text="It is added to the history for its dates only: codes as of today keep the "
        "later release's values, and old dates of service are answered from this release.",
    )


class ReferenceForm(forms.ModelForm):
    """A CMS code table entry in the admin, with the reason recorded in the audit trail."""

    # No Meta: the admin builds the form for each table's model (modelform_factory).
    reason = reason_field("Why you add or change this entry, for the audit trail.")
