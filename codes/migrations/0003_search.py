"""Search index structures, one set per engine.

PostgreSQL: the pg_trgm extension; ``codes_search_document``, a stored weighted tsvector
per published code (code and short description at weight A, long description at B) with a
GIN index; ``codes_search_vocabulary``, the words of the descriptions with a trigram GIN
index for typo tolerance and a pattern index for completing half-typed words. The GIN indexes are built without a pending list (fastupdate
off): the tables are rewritten in bulk when a release is published and read all the time
after, and a pending list left by a bulk insert made a trigram lookup 100 times slower.

SQLite: ``codes_search_fts``, an FTS5 table with the porter stemmer and prefix indexes.

The tables are keyed by ``codes_hcpcscode.id`` but carry no foreign key: the index is
derived data that publishing rewrites (``codes.search.index``), and a foreign key would
stop Django from truncating ``codes_hcpcscode`` when a test database is flushed. Searches
always join back to ``codes_hcpcscode``, so a stale row can never show.

The SQL is written out here, not imported from the app, so that this migration keeps doing
what it did when it was written.
"""

from django.db import migrations

POSTGRES_CREATE = [
    # Kept on reverse: other database objects may use it. (Django's TrigramExtension
    # operation fails to reverse on SQLite, so the engine check is done here.)
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE TABLE codes_search_document (
        code_id bigint PRIMARY KEY,
        code varchar(5) NOT NULL,
        document tsvector NOT NULL
    )
    """,
    "CREATE INDEX codes_search_document_gin ON codes_search_document USING gin (document) "
    "WITH (fastupdate = off)",
    """
    CREATE TABLE codes_search_vocabulary (
        word text PRIMARY KEY,
        documents integer NOT NULL
    )
    """,
    "CREATE INDEX codes_search_vocabulary_trgm ON codes_search_vocabulary "
    "USING gin (word gin_trgm_ops) WITH (fastupdate = off)",
    "CREATE INDEX codes_search_vocabulary_prefix ON codes_search_vocabulary "
    "(word text_pattern_ops)",
    """
    INSERT INTO codes_search_document (code_id, code, document)
    SELECT id, code,
           setweight(to_tsvector('english', code), 'A')
           || setweight(to_tsvector('english', translate(short_description, '/', ' ')), 'A')
           || setweight(to_tsvector('english', translate(long_description, '/', ' ')), 'B')
    FROM codes_hcpcscode
    """,
    """
    INSERT INTO codes_search_vocabulary (word, documents)
    SELECT word, count(DISTINCT id)
    FROM codes_hcpcscode,
         regexp_split_to_table(lower(short_description || ' ' || long_description),
                               '[^a-z0-9]+') AS word
    WHERE length(word) >= 3 AND word ~ '^[a-z]'
    GROUP BY word
    """,
]
POSTGRES_DROP = [
    "DROP TABLE IF EXISTS codes_search_vocabulary",
    "DROP TABLE IF EXISTS codes_search_document",
]

SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE codes_search_fts USING fts5(
        code, short_description, long_description,
        tokenize = 'porter unicode61 remove_diacritics 2',
        prefix = '2 3 4'
    )
    """,
    """
    INSERT INTO codes_search_fts (rowid, code, short_description, long_description)
    SELECT id, code, short_description, long_description FROM codes_hcpcscode
    """,
]
SQLITE_DROP = ["DROP TABLE IF EXISTS codes_search_fts"]


def _per_engine(statements: dict[str, list[str]]):
    """A RunPython function that executes the statements written for the current engine."""

    def run(apps, schema_editor) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


create_index = _per_engine({"postgresql": POSTGRES_CREATE, "sqlite": SQLITE_CREATE})
drop_index = _per_engine({"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP})


class Migration(migrations.Migration):
    dependencies = [("codes", "0002_reference_data")]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
