"""The default (every organisation) templates of the survey invitation sent after an
application closed. Created only where no default exists yet, so a default an
administrator already changed is left alone. The texts are frozen here on purpose."""

from django.db import migrations

from minfu.notify.default_templates import add_defaults

SIGNATURE = "\n\n{{ organisation_name }} 敬啟\n（本信由系統自動寄出，請勿直接回覆。）"
SIGNATURE_EN = ("\n\nYours sincerely,\n{{ organisation_name }}\n"
                "(This message was sent automatically; please do not reply to it.)")

# (event, channel): (subject_zh, body_zh, subject_en, body_en)
TEMPLATES = {
    ("surveys.invitation", "email"): (
        "服務滿意度調查邀請（案號 {{ case_number }}）",
        "{{ recipient_name }} 您好：\n\n"
        "感謝您申辦「{{ service_name }}」（案號 {{ case_number }}），本案已辦結。"
        "為持續改善服務品質，誠摯邀請您撥冗填寫「{{ survey_name }}」，約需 3 分鐘：\n\n"
        "{{ survey_url }}\n\n"
        "此連結僅供您本人填答一次，有效期限至{{ expires_on|roc_date }}。"
        "問卷不需填寫個人資料；若您願意讓我們與您聯繫，可於問卷最後留下聯絡方式。"
        + SIGNATURE,
        "Satisfaction survey about application {{ case_number }}",
        "Dear {{ recipient_name }},\n\n"
        "Thank you for applying for \"{{ service_name }}\" (no. {{ case_number }}), which "
        "is now closed. To help us improve, please answer \"{{ survey_name }}\"; it takes "
        "about three minutes:\n\n{{ survey_url }}\n\n"
        "The link can be used once and is valid until {{ expires_on|roc_date }}. The "
        "survey asks for no personal data unless you want us to contact you."
        + SIGNATURE_EN,
    ),
}


class Migration(migrations.Migration):

    dependencies = [
        ("surveys", "0001_initial"),
        ("notify", "0002_default_case_templates"),
    ]

    operations = [
        add_defaults(TEMPLATES),
    ]
