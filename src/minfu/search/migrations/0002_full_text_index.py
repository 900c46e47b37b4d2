"""The full-text index over Entry.tokens, one per database (docs/adr/0011-chinese-search.md):
SQLite: an FTS5 table with external content, kept in step by triggers; PostgreSQL: a
generated tsvector column built from the tokens as they are (no parser, no stemming) with a
GIN index. Both match the same tokens, so both find the same entries."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_entry_fts USING fts5(tokens, content='search_entry', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, tokens) "
    "VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER search_entry_fts_update AFTER UPDATE OF tokens ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, tokens) "
    "VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO search_entry_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TABLE IF EXISTS search_entry_fts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE search_entry ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
    "(array_to_tsvector(string_to_array(tokens, ' '))) STORED",
    "CREATE INDEX search_entry_tsv ON search_entry USING gin (tsv)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index_and_query_log")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
