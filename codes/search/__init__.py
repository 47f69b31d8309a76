"""Search over the published HCPCS codes: one box for codes, prefixes, ranges, lists and
words, on PostgreSQL full-text search or SQLite FTS5.

- ``text``, ``query``, ``stopwords``: reading the box into a ``ParsedQuery`` (plain
  Python, no database);
- ``service``, ``results``: running it on a filtered queryset of ``HcpcsCode``;
- ``backends``: the two full-text engines behind one interface; ``spelling``: typo
  tolerance in Python (SQLite) and the correction rule both engines share;
  ``rechecked``: values built from the database once per process;
- ``vocabulary``: searching through drug names, CMS's index and synonyms, NDCs and doses,
  which ``codes.drugs`` provides through the interface ``drug_terms``;
- ``index``: keeping the index current when a release is published;
- ``filters``: the one FilterSet the pages and the API share; ``typeahead``: the
  suggestions both typeahead endpoints give;
- ``views``: the home, results, browse and typeahead pages; ``display``, ``highlight``,
  ``filter_form``: showing results; ``sections``: the HCPCS section letters and names.

May import ``codes.cms`` and the shared core; not the drugs (an interface, ``drug_terms``,
that drugs implements), releases, pages, validation, admin or API.
"""

from codes.search.query import Kind, ParsedQuery, Term, parse
from codes.search.results import OrderedCodes, SearchResult
from codes.search.service import CODE_ORDER, RELEVANCE, SORTS, default_status, search_codes

__all__ = [
    "CODE_ORDER",
    "RELEVANCE",
    "SORTS",
    "Kind",
    "OrderedCodes",
    "ParsedQuery",
    "SearchResult",
    "Term",
    "default_status",
    "parse",
    "search_codes",
]
