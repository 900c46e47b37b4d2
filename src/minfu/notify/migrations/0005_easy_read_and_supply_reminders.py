"""Default templates for issue 19: the easy-read variants (`<event>.easy_read`) of the
notices an applicant who asked for easy-read replies gets (records.assistance), the
reminders before and on a supply-by date (`case.supply_reminder`), and the officers'
digest, which now also lists the paused applications whose supply-by date has passed.
Frozen texts, added where no default exists, replaced only where still as shipped."""

from django.db import migrations

from minfu.notify.default_templates import add_defaults, replace_defaults

SIGNATURE = "\n\n{{ organisation_name }}\n（本信由系統自動寄出，請勿直接回覆。）"
SIGNATURE_EN = ("\n\n{{ organisation_name }}\n"
                "(This message was sent automatically; please do not reply to it.)")
HELP = "\n\n有問題可以打電話問我們，或到櫃檯找我們。"
HELP_EN = "\n\nIf something is not clear, call us or come to our counter."

# (event, channel): (subject_zh, body_zh, subject_en, body_en)
TEMPLATES = {
    ("case.received.easy_read", "email"): (
        "我們收到您的申請了",
        "{{ recipient_name }} 您好：\n\n"
        "我們收到您的申請了。\n\n"
        "申請什麼：{{ service_name }}\n"
        "案號：{{ case_number }}\n"
        "{% if access_code %}查詢碼：{{ access_code }}\n"
        "請留好案號和查詢碼。上網查進度時要用。\n{% endif %}"
        "我們最晚在{{ due_on|roc_date }}前給您答覆。\n\n"
        "上網查進度：{{ lookup_url }}" + HELP + SIGNATURE,
        "We have your application",
        "Dear {{ recipient_name }},\n\n"
        "We have your application.\n\n"
        "What you asked for: {{ service_name }}\n"
        "Number: {{ case_number }}\n"
        "{% if access_code %}Access code: {{ access_code }}\n"
        "Keep the number and the code. You need them to see how it goes.\n{% endif %}"
        "We will answer by {{ due_on|roc_date }} at the latest.\n\n"
        "See how it goes: {{ lookup_url }}" + HELP_EN + SIGNATURE_EN,
    ),
    ("case.deficiency_notice.easy_read", "email"): (
        "請補給我們文件（案號 {{ case_number }}）",
        "{{ recipient_name }} 您好：\n\n"
        "您申請「{{ service_name }}」，還少了下面的文件：\n\n"
        "{% for item in missing_items %}- {{ item.name }}{% if item.note %}：{{ item.note }}"
        "{% endif %}\n{% endfor %}\n"
        "請在{{ supply_by|roc_date }}前補給我們。\n"
        "可以上網補，也可以拿到櫃檯。\n"
        "在您補好之前，我們先暫停辦理。\n\n"
        "上網補件：{{ lookup_url }}" + HELP + SIGNATURE,
        "Please send us documents (no. {{ case_number }})",
        "Dear {{ recipient_name }},\n\n"
        "For your application \"{{ service_name }}\" we still need:\n\n"
        "{% for item in missing_items %}- {{ item.name }}{% if item.note %}: {{ item.note }}"
        "{% endif %}\n{% endfor %}\n"
        "Please send them by {{ supply_by|roc_date }}.\n"
        "You can send them online or bring them to our counter.\n"
        "We wait until you send them.\n\n"
        "Send them online: {{ lookup_url }}" + HELP_EN + SIGNATURE_EN,
    ),
    ("case.decided.easy_read", "email"): (
        "您的申請有結果了（案號 {{ case_number }}）",
        "{{ recipient_name }} 您好：\n\n"
        "您申請「{{ service_name }}」，結果是：{{ outcome }}。\n"
        "{% if note %}\n說明：{{ note }}\n{% endif %}"
        "{% if appeal_days %}\n如果您不同意，可以在收到後{{ appeal_days }}天內提出訴願。"
        "我們可以告訴您怎麼做。\n{% endif %}" + HELP + SIGNATURE,
        "Your application has an answer (no. {{ case_number }})",
        "Dear {{ recipient_name }},\n\n"
        "Your application \"{{ service_name }}\": {{ outcome }}.\n"
        "{% if note %}\nWhy: {{ note }}\n{% endif %}"
        "{% if appeal_days %}\nIf you do not agree, you can appeal within {{ appeal_days }} "
        "days after you get this answer. We can tell you how.\n{% endif %}"
        + HELP_EN + SIGNATURE_EN,
    ),
    ("case.supply_reminder", "email"): (
        "{% if due_today %}今天是補正期限{% else %}補正期限將屆{% endif %}（案號 {{ case_number }}）",
        "{{ recipient_name }} 您好：\n\n"
        "您申請的「{{ service_name }}」（案號 {{ case_number }}）尚待補正下列文件，"
        "{% if due_today %}補正期限為今日（{{ supply_by|roc_date }}）{% else %}"
        "補正期限為{{ supply_by|roc_date }}，尚餘{{ working_days_left }}個工作天{% endif %}：\n\n"
        "{% for item in missing_items %}- {{ item.name }}{% if item.note %}：{{ item.note }}"
        "{% endif %}\n{% endfor %}\n"
        "逾期未補正者，本機關得依現有資料審查或駁回申請。"
        "請於期限內上網補件或送至本機關櫃檯。\n查詢網址：{{ lookup_url }}" + SIGNATURE,
        "{% if due_today %}Documents due today{% else %}Documents due soon{% endif %} "
        "(no. {{ case_number }})",
        "Dear {{ recipient_name }},\n\n"
        "Your application \"{{ service_name }}\" (no. {{ case_number }}) still needs the "
        "documents below, "
        "{% if due_today %}by today ({{ supply_by|roc_date }}){% else %}by "
        "{{ supply_by|roc_date }}, {{ working_days_left }} working day(s) from now{% endif %}:"
        "\n\n{% for item in missing_items %}- {{ item.name }}{% if item.note %}: "
        "{{ item.note }}{% endif %}\n{% endfor %}\n"
        "If they do not arrive in time, we may decide on the documents we have or refuse "
        "the application. Send them online or bring them to our counter.\n"
        "Follow your application at {{ lookup_url }}" + SIGNATURE_EN,
    ),
    ("case.supply_reminder", "sms"): (
        "", "{{ organisation_name }}：案號{{ case_number }}請於{{ supply_by|roc_short }}前補正"
            "文件，逾期得依現有資料審查或駁回。{{ lookup_url }}",
        "", "{{ organisation_name }}: application {{ case_number }} needs documents by "
            "{{ supply_by|roc_short }}. {{ lookup_url }}",
    ),
    ("case.supply_reminder.easy_read", "email"): (
        "請記得補文件（案號 {{ case_number }}）",
        "{{ recipient_name }} 您好：\n\n"
        "您申請「{{ service_name }}」，還少了下面的文件：\n\n"
        "{% for item in missing_items %}- {{ item.name }}\n{% endfor %}\n"
        "{% if due_today %}今天（{{ supply_by|roc_date }}）是最後一天。{% else %}"
        "請在{{ supply_by|roc_date }}前補給我們。{% endif %}\n"
        "沒有補的話，我們可能只能用現在的文件辦，或不能核准。\n\n"
        "上網補件：{{ lookup_url }}" + HELP + SIGNATURE,
        "Please remember the documents (no. {{ case_number }})",
        "Dear {{ recipient_name }},\n\n"
        "For your application \"{{ service_name }}\" we still need:\n\n"
        "{% for item in missing_items %}- {{ item.name }}\n{% endfor %}\n"
        "{% if due_today %}Today ({{ supply_by|roc_date }}) is the last day.{% else %}"
        "Please send them by {{ supply_by|roc_date }}.{% endif %}\n"
        "If you do not, we may have to decide with what we have, or say no.\n\n"
        "Send them online: {{ lookup_url }}" + HELP_EN + SIGNATURE_EN,
    ),
}

