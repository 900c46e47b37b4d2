import django.core.validators
from django.db import migrations, models


# The named recurrences before this migration, as months between due days.
MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


def recurrence_to_months(apps, schema_editor):
    """Existing recurring actions keep their meaning; their wording stays empty, so they
    print in Minfu's own words as before."""
    Action = apps.get_model("plans", "Action")
    for name, months in MONTHS.items():
        Action.objects.filter(deadline_kind="recurring", recurrence=name).update(
            every_months=months)


def months_to_recurrence(apps, schema_editor):
    Action = apps.get_model("plans", "Action")
    for name, months in MONTHS.items():
        Action.objects.filter(deadline_kind="recurring", every_months=months,
                              first_month__isnull=True, month_day__isnull=True).update(
            recurrence=name)


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0002_default_notify_templates'),
    ]

    operations = [
        migrations.AddField(
            model_name='action',
            name='deadline_end',
            field=models.DateField(blank=True, null=True, verbose_name='deadline range end'),
        ),
        migrations.AddField(
            model_name='action',
            name='deadline_text',
            field=models.CharField(blank=True, help_text='As the plan writes it; printed as written.', max_length=200, verbose_name='deadline'),
        ),
        migrations.AddField(
            model_name='action',
            name='every_months',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='recurs every (months)'),
        ),
        migrations.AddField(
            model_name='action',
            name='first_month',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='month it falls due'),
        ),
        migrations.AddField(
            model_name='action',
            name='month_day',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='day of the month it falls due'),
        ),
        migrations.AlterField(
            model_name='action',
            name='deadline_day',
            field=models.DateField(blank=True, help_text='The date, the first day of the month, or the first day of the range.', null=True, verbose_name='deadline day'),
        ),
        migrations.AlterField(
            model_name='action',
            name='deadline_kind',
            field=models.CharField(choices=[('date', 'date'), ('month', 'month'), ('range', 'range'), ('recurring', 'recurring'), ('standing', 'standing'), ('text', 'text')], max_length=10, verbose_name='deadline kind'),
        ),
        migrations.AlterField(
            model_name='action',
            name='standing',
            field=models.CharField(blank=True, choices=[('regular', 'regular'), ('as_needed', 'as_needed'), ('from_now', 'from_now')], max_length=10, verbose_name='standing'),
        ),
        migrations.RunPython(recurrence_to_months, months_to_recurrence),
        migrations.RemoveField(
            model_name='action',
            name='recurrence',
        ),
    ]
