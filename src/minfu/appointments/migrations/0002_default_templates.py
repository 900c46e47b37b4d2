"""The default (every organisation) templates of the notices about appointments. Created
only where no default exists yet, so a default an administrator changed is left alone.
The texts are frozen here on purpose."""

from django.db import migrations

from minfu.notify.default_templates import add_defaults

WHEN = "{{ day|roc_date }} {{ time }}"
WHERE = "{{ service_point }}（{{ address }}）"
WHERE_EN = "{{ service_point }} ({{ address }})"
MANAGE = "查看、改期或取消：{{ manage_url }}"
MANAGE_EN = "See, move or cancel it: {{ manage_url }}"
SIGNATURE = "\n\n{{ organisation_name }} 敬啟\n（本信由系統自動寄出，請勿直接回覆。）"
SIGNATURE_EN = ("\n\nYours sincerely,\n{{ organisation_name }}\n"
                "(This message was sent automatically; please do not reply to it.)")


def _email(subject_zh, lines_zh, subject_en, lines_en):
    return (subject_zh, "{{ recipient_name }} 您好：\n\n" + lines_zh + "\n" + MANAGE + SIGNATURE,
            subject_en, "Dear {{ recipient_name }},\n\n" + lines_en + "\n\n" + MANAGE_EN
            + SIGNATURE_EN)


