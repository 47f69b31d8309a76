"""The code and modifier pages (``views``) and how a CMS record is laid out for people:
groups of fields, decoded values, CMS definitions (``presentation``).

May import ``codes.cms``, the root modules, ``codes.releases`` and ``codes.search``.
"""
