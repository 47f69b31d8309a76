"""Drugs and everyday words: the vocabulary that leads from how claims and patients speak to
the codes.

- ``asp``, ``ndc``, ``dose``: reading CMS's quarterly ASP files (NDC-HCPCS crosswalk and
  payment limits), NDCs in their printed forms, doses in billing units (plain Python);
- ``cms_index``: CMS's Table of Drugs and Alpha-Numeric Index, parsed once from the PDFs into
  ``data/cms_index.json`` (plain Python);
- ``models``: the quarters, their rows, the index entries and the curated synonyms (imported
  by ``codes.models``, so the app label stays ``codes``);
- ``services``: loading and publishing a quarter, editing synonyms (the writes);
- ``lexicon``: the in-memory vocabulary search reads; ``views``: what a code's page and the
  API show about a drug.

May import ``codes.models``, ``codes.search.query`` and ``codes.cms.errors``; the search
service imports ``lexicon``.
"""
