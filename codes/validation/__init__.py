"""Validity of codes on dates of service: the service for one or many (code, day) pairs
(``validity``), and the batch validation of claim lines (page, forms, CSV/xlsx reading).

May import ``codes.cms`` and the shared core (``csv_cells`` for its CSV reports); the pages,
the API and FHIR import it.
"""
