"""The HCPCS code set as one Django app, ``codes``, made of feature packages.

The root holds what every package shares: the models, the CMS record fields, the one rule
of validity on a date (``status``), the reference-table cache, the URLs and the site-wide
template context. Each package says in its own ``__init__`` what it holds and what it may
import:

- ``cms``: reading CMS files (plain Python, no Django);
- ``releases``: loading, publishing and correcting releases, reviewing them, exports, roles
  and the public release pages;
- ``search``: query parsing, the two full-text backends, the FilterSet, index upkeep and the
  search, browse and typeahead pages;
- ``pages``: the code and modifier pages, and how a record is laid out for people;
- ``drugs``: CMS's ASP drug files, NDCs, doses, CMS's Table of Drugs and Index, and the
  curated synonyms that search reads (``templatetags`` shows them on a code's page);
- ``validation``: validity of codes on dates of service, one or many (code, day) pairs;
- ``fhir``: the FHIR R4 terminology service;
- ``admin``: the ModelAdmins and the curation pages and forms;
- ``api``: the read API; ``management``: the commands; ``migrations``.
"""
