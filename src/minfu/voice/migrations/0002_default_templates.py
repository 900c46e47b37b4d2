"""The default (every organisation) templates of the notices to petitioners. Created only
where no default exists yet, so a default an administrator changed is left alone. The
texts are frozen here on purpose."""

from django.db import migrations

from minfu.notify.default_templates import add_defaults

LOOKUP = "查詢網址：{{ lookup_url }}"
LOOKUP_EN = "Follow your case at {{ lookup_url }}"
SIGNATURE = "\n\n{{ organisation_name }} 敬啟\n（本信由系統自動寄出，請勿直接回覆。）"
SIGNATURE_EN = ("\n\nYours sincerely,\n{{ organisation_name }}\n"
                "(This message was sent automatically; please do not reply to it.)")

# (event, channel): (subject_zh, body_zh, subject_en, body_en)
TEMPLATES = {
    ("petition.received", "email"): (
        "陳情案件收件通知（案號 {{ petition_number }}）",
        "{{ recipient_name }} 您好：\n\n"
        "本機關已收到您的來信「{{ subject }}」，案號為 {{ petition_number }}。\n"
        "{% if access_code %}查詢碼：{{ access_code }}（請妥善保存，查詢進度時需要）\n{% endif %}"
        "我們將於{{ due_on|roc_date }}前答覆您；如需延長，將另行通知並說明理由。\n"
        + LOOKUP + SIGNATURE,
        "We received your message (no. {{ petition_number }})",
        "Dear {{ recipient_name }},\n\n"
        "We received your message \"{{ subject }}\". Its number is {{ petition_number }}.\n"
        "{% if access_code %}Access code: {{ access_code }} (keep it; you need it to "
        "follow the case)\n{% endif %}"
        "We will reply by {{ due_on|roc_date }}; if we need longer, we will tell you why.\n\n"
        + LOOKUP_EN + SIGNATURE_EN,
    ),
    ("petition.received", "sms"): (
        "", "{{ organisation_name }}已收到您的陳情，案號{{ petition_number }}，"
            "預計{{ due_on|roc_short }}前答覆。",
        "", "{{ organisation_name }}: message {{ petition_number }} received; reply by "
            "{{ due_on|roc_short }}.",
    ),
    ("petition.extended", "email"): (
        "陳情案件延長處理通知（案號 {{ petition_number }}）",
        "{{ recipient_name }} 您好：\n\n"
        "您的陳情「{{ subject }}」（案號 {{ petition_number }}）因{{ reason }}，"
        "無法於{{ previous_due_on|roc_date }}前處理完畢，"
        "處理期限延長至{{ due_on|roc_date }}，敬請見諒。\n" + LOOKUP + SIGNATURE,
        "More time needed for your message {{ petition_number }}",
        "Dear {{ recipient_name }},\n\n"
        "We cannot finish handling your message \"{{ subject }}\" (no. {{ petition_number }}) "
        "by {{ previous_due_on|roc_date }} because: {{ reason }}. We will reply by "
        "{{ due_on|roc_date }}.\n\n" + LOOKUP_EN + SIGNATURE_EN,
    ),
    ("petition.extended", "sms"): (
        "", "{{ organisation_name }}：陳情案{{ petition_number }}延長至{{ due_on|roc_short }}"
            "答覆，理由：{{ reason }}",
        "", "{{ organisation_name }}: reply to {{ petition_number }} extended to "
            "{{ due_on|roc_short }}: {{ reason }}",
    ),
    ("petition.not_handled", "email"): (
        "陳情案件處理結果通知（案號 {{ petition_number }}）",
        "{{ recipient_name }} 您好：\n\n"
        "您的陳情「{{ subject }}」（案號 {{ petition_number }}）已登錄，惟依行政程序法"
        "第173條，因「{{ ground }}」，本機關不予處理。"
        "{% if note %}\n說明：{{ note }}{% endif %}\n" + LOOKUP + SIGNATURE,
        "About your message {{ petition_number }}",
        "Dear {{ recipient_name }},\n\n"
        "Your message \"{{ subject }}\" (no. {{ petition_number }}) has been registered. "
        "Under article 173 of the Administrative Procedure Act we will not handle it further "
        "for this reason: {{ ground }}.{% if note %}\nNote: {{ note }}{% endif %}\n\n"
        + LOOKUP_EN + SIGNATURE_EN,
    ),
    ("petition.not_handled", "sms"): (
        "", "{{ organisation_name }}：陳情案{{ petition_number }}依行政程序法第173條不予處理"
            "（{{ ground }}）。",
        "", "{{ organisation_name }}: message {{ petition_number }} will not be handled "
            "({{ ground }}).",
    ),
    ("petition.transferred", "email"): (
        "陳情案件移送通知（案號 {{ petition_number }}）",
        "{{ recipient_name }} 您好：\n\n"
        "您的陳情「{{ subject }}」（案號 {{ petition_number }}）非屬本機關權責，"
        "依行政程序法第172條已移送{{ to_authority }}處理（{{ reason }}）。"
        "{% if new_number %}該機關案號為 {{ new_number }}。{% endif %}\n"
        + LOOKUP + SIGNATURE,
        "Your message {{ petition_number }} was sent to {{ to_authority }}",
        "Dear {{ recipient_name }},\n\n"
        "Your message \"{{ subject }}\" (no. {{ petition_number }}) is a matter for "
        "{{ to_authority }}; under article 172 of the Administrative Procedure Act we have "
        "sent it to them ({{ reason }}).{% if new_number %} Their number is "
        "{{ new_number }}.{% endif %}\n\n" + LOOKUP_EN + SIGNATURE_EN,
    ),
    ("petition.transferred", "sms"): (
        "", "{{ organisation_name }}：陳情案{{ petition_number }}已移送{{ to_authority }}處理。",
        "", "{{ organisation_name }}: message {{ petition_number }} sent to "
            "{{ to_authority }}.",
    ),
    ("petition.replied", "email"): (
        "陳情案件答覆（案號 {{ petition_number }}）",
        "{{ recipient_name }} 您好：\n\n"
        "有關您{{ subject }}的來信（案號 {{ petition_number }}），答覆如下：\n\n"
        "{{ reply_text }}\n"
        "{% if legal_basis %}\n法令依據：{{ legal_basis }}\n{% endif %}"
        "{% if remedies %}\n救濟方式：{{ remedies }}\n{% endif %}"
        "\n歡迎對本次答覆給予評價：{{ rating_url }}\n" + SIGNATURE,
        "Our reply to your message {{ petition_number }}",
        "Dear {{ recipient_name }},\n\n"
        "In reply to your message \"{{ subject }}\" (no. {{ petition_number }}):\n\n"
        "{{ reply_text }}\n"
        "{% if legal_basis %}\nLegal basis: {{ legal_basis }}\n{% endif %}"
        "{% if remedies %}\nRemedies: {{ remedies }}\n{% endif %}"
        "\nPlease tell us what you think of this reply: {{ rating_url }}\n" + SIGNATURE_EN,
    ),
    ("petition.replied", "sms"): (
        "", "{{ organisation_name }}已答覆您的陳情{{ petition_number }}，請以案號及查詢碼"
            "查閱：{{ lookup_url }}；評價：{{ rating_url }}",
        "", "{{ organisation_name }} replied to {{ petition_number }}; see {{ lookup_url }}. "
            "Rate it: {{ rating_url }}",
    ),
    ("petition.officer_digest", "email"): (
        "待辦陳情案件提醒（{{ on|roc_short }}）",
        "{{ recipient_name }} 您好：\n\n下列陳情案件將於{{ horizon|roc_date }}前屆期或已逾期：\n\n"
        "{% for item in petitions %}{{ item.number }} {{ item.subject }}，"
        "期限{{ item.due_on|roc_short }}{% if item.overdue %}（已逾期）{% endif %}\n{% endfor %}"
        "\n工作清單：{{ workbench_url }}",
        "Petitions due soon ({{ on|roc_short }})",
        "Dear {{ recipient_name }},\n\nThese petitions are due by {{ horizon|roc_date }} or "
        "overdue:\n\n{% for item in petitions %}{{ item.number }} {{ item.subject }}, due "
        "{{ item.due_on|roc_short }}{% if item.overdue %} (overdue){% endif %}\n{% endfor %}"
        "\nWorkbench: {{ workbench_url }}",
    ),
    ("petition.overdue_escalation", "email"): (
        "陳情案件逾期提醒（案號 {{ petition_number }}）",
        "{{ recipient_name }} 您好：\n\n{{ unit_name }}之陳情案件 {{ petition_number }}"
        "（{{ subject }}）答覆期限為{{ due_on|roc_date }}，已逾期尚未答覆。"
        "{% if officer_name %}承辦人：{{ officer_name }}。{% endif %}\n案件：{{ petition_url }}",
        "Petition {{ petition_number }} is overdue",
        "Dear {{ recipient_name }},\n\nPetition {{ petition_number }} ({{ subject }}) of "
        "{{ unit_name }} was due on {{ due_on|roc_date }} and has no reply yet."
        "{% if officer_name %} Officer: {{ officer_name }}.{% endif %}\nCase: {{ petition_url }}",
    ),
}


class Migration(migrations.Migration):

    dependencies = [
        ("voice", "0001_initial"),
        ("notify", "0002_default_case_templates"),
    ]

    operations = [
        add_defaults(TEMPLATES),
    ]
