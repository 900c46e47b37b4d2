"""The default (every organisation) templates of the progress-reporting messages. Created
only where no default exists yet, so an administrator's change is left alone. The texts
are frozen here on purpose."""

from django.db import migrations

from minfu.notify.default_templates import add_defaults

_SIGNATURE_ZH = ("\n\n{{ organisation_name }}為民服務任務編組\n"
                 "（本信由系統自動寄出，請勿直接回覆。）")
_SIGNATURE_EN = ("\n\n{{ organisation_name }} service-quality task force\n"
                 "(This message was sent automatically; please do not reply to it.)")

# (event, channel): (subject_zh, body_zh, subject_en, body_en)
TEMPLATES = {
    ("plans.reports_requested", "email"): (
        "執行進度填報通知：{{ plan_title }}{{ period_label }}",
        "{{ recipient_name }} 您好：\n\n"
        "「{{ plan_title }}」{{ period_label }}執行進度開始填報，{{ unit_name }}計有 "
        "{{ report_count }} 項，請於{{ due_on|roc_date }}前填報並送出：{{ period_url }}"
        + _SIGNATURE_ZH,
        "Progress reports requested: {{ plan_title }}, {{ period_label }}",
        "Dear {{ recipient_name }},\n\n"
        "Progress reports on \"{{ plan_title }}\" for {{ period_label }} are open. "
        "{{ unit_name }} has {{ report_count }} to write and submit by "
        "{{ due_on|roc_date }}: {{ period_url }}" + _SIGNATURE_EN,
    ),
    ("plans.reports_due_soon", "email"): (
        "執行進度填報即將截止：{{ plan_title }}{{ period_label }}",
        "{{ recipient_name }} 您好：\n\n"
        "「{{ plan_title }}」{{ period_label }}執行進度填報將於{{ due_on|roc_date }}截止，"
        "{{ unit_name }}尚有 {{ report_count }} 項未送出，請儘速填報：{{ period_url }}"
        + _SIGNATURE_ZH,
        "Progress reports due soon: {{ plan_title }}, {{ period_label }}",
        "Dear {{ recipient_name }},\n\n"
        "Progress reports on \"{{ plan_title }}\" for {{ period_label }} are due on "
        "{{ due_on|roc_date }}; {{ unit_name }} has {{ report_count }} not yet submitted: "
        "{{ period_url }}" + _SIGNATURE_EN,
    ),
    ("plans.reports_overdue", "email"): (
        "執行進度填報逾期：{{ plan_title }}{{ period_label }}",
        "{{ recipient_name }} 您好：\n\n"
        "「{{ plan_title }}」{{ period_label }}執行進度應於{{ due_on|roc_date }}前填報，"
        "已逾期 {{ days_overdue }} 日，{{ unit_name }}尚有 {{ report_count }} 項未送出，"
        "請儘速填報：{{ period_url }}" + _SIGNATURE_ZH,
        "Overdue progress reports: {{ plan_title }}, {{ period_label }}",
        "Dear {{ recipient_name }},\n\n"
        "Progress reports on \"{{ plan_title }}\" for {{ period_label }} were due on "
        "{{ due_on|roc_date }} and are {{ days_overdue }} days overdue; {{ unit_name }} has "
        "{{ report_count }} not yet submitted: {{ period_url }}" + _SIGNATURE_EN,
    ),
    ("plans.report_returned", "email"): (
        "執行進度填報退回：{{ plan_title }}{{ period_label }}",
        "{{ recipient_name }} 您好：\n\n"
        "{{ unit_name }}填報「{{ action_text }}」之執行進度經審核退回，意見如下：\n"
        "{{ comment }}\n\n請修正後重新送出：{{ report_url }}" + _SIGNATURE_ZH,
        "Progress report returned: {{ plan_title }}, {{ period_label }}",
        "Dear {{ recipient_name }},\n\n"
        "The progress report of {{ unit_name }} on \"{{ action_text }}\" was returned:\n"
        "{{ comment }}\n\nPlease correct it and submit it again: {{ report_url }}"
        + _SIGNATURE_EN,
    ),
}


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0001_initial"),
        ("notify", "0002_default_case_templates"),
    ]

    operations = [
        add_defaults(TEMPLATES),
    ]
