"""The e-mail a judge receives when an award entry is assigned to them."""

from django.db import migrations

from minfu.notify.default_templates import add_defaults

SIGNATURE_ZH = "{{ organisation_name }}服務獎評審作業小組\n（本信由系統自動寄出，請勿直接回覆。）"
SIGNATURE_EN = ("{{ organisation_name }} service award secretariat\n"
                "(This message was sent automatically; please do not reply to it.)")

TEMPLATES = {
    ("assessment.award_judge_assigned", "email"): (
        "評審案件分派：{{ round_title }}{{ stage_name }}－{{ entry_name }}",
        "{{ recipient_name }} 委員您好：\n\n"
        "{% if replaces %}因原分派委員利益迴避，{% endif %}"
        "「{{ round_title }}」{{ stage_name }}分派「{{ entry_name }}」由您評審。\n"
        "請先聲明有無利益衝突，再檢視資料並評分"
        "{% if ends_on %}，本階段於{{ ends_on|roc_date }}截止{% endif %}。\n"
        "評審頁面：{{ judging_url }}\n\n" + SIGNATURE_ZH,
        "Award entry to judge: {{ round_title }}, {{ stage_name }}: {{ entry_name }}",
        "Dear {{ recipient_name }},\n\n"
        "{% if replaces %}A judge declared a conflict of interest, so {% endif %}"
        "\"{{ entry_name }}\" in {{ stage_name }} of \"{{ round_title }}\" is assigned to you.\n"
        "Please first declare whether you have a conflict of interest, then review and score "
        "it{% if ends_on %}; the stage ends on {{ ends_on|roc_date }}{% endif %}.\n"
        "Judging page: {{ judging_url }}\n\n" + SIGNATURE_EN,
    ),
}


class Migration(migrations.Migration):
    dependencies = [("assessment", "0006_award_categories_stages_judges"),
                    ("notify", "0002_default_case_templates")]

    operations = [add_defaults(TEMPLATES)]
