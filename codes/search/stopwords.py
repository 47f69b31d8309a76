"""English stop words: words too common to search for.

This is PostgreSQL's ``english`` stop list (``tsearch_data/english.stop``). The query parser
drops these words on both engines, so SQLite FTS5 (which has no stop list) requires exactly
the words PostgreSQL's ``to_tsquery('english', ...)`` would keep, and "all words" means the
same thing on both.
"""

# One string split into words, to read like the stop list file.
STOP_WORDS: frozenset[str] = frozenset(
    """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
she her hers herself it its itself they them their theirs themselves what which who whom
this that these those am is are was were be been being have has had having do does did
doing a an the and but if or because as until while of at by for with about against between
into through during before after above below to from up down in out on off over under again
further then once here there when where why how all any both each few more most other some
such no nor not only own same so than too very s t can will just don should now
""".split()  # noqa: SIM905
)
