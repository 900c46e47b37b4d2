"""Petition events become records.RecordEvent rows: occurred_at, organisation, notes in
both languages, registered action names (ADR 0008)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """The new columns, the organisation still empty (filled by the next migration)."""

    dependencies = [
        ("voice", "0002_default_templates"),
        ("core", "0003_audit_action_names"),
        ("org", "0002_contact_sort_version"),
    ]

    operations = [
        migrations.RenameField(model_name="petitionevent", old_name="at", new_name="occurred_at"),
        migrations.RenameField(model_name="petitionevent", old_name="public_note",
                               new_name="public_note_zh"),
        migrations.AddField(
            model_name="petitionevent",
            name="public_note_en",
            field=models.TextField(blank=True, verbose_name="note to the citizen (English)"),
        ),
        migrations.AddField(
            model_name="petitionevent",
            name="organisation",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="org.organisation",
                                    verbose_name="organisation"),
        ),
        migrations.AddField(
            model_name="petitionevent",
            name="internal_note_zh",
            field=models.TextField(blank=True, verbose_name="internal note (Chinese)"),
        ),
        migrations.AddField(
            model_name="petitionevent",
            name="internal_note_en",
            field=models.TextField(blank=True, verbose_name="internal note (English)"),
        ),
        migrations.AlterField(
            model_name="petitionevent",
            name="action",
            field=models.CharField(max_length=80, verbose_name="action"),
        ),
    ]