TEMPLATES = {
    ("appointment.booked", "email"): _email(
        "臨櫃預約完成（{{ appointment_number }}）",
        "您已預約" + WHEN + "於" + WHERE + "辦理「{{ service_name }}」，預約編號 "
        "{{ appointment_number }}。\n"
        "{% if access_code %}查詢碼：{{ access_code }}\n{% endif %}"
        "請於預約時間前抵達並向櫃檯報到。",
        "Your counter appointment {{ appointment_number }}",
        "Your appointment for \"{{ service_name }}\" is on " + WHEN + " at " + WHERE_EN
        + ". Its number is {{ appointment_number }}.\n"
        "{% if access_code %}Access code: {{ access_code }}\n{% endif %}"
        "Please check in at the counter before the time."),
    ("appointment.booked", "sms"): (
        "", "{{ organisation_name }}：已預約" + WHEN + "{{ service_point }}，編號"
            "{{ appointment_number }}。改期或取消：{{ manage_url }}",
        "", "{{ organisation_name }}: appointment " + WHEN + " at {{ service_point }}, no. "
            "{{ appointment_number }}. Move or cancel: {{ manage_url }}"),
    ("appointment.home_visit_requested", "email"): _email(
        "到府服務申請已收到（{{ appointment_number }}）",
        "我們已收到您「{{ service_name }}」到府服務的申請（編號 {{ appointment_number }}，"
        "希望日期 {{ day|roc_date }}），將於核定後通知您到訪時間。\n"
        "{% if access_code %}查詢碼：{{ access_code }}\n{% endif %}",
        "We received your request for a home visit ({{ appointment_number }})",
        "We received your request for a home visit for \"{{ service_name }}\" (no. "
        "{{ appointment_number }}, preferred day {{ day|roc_date }}). We will tell you the "
        "time once it is approved.\n"
        "{% if access_code %}Access code: {{ access_code }}\n{% endif %}"),
    ("appointment.home_visit_requested", "sms"): (
        "", "{{ organisation_name }}：已收到到府服務申請，編號{{ appointment_number }}，"
            "核定後通知您。",
        "", "{{ organisation_name }}: home visit request {{ appointment_number }} received; "
            "we will tell you the time."),
    ("appointment.home_visit_approved", "email"): _email(
        "到府服務時間通知（{{ appointment_number }}）",
        "您申請的到府服務（{{ service_name }}）已核定，將於" + WHEN + "到訪。",
        "Your home visit is approved ({{ appointment_number }})",
        "Your home visit for \"{{ service_name }}\" is approved: we will come on " + WHEN
        + "."),
    ("appointment.home_visit_approved", "sms"): (
        "", "{{ organisation_name }}：到府服務將於" + WHEN + "到訪，編號{{ appointment_number }}。",
        "", "{{ organisation_name }}: home visit on " + WHEN + ", no. "
            "{{ appointment_number }}."),
    ("appointment.home_visit_declined", "email"): _email(
        "到府服務申請結果（{{ appointment_number }}）",
        "很抱歉，您申請的到府服務（{{ service_name }}）無法安排，原因：{{ reason }}。"
        "歡迎改為預約臨櫃服務或來電洽詢。",
        "About your home visit request ({{ appointment_number }})",
        "We are sorry: we cannot arrange the home visit for \"{{ service_name }}\" because: "
        "{{ reason }}. You may book a counter appointment or call us instead."),
    ("appointment.home_visit_declined", "sms"): (
        "", "{{ organisation_name }}：到府服務申請{{ appointment_number }}無法安排：{{ reason }}",
        "", "{{ organisation_name }}: home visit {{ appointment_number }} not possible: "
            "{{ reason }}"),
    ("appointment.rescheduled", "email"): _email(
        "臨櫃預約已改期（{{ appointment_number }}）",
        "您的預約（{{ service_name }}）已改至" + WHEN + "，地點：" + WHERE + "。",
        "Your appointment {{ appointment_number }} has moved",
        "Your appointment for \"{{ service_name }}\" is now on " + WHEN + " at " + WHERE_EN
        + "."),
    ("appointment.rescheduled", "sms"): (
        "", "{{ organisation_name }}：預約{{ appointment_number }}已改至" + WHEN + "。",
        "", "{{ organisation_name }}: appointment {{ appointment_number }} moved to " + WHEN
            + "."),
    ("appointment.cancelled", "email"): _email(
        "臨櫃預約已取消（{{ appointment_number }}）",
        "您的預約 {{ appointment_number }}（{{ service_name }}）已取消。",
        "Your appointment {{ appointment_number }} is cancelled",
        "Your appointment {{ appointment_number }} for \"{{ service_name }}\" is cancelled."),
    ("appointment.cancelled", "sms"): (
        "", "{{ organisation_name }}：預約{{ appointment_number }}已取消。",
        "", "{{ organisation_name }}: appointment {{ appointment_number }} cancelled."),
    ("appointment.displaced", "email"): _email(
        "停止上班：請重新選擇預約時間（{{ appointment_number }}）",
        "因" + WHERE + "所在地區宣布停止上班，您" + WHEN + "的預約（{{ service_name }}）"
        "無法進行。請以下方連結選擇新的時間，或取消預約。",
        "Offices closed: please choose a new time ({{ appointment_number }})",
        "The offices where your appointment for \"{{ service_name }}\" was to take place ("
        + WHERE_EN + ") are closed on " + WHEN + ". Please choose a new time with the link "
        "below, or cancel."),
    ("appointment.displaced", "sms"): (
        "", "{{ organisation_name }}：因停止上班，預約{{ appointment_number }}需改期，"
            "請選新時間：{{ manage_url }}",
        "", "{{ organisation_name }}: offices closed; choose a new time for "
            "{{ appointment_number }}: {{ manage_url }}"),
    ("appointment.reminder", "email"): _email(
        "預約提醒：" + WHEN + "（{{ appointment_number }}）",
        "提醒您，您已預約" + WHEN + "於" + WHERE + "辦理「{{ service_name }}」。"
        "如無法前來，請取消或改期，讓其他民眾使用這個時段。",
        "Reminder: your appointment on " + WHEN,
        "This is a reminder of your appointment for \"{{ service_name }}\" on " + WHEN
        + " at " + WHERE_EN + ". If you cannot come, please move or cancel it so that "
        "someone else can have the time."),
    ("appointment.reminder", "sms"): (
        "", "{{ organisation_name }}提醒：您預約" + WHEN + "{{ service_point }}，"
            "無法前來請取消：{{ manage_url }}",
        "", "{{ organisation_name }} reminder: appointment " + WHEN + " at "
            "{{ service_point }}. Cannot come? {{ manage_url }}"),
}


class Migration(migrations.Migration):

    dependencies = [
        ("appointments", "0001_initial"),
        ("notify", "0004_redact_access_codes"),
    ]

    operations = [add_defaults(TEMPLATES)]
