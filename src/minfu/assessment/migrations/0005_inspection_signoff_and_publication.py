"""Inspection reports are signed off (submitted, reviewed, approved) before the inspected
party is told, and an approved result can be published in a summary form. Inspections
whose result was recorded before sign-off existed ("finalised") become approved, with
their total, tier, reply date and day of recording kept; the reverse migration makes
approved ones finalised again and any report still in sign-off planned. The default
message templates of the sign-off are added where none exists (texts frozen here)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from minfu.notify.default_templates import add_defaults

SIGNATURE_ZH = "{{ organisation_name }}為民服務任務編組\n（本信由系統自動寄出，請勿直接回覆。）"
SIGNATURE_EN = ("{{ organisation_name }} service-quality task force\n"
                "(This message was sent automatically; please do not reply to it.)")

# (event, channel): (subject_zh, body_zh, subject_en, body_en)
TEMPLATES = {
    ("assessment.inspection_signoff_requested", "email"): (
        '考核報告待{% if awaiting == "approval" %}核定{% else %}審核{% endif %}：{{ inspection_title }}',
        "{{ recipient_name }} 您好：\n\n"
        "「{{ inspection_title }}」（受考核：{{ inspected_name }}，{{ inspected_on|roc_date }}）"
        "之考核報告已送請{% if awaiting == \"approval\" %}核定{% else %}審核{% endif %}（總分 {{ total }}，等第 {{ tier }}）。\n"
        "{% if comment %}意見：{{ comment }}\n{% endif %}"
        "請至下列網址辦理：{{ inspection_url }}\n\n" + SIGNATURE_ZH,
        'Inspection report awaiting your {% if awaiting == "approval" %}approval{% else %}review{% endif %}: {{ inspection_title }}',
        "Dear {{ recipient_name }},\n\n"
        "The report of \"{{ inspection_title }}\" ({{ inspected_name }}, "
        "{{ inspected_on|roc_date }}) awaits your {% if awaiting == \"approval\" %}approval{% else %}review{% endif %} (total {{ total }}, "
        "tier {{ tier }}).\n{% if comment %}Comment: {{ comment }}\n{% endif %}"
        "Please open it here: {{ inspection_url }}\n\n" + SIGNATURE_EN,
    ),
    ("assessment.inspection_returned", "email"): (
        "考核報告退回修正：{{ inspection_title }}",
        "{{ recipient_name }} 您好：\n\n"
        "您送出的「{{ inspection_title }}」考核報告經{{ returned_by }}退回，理由如下：\n"
        "{{ comment }}\n\n請修正後再送：{{ inspection_url }}\n\n" + SIGNATURE_ZH,
        "Inspection report returned: {{ inspection_title }}",
        "Dear {{ recipient_name }},\n\n"
        "The report of \"{{ inspection_title }}\" you submitted was returned by "
        "{{ returned_by }} with this reason:\n{{ comment }}\n\n"
        "Please correct it and submit it again: {{ inspection_url }}\n\n" + SIGNATURE_EN,
    ),
    ("assessment.inspection_approved", "email"): (
        "考核結果通知：{{ inspection_title }}",
        "{{ recipient_name }} 您好：\n\n"
        "{{ inspected_name }}於{{ inspected_on|roc_date }}接受之「{{ inspection_title }}」，"
        "考核報告業經核定：總分 {{ total }}，等第 {{ tier }}。\n"
        "{% if improvement_required %}總分未達標準，應提出改善計畫。\n{% endif %}"
        "{% if item_count %}列管改善事項 {{ item_count }} 項，"
        "請於{{ reply_due_on|roc_date }}前回復改善情形及佐證資料。\n{% endif %}"
        "考核報告（PDF）：{{ report_url }}\n考核紀錄：{{ inspection_url }}\n\n" + SIGNATURE_ZH,
        "Inspection result: {{ inspection_title }}",
        "Dear {{ recipient_name }},\n\n"
        "The report of \"{{ inspection_title }}\" ({{ inspected_name }}, "
        "{{ inspected_on|roc_date }}) is approved: total {{ total }}, tier {{ tier }}.\n"
        "{% if improvement_required %}The total is under the threshold: an improvement "
        "plan is required.\n{% endif %}"
        "{% if item_count %}{{ item_count }} improvement items are tracked; please reply "
        "with the improvements and the evidence by {{ reply_due_on|roc_date }}.\n{% endif %}"
        "Report (PDF): {{ report_url }}\nInspection: {{ inspection_url }}\n\n" + SIGNATURE_EN,
    ),
}


def finalised_to_approved(apps, schema_editor):
    Inspection = apps.get_model("assessment", "Inspection")
    Inspection.objects.filter(state="finalised").update(state="approved")


def approved_to_finalised(apps, schema_editor):
    Inspection = apps.get_model("assessment", "Inspection")
    Inspection.objects.filter(state="approved").update(state="finalised")
    Inspection.objects.filter(state__in=["submitted", "reviewed", "returned"]).update(
        state="planned", total=None, tier="", improvement_required=False)


class Migration(migrations.Migration):

    dependencies = [
        ('assessment', '0004_follow_up_items'),
        ("notify", "0002_default_case_templates"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='inspection',
            name='approver',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approving official'),
        ),
        migrations.AddField(
            model_name='inspection',
            name='notified_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='inspected party notified at'),
        ),
        migrations.AddField(
            model_name='inspection',
            name='submitted_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='report submitted by'),
        ),
        migrations.AddField(
            model_name='inspection',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='report reviewed by'),
        ),
        migrations.AlterField(
            model_name='inspection',
            name='finalised_on',
            field=models.DateField(blank=True, null=True, verbose_name='report approved on'),
        ),
        migrations.AlterField(
            model_name='inspection',
            name='state',
            field=models.CharField(choices=[('planned', 'Planned'), ('submitted', 'Report awaiting review'), ('reviewed', 'Report awaiting approval'), ('returned', 'Report returned for correction'), ('approved', 'Report approved')], default='planned', max_length=12, verbose_name='state'),
        ),
        migrations.CreateModel(
            name='SignoffEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('step', models.CharField(max_length=12, verbose_name='step')),
                ('from_state', models.CharField(choices=[('planned', 'Planned'), ('submitted', 'Report awaiting review'), ('reviewed', 'Report awaiting approval'), ('returned', 'Report returned for correction'), ('approved', 'Report approved')], max_length=12, verbose_name='from state')),
                ('to_state', models.CharField(choices=[('planned', 'Planned'), ('submitted', 'Report awaiting review'), ('reviewed', 'Report awaiting approval'), ('returned', 'Report returned for correction'), ('approved', 'Report approved')], max_length=12, verbose_name='to state')),
                ('at', models.DateTimeField(verbose_name='at')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('actor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('inspection', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signoff', to='assessment.inspection', verbose_name='inspection')),
            ],
            options={
                'verbose_name': 'sign-off step',
                'verbose_name_plural': 'sign-off steps',
                'ordering': ['inspection', 'at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='InspectionPublication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('title_zh', models.CharField(max_length=200, verbose_name='public title (Chinese)')),
                ('title_en', models.CharField(blank=True, max_length=200, verbose_name='public title (English)')),
                ('show_total', models.BooleanField(default=True, verbose_name='show the total and the tier')),
                ('show_sections', models.BooleanField(default=False, verbose_name='show the score of each section')),
                ('strengths_zh', models.TextField(blank=True, verbose_name='strengths (Chinese)')),
                ('strengths_en', models.TextField(blank=True, verbose_name='strengths (English)')),
                ('findings_zh', models.TextField(blank=True, verbose_name='findings and improvements (Chinese)')),
                ('findings_en', models.TextField(blank=True, verbose_name='findings and improvements (English)')),
                ('is_published', models.BooleanField(default=False, verbose_name='published')),
                ('published_on', models.DateField(blank=True, null=True, verbose_name='published on')),
                ('unpublished_on', models.DateField(blank=True, null=True, verbose_name='withdrawn on')),
                ('inspection', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='publication', to='assessment.inspection', verbose_name='inspection')),
            ],
            options={
                'verbose_name': 'published inspection result',
                'verbose_name_plural': 'published inspection results',
                'ordering': ['-published_on', '-id'],
                'indexes': [models.Index(fields=['is_published', 'published_on'], name='assessment__is_publ_9dedfc_idx')],
            },
        ),
        migrations.RunPython(finalised_to_approved, approved_to_finalised),
        add_defaults(TEMPLATES),
    ]
