"""Ranking tokens gain the unigrams and bigrams of runs of letters and digits, so that a
word of one or two characters is looked up exactly (text.SHORT_WORD): every entry's
ranking tokens are made again from its stored texts, as in 0003."""

import importlib

from django.db import migrations

RANKING_TOKENS = importlib.import_module("minfu.search.migrations.0003_ranking_tokens")
on = RANKING_TOKENS.on


class Migration(migrations.Migration):
    dependencies = [("search", "0003_ranking_tokens")]

    operations = [
        migrations.RunPython(on("postgresql", RANKING_TOKENS.POSTGRES_DROP),
                             migrations.RunPython.noop),
        migrations.RunPython(RANKING_TOKENS.fill_ranking_tokens, migrations.RunPython.noop),
        migrations.RunPython(on("postgresql", RANKING_TOKENS.POSTGRES_FORWARD),
                             migrations.RunPython.noop),
    ]
