"""The history of comments and proposals partitioned by month on PostgreSQL, as every
record kind's (docs/adr/0015-history-partitioned-by-month.md); nothing changes on
SQLite."""

from django.db import migrations

from minfu.core.partitions import partition_operation


class Migration(migrations.Migration):
    dependencies = [("participation", "0004_proposal_session_templates")]

    operations = [partition_operation("participation_commentevent"),
                  partition_operation("participation_proposalevent")]
