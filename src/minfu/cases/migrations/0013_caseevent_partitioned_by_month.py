"""The history table partitioned by month on PostgreSQL; nothing changes on SQLite
(docs/adr/0015-history-partitioned-by-month.md). The table is copied: on a large
database this takes a while and holds its lock (docs/operations.md)."""

from django.db import migrations

from minfu.core.partitions import partition_operation


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_case_anonymised_at")]

    operations = [partition_operation("cases_caseevent")]
