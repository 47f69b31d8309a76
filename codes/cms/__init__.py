"""Reading CMS files: the record layout, CMS's definitions and code tables, the readers of
the text, xlsx, xls and zip formats, and comparing records.

Plain Python: imports nothing from Django or the rest of ``codes``, so it can be tested and
reused on its own.
"""
