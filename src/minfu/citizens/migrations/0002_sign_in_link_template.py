"""The default (every organisation) template of the one-time sign-in link. Created only
where no default exists yet; the texts are frozen here on purpose."""

from django.db import migrations

from minfu.notify.default_templates import create_defaults

TEMPLATES = {
    ("citizen.sign_in_link", "email"): (
        "登入連結",
        "您好：\n\n"
        "請使用以下連結登入{{ organisation_name }}為民服務平台（{{ minutes }}分鐘內有效，"
        "僅能使用一次）：\n{{ sign_in_url }}\n\n"
        "若您並未要求登入，請忽略本信，您的帳號不會有任何變動。\n\n"
        "{{ organisation_name }} 敬啟\n（本信由系統自動寄出，請勿直接回覆。）",
        "Your sign-in link",
        "Hello,\n\n"
        "Use this link to sign in to the citizen service platform of {{ organisation_name }} "
        "(it works once, for {{ minutes }} minutes):\n{{ sign_in_url }}\n\n"
        "If you did not ask to sign in, ignore this message; nothing changes in your "
        "account.\n\n{{ organisation_name }}\n"
        "(This message was sent automatically; please do not reply to it.)",
    ),
}


def forwards(apps, schema_editor):
    create_defaults(apps, TEMPLATES)


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0001_initial"),
        ("notify", "0004_redact_access_codes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
