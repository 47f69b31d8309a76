"""Model fields for CMS record columns, built from the layout and the CMS definitions.

Every column of the CMS record becomes a model field whose ``help_text`` is the CMS
definition from the record layout, so forms, the admin and the API explain each value in
CMS's own words.
"""

from django.db import models

from codes.cms import layout, reference

# The xlsx keeps the 4-digit sequence number; the text file's fifth digit is a line counter.
_MAX_LENGTH_OVERRIDES = {"seqnum": 4}


def cms_field(header: str, **overrides) -> models.Field:
    """A model field for one CMS column, with its CMS label and definition."""
    column = layout.BY_HEADER[header]
    options = {
        "verbose_name": reference.label(header),
        "help_text": reference.definition(header),
        **overrides,
    }
    if column.kind == "date":
        return models.DateField(null=True, blank=True, **options)
    if column.attr == "long_description":
        return models.TextField(blank=True, **options)
    max_length = _MAX_LENGTH_OVERRIDES.get(column.attr, column.width)
    return models.CharField(max_length=max_length, blank=True, **options)
