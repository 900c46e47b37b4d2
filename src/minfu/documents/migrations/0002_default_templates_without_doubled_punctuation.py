"""The default message templates set typed text (a reason, a note, a ground) inside
sentences: "因{{ reason }}，" read "因需會辦其他機關。，" when the officer ended the reason
with a full stop. Each such place in a default template now takes the `clause` filter,
which drops what the text ends with. Only defaults change (an organisation's own
templates are its administrators'); the rule is frozen here on purpose."""

import re

from django.db import migrations

FREE_TEXT = ("reason", "note", "ground", "reply_text", "remedies", "legal_basis")
INSIDE_A_SENTENCE = re.compile(r"\{\{ (" + "|".join(FREE_TEXT) + r") \}\}(?=[，。,.）)；;：:])")


def add_clause(apps, schema_editor):
    MessageTemplate = apps.get_model("notify", "MessageTemplate")
    for template in MessageTemplate.objects.filter(organisation__isnull=True,
                                                   service_type__isnull=True):
        fields = {}
        for field in ("subject_zh", "body_zh", "subject_en", "body_en"):
            text = getattr(template, field)
            changed = INSIDE_A_SENTENCE.sub(r"{{ \1|clause }}", text)
            if changed != text:
                fields[field] = changed
        if fields:
            MessageTemplate.objects.filter(pk=template.pk).update(**fields)


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0001_letterheads_wordings_numbers"),
        ("notify", "0004_redact_access_codes"),
        ("voice", "0011_reply_published_question"),
        ("plans", "0012_review_state_labels"),
        ("assessment", "0006_award_categories_stages_judges"),
        ("knowledge", "0002_review_due_template"),
        ("surveys", "0002_default_invitation_templates"),
    ]

    operations = [migrations.RunPython(add_clause, migrations.RunPython.noop)]
