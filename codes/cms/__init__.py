"""Reading CMS files: the record layout, CMS's definitions and code tables, the readers of
the text, xlsx, xls and zip formats, comparing records, and reading a code as someone
typed it (``records.normalise_code``) or an NDC as a package or a claim prints it (``ndc``).

Plain Python: imports nothing from Django or the rest of ``codes``, so it can be tested and
reused on its own.
"""
