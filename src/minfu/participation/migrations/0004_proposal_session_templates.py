"""The default (every organisation) templates of the messages to proposers and session
registrants. Created only where no default exists yet, so a default an administrator
changed is left alone. The texts are frozen here on purpose."""

from django.db import migrations

from minfu.notify.default_templates import add_defaults

SIGNATURE = "\n\n{{ organisation_name }} 敬啟\n（本信由系統自動寄出，請勿直接回覆。）"
SIGNATURE_EN = ("\n\nYours sincerely,\n{{ organisation_name }}\n"
                "(This message was sent automatically; please do not reply to it.)")
PAGE = "\n網址：{{ page_url }}"
PAGE_EN = "\nSee {{ page_url }}"

# event: (subject_zh, body_zh, subject_en, body_en); SMS gets the body without signature.
MESSAGES = {
    "proposal.received": (
        "提議收件通知（編號 {{ proposal_number }}）",
        "您好：\n\n{{ organisation_name }}已收到您的提議「{{ proposal_title }}」，編號 "
        "{{ proposal_number }}。{% if access_code %}查詢碼：{{ access_code }}（請妥善保存）。"
        "{% endif %}機關審查後將通知您結果。",
        "Proposal {{ proposal_number }} received",
        "Hello,\n\n{{ organisation_name }} received your proposal \"{{ proposal_title }}\", "
        "number {{ proposal_number }}.{% if access_code %} Access code: {{ access_code }} "
        "(keep it).{% endif %} We will tell you the outcome of the screening.",
    ),
    "proposal.signing_opened": (
        "提議開放附議（編號 {{ proposal_number }}）",
        "您好：\n\n您的提議「{{ proposal_title }}」已通過審查，開放附議至"
        "{{ closes_on|roc_date }}，附議達 {{ threshold }} 人即由機關回應。",
        "Proposal {{ proposal_number }} is open for co-signing",
        "Hello,\n\nYour proposal \"{{ proposal_title }}\" passed screening and is open for "
        "co-signing until {{ closes_on|roc_date }}; with {{ threshold }} co-signers the agency "
        "responds.",
    ),
    "proposal.rejected": (
        "提議審查結果（編號 {{ proposal_number }}）",
        "您好：\n\n很抱歉，您的提議「{{ proposal_title }}」未能受理。\n理由：{{ reason }}"
        "{% if note %}\n說明：{{ note }}{% endif %}",
        "Proposal {{ proposal_number }}: not accepted",
        "Hello,\n\nWe are sorry: your proposal \"{{ proposal_title }}\" was not accepted.\n"
        "Reason: {{ reason }}{% if note %}\n{{ note }}{% endif %}",
    ),
    "proposal.merged": (
        "提議併案通知（編號 {{ proposal_number }}）",
        "您好：\n\n您的提議「{{ proposal_title }}」與提議 {{ into_number }}「{{ into_title }}」"
        "內容相同，已併入該提議處理，您的附議人亦計入該提議。",
        "Proposal {{ proposal_number }} merged",
        "Hello,\n\nYour proposal \"{{ proposal_title }}\" repeats proposal {{ into_number }} "
        "\"{{ into_title }}\" and was merged into it; its co-signers count there.",
    ),
    "proposal.threshold_reached": (
        "提議附議成案（編號 {{ proposal_number }}）",
        "您好：\n\n您的提議「{{ proposal_title }}」已達 {{ signature_count }} 人附議，"
        "機關將於{{ due_on|roc_date }}前公開回應。",
        "Proposal {{ proposal_number }} reached its threshold",
        "Hello,\n\nYour proposal \"{{ proposal_title }}\" has {{ signature_count }} "
        "co-signers; the agency will publish its response by {{ due_on|roc_date }}.",
    ),
    "proposal.extended": (
        "提議回應期限延長（編號 {{ proposal_number }}）",
        "您好：\n\n機關回應您的提議「{{ proposal_title }}」之期限延長至{{ due_on|roc_date }}，"
        "理由：{{ reason }}",
        "Response to proposal {{ proposal_number }} extended",
        "Hello,\n\nThe response to your proposal \"{{ proposal_title }}\" is now due by "
        "{{ due_on|roc_date }}. Reason: {{ reason }}",
    ),
    "proposal.answered": (
        "提議回應公布（編號 {{ proposal_number }}）",
        "您好：\n\n機關已公布對您的提議「{{ proposal_title }}」之回應：{{ outcome }}。",
        "Response to proposal {{ proposal_number }} published",
        "Hello,\n\nThe agency published its response to your proposal "
        "\"{{ proposal_title }}\": {{ outcome }}.",
    ),
    "proposal.expired": (
        "提議附議期滿（編號 {{ proposal_number }}）",
        "您好：\n\n您的提議「{{ proposal_title }}」附議期間已屆滿，共 {{ signature_count }} 人"
        "附議，未達門檻。感謝您的參與。",
        "Co-signing of proposal {{ proposal_number }} ended",
        "Hello,\n\nThe co-signing period of your proposal \"{{ proposal_title }}\" ended with "
        "{{ signature_count }} co-signers, below the threshold. Thank you for taking part.",
    ),
    "session.registered": (
        "報名{% if waiting %}候補{% else %}成功{% endif %}：{{ session_title }}",
        "您好：\n\n您已{% if waiting %}列入候補名單，如有名額將另行通知{% else %}報名成功{% endif %}"
        "：{{ session_title }}，時間 {{ starts_at|roc_datetime }}"
        "{% if place %}，地點 {{ place }}{% endif %}。",
        "{% if waiting %}Waiting list{% else %}Registered{% endif %}: {{ session_title }}",
        "Hello,\n\n{% if waiting %}You are on the waiting list; we will tell you if a place "
        "becomes free{% else %}Your place is confirmed{% endif %}: {{ session_title }}, "
        "{{ starts_at|roc_datetime }}{% if place %}, {{ place }}{% endif %}.",
    ),
    "session.promoted": (
        "候補遞補成功：{{ session_title }}",
        "您好：\n\n有名額釋出，您已由候補轉為正取：{{ session_title }}，時間 "
        "{{ starts_at|roc_datetime }}{% if place %}，地點 {{ place }}{% endif %}。"
        "如無法出席，請至活動頁面取消報名。",
        "You have a place: {{ session_title }}",
        "Hello,\n\nA place became free and it is yours: {{ session_title }}, "
        "{{ starts_at|roc_datetime }}{% if place %}, {{ place }}{% endif %}. If you cannot "
        "come, cancel on the session's page.",
    ),
    "session.reminder": (
        "活動提醒：{{ session_title }}",
        "您好：\n\n提醒您參加：{{ session_title }}，時間 {{ starts_at|roc_datetime }}"
        "{% if place %}，地點 {{ place }}{% endif %}{% if online_url %}，線上連結 "
        "{{ online_url }}{% endif %}。",
        "Reminder: {{ session_title }}",
        "Hello,\n\nA reminder of {{ session_title }}, {{ starts_at|roc_datetime }}"
        "{% if place %}, {{ place }}{% endif %}{% if online_url %}, online at "
        "{{ online_url }}{% endif %}.",
    ),
    "session.cancelled": (
        "活動取消：{{ session_title }}",
        "您好：\n\n很抱歉，{{ session_title }}（{{ starts_at|roc_datetime }}）已取消，"
        "理由：{{ reason }}",
        "Cancelled: {{ session_title }}",
        "Hello,\n\nWe are sorry: {{ session_title }} ({{ starts_at|roc_datetime }}) is "
        "cancelled. Reason: {{ reason }}",
    ),
}

TEMPLATES = {}
for _event, (_subject, _body, _subject_en, _body_en) in MESSAGES.items():
    TEMPLATES[(_event, "email")] = (_subject, _body + PAGE + SIGNATURE, _subject_en,
                                    _body_en + PAGE_EN + SIGNATURE_EN)
    TEMPLATES[(_event, "sms")] = ("", "{{ organisation_name }}：" + _body.split("\n\n", 1)[1]
                                  + PAGE, "", "{{ organisation_name }}: "
                                  + _body_en.split("\n\n", 1)[1] + PAGE_EN)


class Migration(migrations.Migration):

    dependencies = [
        ("participation", "0003_proposals_sessions"),
        ("notify", "0002_default_case_templates"),
    ]

    operations = [
        add_defaults(TEMPLATES),
    ]
