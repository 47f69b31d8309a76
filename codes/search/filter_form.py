"""The results page's filter form, rendered in Python.

Django renders every ``<option>`` of a select through the form template engine. The BETOS,
pricing, action and section selects have about 190 options between them, which made
drawing the filter form cost more than the search itself; these controls write the same
HTML directly, every value escaped by ``format_html``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Control:
    id: str
    label: str
    help_text: str
    html: SafeString


@functools.lru_cache(maxsize=2048)
def _option(value: str, label: str, selected: bool) -> str:
    """One option's HTML; the options of the coded filters repeat on every page."""
    return format_html(
        '<option value="{}"{}>{}</option>', value, " selected" if selected else "", label
    )


def _select(bound: forms.BoundField, described: str) -> SafeString:
    # A filter the user left empty shows the value the form filled in (the default status).
    value = bound.value() or getattr(bound.form, "cleaned_data", {}).get(bound.name)
    chosen = "" if value is None else str(value)
    options = "".join(
        _option(str(key), str(label), str(key) == chosen) for key, label in bound.field.choices
    )
    return format_html(
        '<select name="{}" id="{}"{}>{}</select>',
        bound.html_name,
        bound.auto_id,
        described,
        mark_safe(options),  # noqa: S308 - each option escaped by format_html
    )


def _date_inputs(bound: forms.BoundField, described: str) -> SafeString:
    widget = bound.field.widget
    if isinstance(widget, forms.MultiWidget):  # a date range: one input per end
        values = bound.value() or []
        suffixes = getattr(widget, "suffixes", ())
        return format_html_join(
            "",
            '<input type="date" name="{}_{}" id="{}_{}" value="{}" aria-label="{} {}"{}>',
            (
                (
                    bound.html_name,
                    suffix,
                    bound.auto_id,
                    suffix,
                    values[i] if i < len(values) and values[i] else "",
                    bound.label,
                    suffix,
                    described,
                )
                for i, suffix in enumerate(suffixes)
            ),
        )
    value = bound.value()
    return format_html(
        '<input type="date" name="{}" id="{}" value="{}"{}>',
        bound.html_name,
        bound.auto_id,
        value or "",
        described,
    )


# (content version, every filter's value) -> the controls. Most searches leave the filters
# at their defaults, and drawing some 190 options was a fifth of a search's time.
_KEPT: dict[tuple, list[Control]] = {}
_KEPT_MAX = 256


def forget_controls() -> None:
    """Drop the kept controls. Content versions only go up in a database, so nothing else
    needs this; a test suite that rolls each test back reuses version numbers."""
    _KEPT.clear()


def _values(form: forms.Form) -> tuple:
    cleaned = getattr(form, "cleaned_data", {})
    return tuple((name, str(form[name].value()), str(cleaned.get(name))) for name in form.fields)


def filter_controls(form: forms.Form, *, version: int | None = None) -> list[Control]:
    """One control per filter, in declaration order. With ``version``, the content version
    the request is served under (the options come from the published reference tables),
    the controls are kept for the next request with the same filter values."""
    if version is None:
        return _controls(form)
    key = (version, _values(form))
    controls = _KEPT.get(key)
    if controls is None:
        if len(_KEPT) >= _KEPT_MAX:
            _KEPT.clear()
        controls = _KEPT[key] = _controls(form)
    return controls


def _controls(form: forms.Form) -> list[Control]:
    controls = []
    for name in form.fields:
        bound = form[name]
        described = (
            format_html(' aria-describedby="{}_helptext"', bound.auto_id) if bound.help_text else ""
        )
        if isinstance(bound.field, forms.ChoiceField | forms.ModelChoiceField):
            html = _select(bound, described)
        else:
            html = _date_inputs(bound, described)
        controls.append(Control(bound.auto_id, str(bound.label), str(bound.help_text), html))
    return controls
