"""Petitions keep when their contact address was confirmed (voice.notices sends an
unconfirmed address only a short receipt). Petitions received before this keep getting
their notices: their addresses count as confirmed when they were received."""

from django.db import migrations, models
from django.db.models import F


def confirm_existing(apps, schema_editor):
    Petition = apps.get_model("voice", "Petition")
    Petition.objects.filter(contact_confirmed_at__isnull=True).update(
        contact_confirmed_at=F("received_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("voice", "0007_attachments_are_record_files"),
    ]

    operations = [
        migrations.AddField(
            model_name="petition",
            name="contact_confirmed_at",
            field=models.DateTimeField(blank=True, null=True,
                                       verbose_name="contact address confirmed at"),
        ),
        migrations.RunPython(confirm_existing, migrations.RunPython.noop),
    ]
