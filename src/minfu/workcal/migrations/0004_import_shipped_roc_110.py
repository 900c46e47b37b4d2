"""Load ROC 110 (2021), shipped after 0002 ran on existing installations, with the loader
0002 uses: it loads each shipped file whose years are not stored, so on a fresh database
(where 0002 already loaded 2021) and on a second run it does nothing, and it never
touches a year an administrator imported."""

import importlib

from django.db import migrations


def import_missing_shipped_years(apps, schema_editor):
    initial_load = importlib.import_module(
        "minfu.workcal.migrations.0002_import_shipped_calendar")
    initial_load.import_shipped_files(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("workcal", "0003_pending_recount"),
    ]

    operations = [
        # Going back keeps the days: deadlines already counted on 2021 must stay countable.
        migrations.RunPython(import_missing_shipped_years, migrations.RunPython.noop),
    ]
