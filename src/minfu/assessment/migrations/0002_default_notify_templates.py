"""The default (every organisation) template of the overdue improvement item message.
Created only where no default exists yet, so an administrator's change is left alone.
The texts are frozen here on purpose."""

from django.db import migrations

from minfu.notify.default_templates import add_defaults

# (event, channel): (subject_zh, body_zh, subject_en, body_en)
TEMPLATES = {
    ("assessment.item_overdue", "email"): (
        "列管事項逾期提醒：{{ item_title }}",
        "{{ recipient_name }} 您好：\n\n"
        "{{ unit_name }}列管之改善事項「{{ item_title }}」應於{{ due_on|roc_date }}前回復，"
        "目前已逾期 {{ days_overdue }} 日（狀態：{{ status }}）。\n"
        "請儘速辦理並回復改善情形及佐證資料：{{ item_url }}\n\n"
        "{{ organisation_name }}為民服務任務編組\n（本信由系統自動寄出，請勿直接回覆。）",
        "Overdue improvement item: {{ item_title }}",
        "Dear {{ recipient_name }},\n\n"
        "The improvement item \"{{ item_title }}\" of {{ unit_name }} was due for a reply on "
        "{{ due_on|roc_date }} and is {{ days_overdue }} days overdue (status: {{ status }}).\n"
        "Please reply with the improvements and the evidence: {{ item_url }}\n\n"
        "{{ organisation_name }} service-quality task force\n"
        "(This message was sent automatically; please do not reply to it.)",
    ),
}


class Migration(migrations.Migration):

    dependencies = [
        ("assessment", "0001_initial"),
        ("notify", "0002_default_case_templates"),
    ]

    operations = [
        add_defaults(TEMPLATES),
    ]
