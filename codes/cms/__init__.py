"""Reading CMS files: the record layout, CMS's definitions and code tables, the readers of
the text, xlsx, xls and zip formats, comparing records, and reading a code as someone
typed it (``records.normalise_code``).

Plain Python: imports nothing from Django or the rest of ``codes``, so it can be tested and
reused on its own.
"""
