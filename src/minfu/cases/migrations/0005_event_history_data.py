"""Each application event gets its record's organisation and its registered action name
(ADR 0008); in a migration of its own, so that PostgreSQL checks the rows it changes
before the next one alters the table."""

from django.db import migrations

# Stored action names before the naming rule `<thing>.<past participle>` (ADR 0008).
RENAMED = {
    "submit": "case.submitted",
    "accept": "case.accepted",
    "start_review": "case.review.started",
    "request_supplement": "case.supplement.requested",
    "supplement_received": "case.supplement.received",
    "pause_start": "case.pause.started",
    "pause_end": "case.pause.ended",
    "extend": "case.extended",
    "decide": "case.decided",
    "close": "case.closed",
    "withdraw": "case.withdrawn",
    "transfer": "case.transferred",
    "assign": "case.assigned",
    "due_dates_recalculated": "case.due_dates.recalculated",
    "notice_not_sent": "case.notice.skipped",
}
BATCH = 2000


def forward(apps, schema_editor):
    """Each event gets its record's organisation and its new action name; the audit
    events about these records get the organisation as well."""
    Event = apps.get_model("cases", "CaseEvent")
    Record = apps.get_model("cases", "Case")
    AuditEvent = apps.get_model("core", "AuditEvent")
    for old, new in RENAMED.items():
        Event.objects.filter(action=old).update(action=new)
    for organisation_id in Record.objects.values_list("organisation_id", flat=True).distinct():
        records = Record.objects.filter(organisation_id=organisation_id)
        Event.objects.filter(case__in=records).update(organisation_id=organisation_id)
        ids = [str(pk) for pk in records.values_list("pk", flat=True)]
        for start in range(0, len(ids), BATCH):
            AuditEvent.objects.filter(object_type="cases.case",
                                      object_id__in=ids[start:start + BATCH]).update(
                organisation_id=organisation_id)


def backward(apps, schema_editor):
    Event = apps.get_model("cases", "CaseEvent")
    for old, new in RENAMED.items():
        Event.objects.filter(action=new).update(action=old)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0004_event_history_columns"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