# The digest as 0002 shipped it, and as it reads now.
DIGEST_0002 = {("case.officer_digest", "email"): (
    "{{ on|roc_short }} 即將到期案件（{{ cases|length }} 件）",
    "{{ recipient_name }} 您好：\n\n"
    "下列您承辦的案件將於兩個工作天內（{{ horizon|roc_date }}前）到期或已逾期：\n\n"
    "{% for case in cases %}- {{ case.number }} {{ case.service_name }}，"
    "期限{{ case.due_on|roc_short }}{% if case.overdue %}（已逾期）{% endif %}\n"
    "{% endfor %}\n案件清單：{{ workbench_url }}",
    "Applications due by {{ horizon|roc_date }} ({{ cases|length }})",
    "Dear {{ recipient_name }},\n\n"
    "These applications you handle are due within two working days (by "
    "{{ horizon|roc_date }}) or are overdue:\n\n"
    "{% for case in cases %}- {{ case.number }} {{ case.service_name }}, due "
    "{{ case.due_on|roc_short }}{% if case.overdue %} (overdue){% endif %}\n"
    "{% endfor %}\nYour cases: {{ workbench_url }}",
)}
DIGEST = {("case.officer_digest", "email"): (
    "{{ on|roc_short }} 待辦案件（即將到期 {{ cases|length }} 件"
    "{% if supply_lapsed %}、補正逾期 {{ supply_lapsed|length }} 件{% endif %}）",
    "{{ recipient_name }} 您好：\n\n"
    "{% if cases %}下列您承辦的案件將於兩個工作天內（{{ horizon|roc_date }}前）到期或已逾期：\n\n"
    "{% for case in cases %}- {{ case.number }} {{ case.service_name }}，"
    "期限{{ case.due_on|roc_short }}{% if case.overdue %}（已逾期）{% endif %}\n"
    "{% endfor %}\n{% endif %}"
    "{% if supply_lapsed %}下列案件補正期限已過，申請人尚未補正，請決定："
    "依現有資料逕行審查、駁回申請，或受理逾期送達之文件：\n\n"
    "{% for case in supply_lapsed %}- {{ case.number }} {{ case.service_name }}，"
    "補正期限{{ case.supply_by|roc_short }}\n{% endfor %}\n{% endif %}"
    "案件清單：{{ workbench_url }}",
    "Applications to act on, {{ on|roc_short }}",
    "Dear {{ recipient_name }},\n\n"
    "{% if cases %}These applications you handle are due within two working days (by "
    "{{ horizon|roc_date }}) or are overdue:\n\n"
    "{% for case in cases %}- {{ case.number }} {{ case.service_name }}, due "
    "{{ case.due_on|roc_short }}{% if case.overdue %} (overdue){% endif %}\n"
    "{% endfor %}\n{% endif %}"
    "{% if supply_lapsed %}The supply-by date of these applications has passed without "
    "the documents. Decide: review on the record as it is, refuse the application, or "
    "accept the documents if they arrive late:\n\n"
    "{% for case in supply_lapsed %}- {{ case.number }} {{ case.service_name }}, supply by "
    "{{ case.supply_by|roc_short }}\n{% endfor %}\n{% endif %}"
    "Your cases: {{ workbench_url }}",
)}


def _digest(apps, schema_editor):
    replace_defaults(apps, DIGEST_0002, DIGEST)


class Migration(migrations.Migration):

    dependencies = [("notify", "0004_redact_access_codes")]

    operations = [
        add_defaults(TEMPLATES),
        migrations.RunPython(_digest, migrations.RunPython.noop),
    ]
