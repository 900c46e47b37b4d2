"""The default (every organisation) template of the reminder that an action falls due on
one of the days its deadline implies. Created only where no default exists yet; the
texts are frozen here on purpose."""

from django.db import migrations

from minfu.notify.default_templates import add_defaults

_SIGNATURE_ZH = ("\n\n{{ organisation_name }}為民服務任務編組\n"
                 "（本信由系統自動寄出，請勿直接回覆。）")
_SIGNATURE_EN = ("\n\n{{ organisation_name }} service-quality task force\n"
                 "(This message was sent automatically; please do not reply to it.)")

TEMPLATES = {
    ("plans.action_due_soon", "email"): (
        "執行計畫工作項目即將到期：{{ action_text|truncatechars:30 }}",
        "{{ recipient_name }} 您好：\n\n"
        "「{{ plan_title }}」之工作項目「{{ action_text }}」（完成期限：{{ deadline }}）"
        "將於{{ due_on|roc_date }}到期，{{ unit_name }}為執行單位，請依限辦理並填報執行情形："
        "{{ plan_url }}" + _SIGNATURE_ZH,
        "Plan action due soon: {{ action_text|truncatechars:30 }}",
        "Dear {{ recipient_name }},\n\n"
        "The action \"{{ action_text }}\" of \"{{ plan_title }}\" (deadline: {{ deadline }}) "
        "falls due on {{ due_on|roc_date }}; {{ unit_name }} is responsible for it. Please "
        "carry it out and report on it: {{ plan_url }}" + _SIGNATURE_EN,
    ),
}


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0003_deadline_phrases"),
        ("notify", "0002_default_case_templates"),
    ]

    operations = [
        add_defaults(TEMPLATES),
    ]
