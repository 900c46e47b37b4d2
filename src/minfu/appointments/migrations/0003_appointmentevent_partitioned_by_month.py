"""The appointments' history partitioned by month on PostgreSQL, as every record kind's
(docs/adr/0015-history-partitioned-by-month.md); nothing changes on SQLite."""

from django.db import migrations

from minfu.core.partitions import partition_operation


class Migration(migrations.Migration):
    dependencies = [("appointments", "0002_default_templates")]

    operations = [partition_operation("appointments_appointmentevent")]
