"""Drugs and everyday words: the vocabulary that leads from how claims and patients speak to
the codes.

- ``asp``, ``dose``: reading CMS's quarterly ASP files (NDC-HCPCS crosswalk and payment
  limits) and doses in billing units (plain Python); NDCs in their printed forms are read by
  ``codes.cms.ndc``, which the batch check of claim lines shares;
- ``cms_index``: CMS's Table of Drugs and Alpha-Numeric Index, parsed once from the PDFs into
  ``data/cms_index.json`` (plain Python);
- ``services``: loading and publishing a quarter, editing synonyms (the writes);
- ``lexicon``: the in-memory vocabulary search reads, and ``search_terms``, which offers it
  (with NDCs and doses) to search through search's interface ``codes.search.drug_terms``;
  ``presentation``: what a code's page and the API show about a drug.

Its tables are in the shared core (``codes.models.drugs``). May import the core,
``codes.cms`` and ``codes.search.drug_terms`` (the interface it implements, with the word
folding and typo tolerance it builds on); search does not import this package: the app
registers ``search_terms`` at start-up.
"""
