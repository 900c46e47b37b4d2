"""Audit events get the organisation they belong to: a plain id, since core sits below
org (ADR 0008)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="organisation_id",
            field=models.BigIntegerField(blank=True, db_index=True, null=True,
                                         verbose_name="organisation"),
        ),
    ]
