"""The receipt of a petition becomes short and carries no text its sender chose (no name,
no subject): anyone can type someone else's address into the public form, and until that
address is confirmed the receipt is all it gets (voice.notices). It carries the link that
confirms the address (`confirm_url`, set only while the address is not confirmed). A
default an administrator changed is left alone. The texts are frozen here on purpose."""

from importlib import import_module

from django.db import migrations

from minfu.notify.default_templates import replace_defaults

SHIPPED = import_module("minfu.voice.migrations.0002_default_templates").TEMPLATES
SIGNATURE = "\n\n{{ organisation_name }} 敬啟\n（本信由系統自動寄出，請勿直接回覆。）"
SIGNATURE_EN = ("\n\nYours sincerely,\n{{ organisation_name }}\n"
                "(This message was sent automatically; please do not reply to it.)")

RECEIPTS = {
    ("petition.received", "email"): (
        "陳情案件收件通知（案號 {{ petition_number }}）",
        "您好：\n\n"
        "{{ organisation_name }}已收到一件陳情，案號為 {{ petition_number }}，"
        "來信留下本信箱作為聯絡方式。\n"
        "{% if access_code %}查詢碼：{{ access_code }}（請妥善保存，查詢進度時需要）\n{% endif %}"
        "我們將於{{ due_on|roc_date }}前答覆；如需延長，將另行通知並說明理由。\n"
        "查詢網址：{{ lookup_url }}\n"
        "{% if confirm_url %}\n如這件陳情是您寄出的，請開啟下列連結確認本信箱，"
        "我們才會寄送處理進度及答覆給您：\n{{ confirm_url }}\n"
        "如您未曾寄出，請忽略本信，我們不會再寄送與本案有關的信件給您。\n{% endif %}"
        + SIGNATURE,
        "Message {{ petition_number }} received",
        "Hello,\n\n"
        "{{ organisation_name }} received a message, number {{ petition_number }}, that gave "
        "this address for replies.\n"
        "{% if access_code %}Access code: {{ access_code }} (keep it; you need it to "
        "follow the case)\n{% endif %}"
        "We will reply by {{ due_on|roc_date }}; if we need longer, we will tell you why.\n"
        "Follow your case at {{ lookup_url }}\n"
        "{% if confirm_url %}\nIf you sent this message, confirm this address at the link "
        "below; only then will we send you its progress and our reply:\n{{ confirm_url }}\n"
        "If you did not send it, ignore this e-mail: we will send you nothing more about "
        "it.\n{% endif %}" + SIGNATURE_EN,
    ),
    ("petition.received", "sms"): (
        "", "{{ organisation_name }}已收到陳情案{{ petition_number }}，預計"
            "{{ due_on|roc_short }}前答覆。{% if confirm_url %}如為您所寄，請確認本號碼："
            "{{ confirm_url }}{% endif %}",
        "", "{{ organisation_name }}: message {{ petition_number }} received; reply by "
            "{{ due_on|roc_short }}.{% if confirm_url %} If you sent it, confirm this number: "
            "{{ confirm_url }}{% endif %}",
    ),
}


class Migration(migrations.Migration):

    dependencies = [
        ("voice", "0008_petition_contact_confirmed_at"),
    ]

    operations = [
        migrations.RunPython(lambda apps, schema_editor: replace_defaults(apps, SHIPPED,
                                                                          RECEIPTS),
                             migrations.RunPython.noop),
    ]
