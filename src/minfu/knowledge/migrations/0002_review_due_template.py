"""The default (every organisation) template of the reminder that a published article is
due for review. Created only where no default exists yet; the texts are frozen here on
purpose."""

from django.db import migrations

from minfu.notify.default_templates import add_defaults

_SIGNATURE_ZH = ("\n\n{{ organisation_name }}為民服務任務編組\n"
                 "（本信由系統自動寄出，請勿直接回覆。）")
_SIGNATURE_EN = ("\n\n{{ organisation_name }} service-quality task force\n"
                 "(This message was sent automatically; please do not reply to it.)")

TEMPLATES = {
    ("knowledge.review_due", "email"): (
        "知識庫文章應檢視：{{ article_title|truncatechars:30 }}",
        "{{ recipient_name }} 您好：\n\n"
        "知識庫文章「{{ article_title }}」應於{{ review_by|roc_date }}前檢視內容是否仍正確"
        "{% if days_overdue %}，已逾期{{ days_overdue }}日{% endif %}。"
        "請檢視並視需要修訂後送審：{{ article_url }}" + _SIGNATURE_ZH,
        "Article due for review: {{ article_title|truncatechars:30 }}",
        "Dear {{ recipient_name }},\n\n"
        "The knowledge-base article “{{ article_title }}” is due for review by "
        "{{ review_by|roc_date }}{% if days_overdue %} ({{ days_overdue }} days overdue)"
        "{% endif %}. Please check that it is still right and, if needed, revise it and "
        "submit it for review: {{ article_url }}" + _SIGNATURE_EN,
    ),
}


class Migration(migrations.Migration):

    dependencies = [
        ("knowledge", "0001_articles"),
        ("notify", "0002_default_case_templates"),
    ]

    operations = [
        add_defaults(TEMPLATES),
    ]
