"""Each petition event gets its record's organisation and its registered action name
(ADR 0008); in a migration of its own, so that PostgreSQL checks the rows it changes
before the next one alters the table."""

from django.db import migrations

# Stored action names before the naming rule `<thing>.<past participle>` (ADR 0008).
RENAMED = {
    "submit": "petition.submitted",
    "transferred_in": "petition.transfer.received",
    "assign": "petition.assigned",
    "start": "petition.handling.started",
    "extend": "petition.extended",
    "not_handled": "petition.dismissed",
    "merge": "petition.merged",
    "merged_in": "petition.merge.received",
    "transfer": "petition.transferred",
    "draft_reply": "petition.reply.drafted",
    "return_draft": "petition.reply.returned",
    "reply": "petition.reply.approved",
    "close": "petition.closed",
    "reopen": "petition.reopened",
    "rate": "petition.reply.rated",
    "follow_up_closed": "petition.follow_up.closed",
    "due_date_recalculated": "petition.due_date.recalculated",
    "notice_not_sent": "petition.notice.skipped",
}
BATCH = 2000


def forward(apps, schema_editor):
    """Each event gets its record's organisation and its new action name; the audit
    events about these records get the organisation as well."""
    Event = apps.get_model("voice", "PetitionEvent")
    Record = apps.get_model("voice", "Petition")
    AuditEvent = apps.get_model("core", "AuditEvent")
    for old, new in RENAMED.items():
        Event.objects.filter(action=old).update(action=new)
    # A reply passed on to a case merged into the replied one ("via") was sent, not approved.
    Event.objects.filter(action="petition.reply.approved", data__has_key="via").update(
        action="petition.reply.sent")
    for organisation_id in Record.objects.values_list("organisation_id", flat=True).distinct():
        records = Record.objects.filter(organisation_id=organisation_id)
        Event.objects.filter(petition__in=records).update(organisation_id=organisation_id)
        ids = [str(pk) for pk in records.values_list("pk", flat=True)]
        for start in range(0, len(ids), BATCH):
            AuditEvent.objects.filter(object_type="voice.petition",
                                      object_id__in=ids[start:start + BATCH]).update(
                organisation_id=organisation_id)


def backward(apps, schema_editor):
    Event = apps.get_model("voice", "PetitionEvent")
    for old, new in RENAMED.items():
        Event.objects.filter(action=new).update(action=old)
    Event.objects.filter(action="petition.reply.sent").update(action="reply")


class Migration(migrations.Migration):

    dependencies = [
        ("voice", "0003_event_history_columns"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
