"""The HCPCS code set as one Django app, ``codes``, made of feature packages.

The shared core holds what every package shares: the models (a package, ``models``), the
CMS record fields, the one rule of validity on a date (``status``), safe CSV cells
(``csv_cells``) and the reference-table cache; the root also keeps the URLs, the app's
start-up and the site-wide template context. Layers, checked by import-linter
(``pyproject.toml``): interfaces (admin, api, fhir, management, URLs) above features (pages,
releases, validation, search, drugs, ops) above the shared core above ``cms``; no cycles
between siblings. Each package says in its own ``__init__`` what it holds and may import:

- ``cms``: reading CMS files (plain Python, no Django);
- ``releases``: loading, publishing and correcting releases, reviewing them, exports, roles
  and the public release pages;
- ``search``: query parsing, the two full-text backends, the FilterSet, index upkeep and the
  search, browse and typeahead pages;
- ``pages``: the code and modifier pages, and how a record is laid out for people;
- ``drugs``: CMS's ASP drug files, NDCs, doses, CMS's Table of Drugs and Index, and the
  curated synonyms that search reads through its ``drug_terms`` interface
  (``templatetags`` shows them on a code's page);
- ``ops``: health probes, HTTP caching and the page cache;
- ``validation``: validity of codes on dates of service, one or many (code, day) pairs;
- ``fhir``: the FHIR R4 terminology service;
- ``admin``: the ModelAdmins and the curation pages and forms;
- ``api``: the read API; ``management``: the commands; ``migrations``.
"""
