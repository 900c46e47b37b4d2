import django.db.models.deletion
import re

from django.db import migrations, models


# The sections every plan printed before sections were data, in their order.
USUAL = (("計畫依據", "basis"), ("計畫目標", "objectives"), ("執行單位", "units"),
         ("執行策略及方法", "tree"), ("重點指標", "indicators"))
_NUMBER = re.compile(r"^\s*(?:[壹貳參肆伍陸柒捌玖拾]+、|[一二三四五六七八九十]+、)\s*")


def closing_blocks(text: str) -> list[list[str]]:
    """The closing sections as they were kept: blocks separated by a blank line, each its
    heading on the first line, then its paragraphs."""
    blocks = []
    for block in (text or "").split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines:
            blocks.append(lines)
    return blocks


def sections_from_fields(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    PlanSection = apps.get_model("plans", "PlanSection")
    for plan in Plan.objects.all():
        sections = [PlanSection(plan=plan, position=position, heading=heading, kind=kind)
                    for position, (heading, kind) in enumerate(USUAL, start=1)]
        for position, lines in enumerate(closing_blocks(plan.closing_sections),
                                         start=len(USUAL) + 1):
            sections.append(PlanSection(plan=plan, position=position,
                                        heading=_NUMBER.sub("", lines[0])[:100],
                                        paragraphs="\n".join(lines[1:]), kind="text"))
        PlanSection.objects.bulk_create(sections)


def fields_from_sections(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    for plan in Plan.objects.all():
        blocks = ["\n".join([section.heading, section.paragraphs]).strip()
                  for section in plan.sections.filter(kind="text").order_by("position")]
        plan.closing_sections = "\n\n".join(blocks)
        plan.save(update_fields=["closing_sections"])


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0008_revisions'),
    ]

    operations = [
        migrations.AddField(
            model_name='plan',
            name='layout',
            field=models.CharField(choices=[('columns', 'A table with one column per level'), ('headings', 'Nested headings, for deep plans')], default='columns', help_text='How the printed plan sets out its items.', max_length=10, verbose_name='printed layout'),
        ),
        migrations.CreateModel(
            name='PlanSection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveIntegerField(default=1, verbose_name='position')),
                ('heading', models.CharField(blank=True, help_text='Without its number: the plan numbers its sections.', max_length=100, verbose_name='heading')),
                ('kind', models.CharField(choices=[('basis', 'The basis (directives)'), ('objectives', 'The objectives'), ('units', 'The executing units'), ('tree', 'The items of the plan'), ('indicators', 'The key indicators'), ('text', 'Paragraphs and a table')], default='text', max_length=12, verbose_name='content')),
                ('paragraphs', models.TextField(blank=True, help_text='One paragraph per line.', verbose_name='paragraphs')),
                ('table', models.JSONField(blank=True, default=list, help_text='Rows of cells, the first row the header.', verbose_name='table')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sections', to='plans.plan', verbose_name='plan')),
            ],
            options={
                'verbose_name': 'plan section',
                'verbose_name_plural': 'plan sections',
                'ordering': ['plan', 'position', 'id'],
            },
        ),
        migrations.RunPython(sections_from_fields, fields_from_sections),
        migrations.RemoveField(
            model_name='plan',
            name='closing_sections',
        ),
    ]
