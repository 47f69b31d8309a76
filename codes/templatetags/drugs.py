"""``{% drug_sections code %}``: a code's drug products, payment limits and CMS index
entries, as their own section of the code page (codes/drugs/presentation.py)."""

from django import template

from codes.drugs.presentation import drug_context

register = template.Library()


@register.inclusion_tag("codes/_drug_sections.html", takes_context=True)
def drug_sections(context, code):
    version = getattr(context.get("request"), "content_version", None)
    return {"code": code, **drug_context(code.code, content_version=version)}
