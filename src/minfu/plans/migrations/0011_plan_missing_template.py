"""The default (every organisation) template of the ministry's reminder to an agency
that has not published its plan for the year. Created only where no default exists yet;
the texts are frozen here on purpose."""

from django.db import migrations

from minfu.notify.default_templates import add_defaults

_SIGNATURE_ZH = ("\n\n{{ ministry_name }}\n"
                 "（本信由系統自動寄出，請勿直接回覆。）")
_SIGNATURE_EN = ("\n\n{{ ministry_name }}\n"
                 "(This message was sent automatically; please do not reply to it.)")

TEMPLATES = {
    ("plans.plan_missing", "email"): (
        "請儘速公布{{ year }}年度執行計畫：{{ organisation_name }}",
        "{{ recipient_name }} 您好：\n\n"
        "依「{{ programme_title }}」，各機關應於{{ due_on|roc_date }}前訂定並公布"
        "{{ year }}年度提升服務執行計畫。{{ organisation_name }}之計畫尚未公布，"
        "請儘速辦理：{{ plans_url }}" + _SIGNATURE_ZH,
        "Please publish your plan for {{ year }}: {{ organisation_name }}",
        "Dear {{ recipient_name }},\n\n"
        "Under \"{{ programme_title }}\", each agency publishes its service-improvement plan "
        "for the year by {{ due_on|roc_date }}. The plan of {{ organisation_name }} for ROC "
        "year {{ year }} is not published yet; please publish it: {{ plans_url }}"
        + _SIGNATURE_EN,
    ),
}


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0010_programme_deadline"),
        ("notify", "0002_default_case_templates"),
    ]

    operations = [
        add_defaults(TEMPLATES),
    ]
