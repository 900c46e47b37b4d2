"""The default (every organisation, every service type) templates of the application
notices and the officers' daily messages. Agencies override them with their own
templates; these rows are only created where no default exists yet, so a default an
administrator already changed is left alone. The texts are frozen here on purpose."""

from django.db import migrations

from minfu.notify.default_templates import add_defaults

LOOKUP = "查詢網址：{{ lookup_url }}"
LOOKUP_EN = "Follow your application at {{ lookup_url }}"
SIGNATURE = "\n\n{{ organisation_name }} 敬啟\n（本信由系統自動寄出，請勿直接回覆。）"
SIGNATURE_EN = ("\n\nYours sincerely,\n{{ organisation_name }}\n"
                "(This message was sent automatically; please do not reply to it.)")

# (event, channel): (subject_zh, body_zh, subject_en, body_en)
TEMPLATES = {
    ("case.received", "email"): (
        "申請案件收件通知（案號 {{ case_number }}）",
        "{{ recipient_name }} 您好：\n\n"
        "本機關已於{{ received_on|roc_date }}收到您申請的「{{ service_name }}」，"
        "案號為 {{ case_number }}。\n"
        "{% if access_code %}查詢碼：{{ access_code }}（請妥善保存，查詢進度時需要）\n{% endif %}"
        "依規定應於{{ due_on|roc_date }}前辦結"
        "{% if norm_due_on %}，本機關將盡量於{{ norm_due_on|roc_date }}前完成{% endif %}。"
        "如需補正文件，處理期間將暫停計算，我們會另行通知。\n\n"
        "您可憑案號與查詢碼隨時查詢辦理進度。\n" + LOOKUP + SIGNATURE,
        "Application received (no. {{ case_number }})",
        "Dear {{ recipient_name }},\n\n"
        "We received your application for \"{{ service_name }}\" on "
        "{{ received_on|roc_date }}. Its number is {{ case_number }}.\n"
        "{% if access_code %}Access code: {{ access_code }} (keep it; you need it to "
        "follow the application)\n{% endif %}"
        "It will be decided by {{ due_on|roc_date }} at the latest"
        "{% if norm_due_on %}, and we aim to finish by {{ norm_due_on|roc_date }}{% endif %}. "
        "If documents are missing, the period stops while we wait for them and we will "
        "tell you.\n\n" + LOOKUP_EN + SIGNATURE_EN,
    ),
    ("case.received", "sms"): (
        "", "{{ organisation_name }}已收到您的{{ service_name }}申請，案號{{ case_number }}，"
            "預計{{ due_on|roc_short }}前辦結。查詢：{{ lookup_url }}",
        "", "{{ organisation_name }}: application {{ case_number }} received; decision by "
            "{{ due_on|roc_short }}. Follow it at {{ lookup_url }}",
    ),
    ("case.deficiency_notice", "email"): (
        "申請案件補正通知（案號 {{ case_number }}）",
        "{{ recipient_name }} 您好：\n\n"
        "您申請的「{{ service_name }}」（案號 {{ case_number }}）尚缺下列文件，"
        "請於{{ supply_by|roc_date }}前一併補正：\n\n"
        "{% for item in missing_items %}{{ forloop.counter }}. {{ item.name }}"
        "{% if item.note %}（{{ item.note }}）{% endif %}\n{% endfor %}"
        "{% if note %}\n說明：{{ note }}\n{% endif %}\n"
        "自本通知起至收到補正文件為止，處理期間暫停計算；補正後繼續計算。"
        "逾期未補正者，本機關得依規定駁回申請。\n"
        "您可於線上查詢頁面上傳文件，或送至本機關臨櫃辦理。\n" + LOOKUP + SIGNATURE,
        "Documents needed for application {{ case_number }}",
        "Dear {{ recipient_name }},\n\n"
        "Your application for \"{{ service_name }}\" (no. {{ case_number }}) lacks the "
        "following. Please supply all of them by {{ supply_by|roc_date }}:\n\n"
        "{% for item in missing_items %}{{ forloop.counter }}. {{ item.name }}"
        "{% if item.note %} ({{ item.note }}){% endif %}\n{% endfor %}"
        "{% if note %}\nNote: {{ note }}\n{% endif %}\n"
        "The processing period is paused from this notice until we receive the documents, "
        "and then continues. If they do not arrive in time, the application may be "
        "refused.\nYou can upload them on the lookup page or bring them to our counter.\n"
        + LOOKUP_EN + SIGNATURE_EN,
    ),
    ("case.deficiency_notice", "sms"): (
        "", "{{ organisation_name }}：案號{{ case_number }}尚缺"
            "{% for item in missing_items %}{{ item.name }}{% if not forloop.last %}、"
            "{% endif %}{% endfor %}，請於{{ supply_by|roc_short }}前補正，"
            "期間暫停計算。詳見{{ lookup_url }}",
        "", "{{ organisation_name }}: application {{ case_number }} needs "
            "{% for item in missing_items %}{{ item.name }}{% if not forloop.last %}, "
            "{% endif %}{% endfor %} by {{ supply_by|roc_short }}; the period is paused. "
            "See {{ lookup_url }}",
    ),
    ("case.extended", "email"): (
        "申請案件延長處理期間通知（案號 {{ case_number }}）",
        "{{ recipient_name }} 您好：\n\n"
        "您申請的「{{ service_name }}」（案號 {{ case_number }}），因{{ reason }}，"
        "無法於原定期限{% if previous_due_on %}（{{ previous_due_on|roc_date }}）{% endif %}"
        "內辦結，依行政程序法第51條規定延長處理期間一次，"
        "新的辦結期限為{{ due_on|roc_date }}。造成不便，敬請見諒。\n" + LOOKUP + SIGNATURE,
        "Processing period extended for application {{ case_number }}",
        "Dear {{ recipient_name }},\n\n"
        "We cannot decide your application for \"{{ service_name }}\" "
        "(no. {{ case_number }}) within the original period"
        "{% if previous_due_on %} (by {{ previous_due_on|roc_date }}){% endif %} "
        "for this reason: {{ reason }}.\n"
        "Under Article 51 of the Administrative Procedure Act the period is extended "
        "once; the new date is {{ due_on|roc_date }}. We apologise for the delay.\n"
        + LOOKUP_EN + SIGNATURE_EN,
    ),
    ("case.extended", "sms"): (
        "", "{{ organisation_name }}：案號{{ case_number }}因{{ reason }}，"
            "依行政程序法第51條延長處理期間至{{ due_on|roc_short }}。",
        "", "{{ organisation_name }}: application {{ case_number }} is extended to "
            "{{ due_on|roc_short }} (Administrative Procedure Act art. 51): {{ reason }}",
    ),
    ("case.decided", "email"): (
        "申請案件辦理結果通知（案號 {{ case_number }}）",
        "{{ recipient_name }} 您好：\n\n"
        "您申請的「{{ service_name }}」（案號 {{ case_number }}）已於"
        "{{ decided_on|roc_date }}辦理完成，結果為：{{ outcome }}。\n"
        "{% if note %}說明：{{ note }}\n{% endif %}"
        "{% if appeal_days %}\n如不服本處分，得依訴願法第14條及第58條規定，自本處分書達到"
        "之次日起{{ appeal_days }}日內，繕具訴願書經由本機關向訴願管轄機關提起訴願。\n"
        "{% endif %}\n" + LOOKUP + SIGNATURE,
        "Decision on application {{ case_number }}",
        "Dear {{ recipient_name }},\n\n"
        "Your application for \"{{ service_name }}\" (no. {{ case_number }}) was decided "
        "on {{ decided_on|roc_date }}: {{ outcome }}.\n"
        "{% if note %}Note: {{ note }}\n{% endif %}"
        "{% if appeal_days %}\nIf you disagree with this decision, you may file an "
        "administrative appeal (訴願) within {{ appeal_days }} days of the day after the "
        "decision reaches you (Administrative Appeal Act articles 14 and 58), through "
        "our office.\n{% endif %}\n" + LOOKUP_EN + SIGNATURE_EN,
    ),
    ("case.decided", "sms"): (
        "", "{{ organisation_name }}：案號{{ case_number }}已辦結，結果：{{ outcome }}。"
            "{% if appeal_days %}如不服，得於處分書送達次日起{{ appeal_days }}日內提起訴願。"
            "{% endif %}詳見{{ lookup_url }}",
        "", "{{ organisation_name }}: application {{ case_number }} decided: {{ outcome }}."
            "{% if appeal_days %} You may appeal within {{ appeal_days }} days.{% endif %} "
            "See {{ lookup_url }}",
    ),
    ("case.transferred", "email"): (
        "申請案件移送通知（案號 {{ case_number }}）",
        "{{ recipient_name }} 您好：\n\n"
        "您申請的「{{ service_name }}」（案號 {{ case_number }}），因{{ reason }}，"
        "依行政程序法第17條規定已移送{{ to_authority }}辦理，後續請逕洽該機關。\n"
        + LOOKUP + SIGNATURE,
        "Application {{ case_number }} sent to the competent authority",
        "Dear {{ recipient_name }},\n\n"
        "Your application for \"{{ service_name }}\" (no. {{ case_number }}) has been "
        "sent to {{ to_authority }}, which is competent for it (Administrative Procedure "
        "Act article 17). Reason: {{ reason }}. Please contact that authority from now on.\n"
        + LOOKUP_EN + SIGNATURE_EN,
    ),
    ("case.transferred", "sms"): (
        "", "{{ organisation_name }}：案號{{ case_number }}已移送{{ to_authority }}辦理"
            "（{{ reason }}），請逕洽該機關。",
        "", "{{ organisation_name }}: application {{ case_number }} was sent to "
            "{{ to_authority }} ({{ reason }}). Please contact them.",
    ),
    ("case.withdrawn", "email"): (
        "申請案件撤回確認（案號 {{ case_number }}）",
        "{{ recipient_name }} 您好：\n\n"
        "您申請的「{{ service_name }}」（案號 {{ case_number }}）已於"
        "{{ withdrawn_on|roc_date }}撤回，本案不再辦理。"
        "{% if reason %}\n撤回原因：{{ reason }}{% endif %}\n"
        "如非您本人撤回，請儘速與本機關聯絡。" + SIGNATURE,
        "Application {{ case_number }} withdrawn",
        "Dear {{ recipient_name }},\n\n"
        "Your application for \"{{ service_name }}\" (no. {{ case_number }}) was "
        "withdrawn on {{ withdrawn_on|roc_date }} and will not be processed further."
        "{% if reason %}\nReason: {{ reason }}{% endif %}\n"
        "If you did not withdraw it, please contact us at once." + SIGNATURE_EN,
    ),
    ("case.withdrawn", "sms"): (
        "", "{{ organisation_name }}：案號{{ case_number }}已於{{ withdrawn_on|roc_short }}"
            "撤回。如非本人撤回，請儘速聯絡本機關。",
        "", "{{ organisation_name }}: application {{ case_number }} was withdrawn on "
            "{{ withdrawn_on|roc_short }}. If that was not you, please contact us.",
    ),
    ("case.officer_digest", "email"): (
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
    ),
    ("case.overdue_escalation", "email"): (
        "逾期案件通報：{{ case_number }}",
        "{{ recipient_name }} 您好：\n\n"
        "{{ unit_name }}的案件 {{ case_number }}（{{ service_name }}）法定期限為"
        "{{ due_on|roc_date }}，目前已逾期尚未辦結。\n"
        "承辦人：{% if officer_name %}{{ officer_name }}{% else %}尚未分案{% endif %}\n\n"
        "請協助督導辦理：{{ case_url }}",
        "Overdue application {{ case_number }}",
        "Dear {{ recipient_name }},\n\n"
        "Application {{ case_number }} ({{ service_name }}) of {{ unit_name }} was due "
        "on {{ due_on|roc_date }} and is still open.\n"
        "Officer: {% if officer_name %}{{ officer_name }}{% else %}not assigned{% endif %}"
        "\n\nPlease see that it is dealt with: {{ case_url }}",
    ),
}


class Migration(migrations.Migration):

    dependencies = [
        ("notify", "0001_initial"),
    ]

    operations = [
        add_defaults(TEMPLATES),
    ]
