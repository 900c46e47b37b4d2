from django.db import migrations, models


def level_is_depth(apps, schema_editor):
    """Every node made so far sits at the level of its depth."""
    PlanNode = apps.get_model("plans", "PlanNode")
    PlanNode.objects.update(level=models.F("depth"))


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0004_action_due_template'),
    ]

    operations = [
        migrations.AddField(
            model_name='plan',
            name='numbering',
            field=models.CharField(choices=[('generated', 'Numbered by level (一、 (一) 1. ...)'), ('as_written', 'Numbers kept as written (1.1, 2., (一) ...)')], default='generated', help_text="Number the items by their level's style and place, or keep the numbers the plan writes.", max_length=10, verbose_name='numbering'),
        ),
        migrations.AddField(
            model_name='plannode',
            name='level',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='level'),
        ),
        migrations.AddField(
            model_name='plannode',
            name='number',
            field=models.CharField(blank=True, max_length=20, verbose_name='number as written'),
        ),
        migrations.RunPython(level_is_depth, migrations.RunPython.noop),
    ]
