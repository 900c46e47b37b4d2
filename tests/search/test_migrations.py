"""The search's migrations keep the index usable without a rebuild: entries indexed before
0004 get the ranking tokens of short words from their stored texts."""

import pytest
from django.db import connection

from minfu.search import text
from tests.migration_support import migrate_to

BEFORE = [("search", "0003_ranking_tokens")]


@pytest.mark.django_db(transaction=True)
def test_entries_indexed_before_get_the_tokens_of_short_words():
    old = migrate_to(BEFORE)
    title_text, body_text = "ezway易利委", "進口快遞以ezway認證"
    tokens = text.tokens_of_normalised(f"{title_text}\n{body_text}")
    old_ranking = [token for token in text.ranking_tokens(title_text, body_text, tokens)
                   if token[1:] not in {"e", "z", "ez", "zw", "wa", "w", "a"}]
    old.get_model("search", "Entry").objects.create(
        source="article", key="k1", title_zh="EZWAY易利委", body_zh="進口快遞以EZWAY認證",
        title_text=title_text, body_text=body_text, tokens=" ".join(tokens),
        ranking_tokens=" ".join(old_ranking))

    new = migrate_to()
    entry = new.get_model("search", "Entry").objects.get(key="k1")
    assert {"^ez", "~ez", "^e"} <= set(entry.ranking_tokens.split())
    if connection.vendor == "postgresql":    # the tsvector holds them again
        with connection.cursor() as cursor:
            cursor.execute("SELECT tsv @@ '''^ez'' & ''~ez'''::tsquery FROM search_entry")
            assert cursor.fetchone() == (True,)
