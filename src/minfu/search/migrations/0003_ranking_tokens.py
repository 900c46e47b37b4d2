"""Ranking tokens (text.ranking_tokens) and the index of the ranking's tie order, so that
PostgreSQL ranks a bounded set of candidates (selectors.bounded_top). The tsvector now
holds the index tokens and the ranking tokens; existing entries get their ranking tokens
from their stored texts, so no rebuild is needed."""

import importlib

from django.db import migrations, models

# SQLite adds the column by copying the table, which drops the triggers that keep the FTS5
# table in step: they are made again (and the FTS5 table rebuilt).
SQLITE_TRIGGERS = importlib.import_module(
    "minfu.search.migrations.0002_full_text_index").SQLITE_FORWARD[1:]

# The tsvector is dropped before the ranking tokens are filled (else each update would
# compute it and write the GIN index) and made again after.
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS tsv",
]
POSTGRES_FORWARD = [
    "ALTER TABLE search_entry ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
    "(array_to_tsvector(array_cat(string_to_array(tokens, ' '), "
    "string_to_array(ranking_tokens, ' ')))) STORED",
    "CREATE INDEX search_entry_tsv ON search_entry USING gin (tsv)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS tsv",
    "ALTER TABLE search_entry ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
    "(array_to_tsvector(string_to_array(tokens, ' '))) STORED",
    "CREATE INDEX search_entry_tsv ON search_entry USING gin (tsv)",
]


def fill_ranking_tokens(apps, schema_editor):
    from minfu.search import text

    Entry = apps.get_model("search", "Entry")
    batch = []
    for entry in Entry.objects.only("title_text", "body_text", "tokens").iterator(
            chunk_size=1000):
        entry.ranking_tokens = " ".join(text.ranking_tokens(
            entry.title_text, entry.body_text, entry.tokens.split()))
        batch.append(entry)
        if len(batch) == 1000:
            Entry.objects.bulk_update(batch, ["ranking_tokens"])
            batch = []
    Entry.objects.bulk_update(batch, ["ranking_tokens"])


def on(vendor, statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == vendor:
            for statement in statements:
                schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_index")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, on("sqlite", SQLITE_TRIGGERS)),
        migrations.AddField(
            model_name="entry",
            name="ranking_tokens",
            field=models.TextField(blank=True, verbose_name="ranking tokens"),
        ),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(fields=["helpful", "recency", "id"], name="search_entry_static"),
        ),
        migrations.RunPython(on("sqlite", SQLITE_TRIGGERS), migrations.RunPython.noop),
        migrations.RunPython(on("postgresql", POSTGRES_DROP), on("postgresql",
                                                                 POSTGRES_BACKWARD)),
        migrations.RunPython(fill_ranking_tokens, migrations.RunPython.noop),
        migrations.RunPython(on("postgresql", POSTGRES_FORWARD), on("postgresql",
                                                                    POSTGRES_DROP)),
    ]
