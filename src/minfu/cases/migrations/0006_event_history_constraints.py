"""Every event now has an organisation; the columns take their final form (ADR 0008)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

ACTOR_KINDS = [("staff", "Staff"), ("applicant", "Applicant"), ("petitioner", "Petitioner"),
               ("system", "System")]


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0005_event_history_data"),
    ]

    operations = [
        migrations.AlterField(
            model_name="caseevent",
            name="organisation",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="org.organisation",
                                    verbose_name="organisation"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="occurred_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now,
                                       verbose_name="occurred at"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="actor_kind",
            field=models.CharField(choices=ACTOR_KINDS, max_length=12,
                                   verbose_name="actor kind"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="from_state",
            field=models.CharField(blank=True, max_length=30, verbose_name="from state"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="to_state",
            field=models.CharField(blank=True, max_length=30, verbose_name="to state"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="public_note_zh",
            field=models.TextField(blank=True, verbose_name="note to the citizen (Chinese)"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="public_note_en",
            field=models.TextField(blank=True, verbose_name="note to the citizen (English)"),
        ),
        migrations.AlterField(
            model_name="casedocument",
            name="uploaded_by_kind",
            field=models.CharField(choices=ACTOR_KINDS, max_length=10,
                                   verbose_name="uploaded by"),
        ),
        migrations.AlterModelOptions(
            name="caseevent",
            options={"ordering": ["occurred_at", "id"], "verbose_name": "application event", "verbose_name_plural": "application events"},
        ),
    ]
