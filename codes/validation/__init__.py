"""Validity of codes on dates of service (``validity``): one code or many (code, day) pairs.

May import ``codes.cms`` and the root modules; the pages, the API and FHIR import it.
"""
