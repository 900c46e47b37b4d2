"""Messages keep the recipient's secret (an access code) only sealed, apart from the text
staff read (docs/notifications.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notify', '0002_default_case_templates'),
        ('org', '0002_contact_sort_version'),
    ]

    operations = [
        migrations.AddField(
            model_name='outboxmessage',
            name='sealed_text',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='outboxmessage',
            name='withholds_secret',
            field=models.BooleanField(default=False, help_text="The recipient's copy carries a secret (an access code) that the text shown here leaves out.", verbose_name='withholds a secret'),
        ),
        migrations.AddIndex(
            model_name='outboxmessage',
            index=models.Index(condition=models.Q(('sealed_text', ''), _negated=True), fields=['created_at'], name='notify_outbox_sealed_idx'),
        ),
    ]
