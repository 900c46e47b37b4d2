"""Application events become records.RecordEvent rows: occurred_at, organisation, internal
notes, registered action names (ADR 0008)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """The new columns, the organisation still empty (filled by the next migration)."""

    dependencies = [
        ("cases", "0003_indexes_for_queues_and_metrics"),
        ("core", "0003_audit_action_names"),
        ("org", "0002_contact_sort_version"),
    ]

    operations = [
        migrations.RenameField(model_name="caseevent", old_name="at", new_name="occurred_at"),
        migrations.AddField(
            model_name="caseevent",
            name="organisation",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="org.organisation",
                                    verbose_name="organisation"),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="internal_note_zh",
            field=models.TextField(blank=True, verbose_name="internal note (Chinese)"),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="internal_note_en",
            field=models.TextField(blank=True, verbose_name="internal note (English)"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="action",
            field=models.CharField(max_length=80, verbose_name="action"),
        ),
    ]
