"""Messages queued before 0003 hold the recipient's access code in the text that staff
read. Only the receipts (case.received, petition.received) carry a code; in their subject
and body every access code (10 characters of the code alphabet, with or without the
hyphen after the fifth) is replaced by the placeholder in the message's language. A
message not yet sent keeps its original text sealed, so its recipient still gets the
code; one already sent, failed or cancelled keeps nothing (a resend goes without it)."""

import re

from django.db import migrations

from minfu.notify.rendering import withheld_text
from minfu.notify.sealing import seal

RECEIPTS = ("case.received", "petition.received")
UNSENT = ("pending", "sending")
# records.access.ALPHABET (no 0/O, 1/I/L), frozen here: codes handed out never change.
CODE = re.compile(r"(?<![0-9A-Za-z])[2-9A-HJKMNP-Z]{5}-?[2-9A-HJKMNP-Z]{5}(?![0-9A-Za-z])")
BATCH = 500


def redact(text: str, placeholder: str) -> str:
    return CODE.sub(placeholder, text)


def redact_receipts(apps, schema_editor):
    OutboxMessage = apps.get_model("notify", "OutboxMessage")
    pks = list(OutboxMessage.objects.filter(event__in=RECEIPTS).order_by("pk")
               .values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        changed = [message for message in OutboxMessage.objects.filter(
            pk__in=pks[start:start + BATCH]) if _redacted(message)]
        OutboxMessage.objects.bulk_update(
            changed, ["subject", "body", "withholds_secret", "sealed_text"])


def _redacted(message) -> bool:
    """Whether `message` held a code; if so it no longer does."""
    placeholder = withheld_text(message.language)
    subject, body = redact(message.subject, placeholder), redact(message.body, placeholder)
    if (subject, body) == (message.subject, message.body):
        return False
    if message.status in UNSENT:
        message.sealed_text = seal(message.subject, message.body)
    message.subject, message.body, message.withholds_secret = subject, body, True
    return True


class Migration(migrations.Migration):

    dependencies = [("notify", "0003_message_secrets_sealed")]

    operations = [migrations.RunPython(redact_receipts, migrations.RunPython.noop)]
