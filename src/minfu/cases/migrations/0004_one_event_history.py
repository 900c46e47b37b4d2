"""Application events become records.RecordEvent rows: occurred_at, organisation, internal
notes, registered action names (ADR 0008)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

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
ACTOR_KINDS = [("staff", "Staff"), ("applicant", "Applicant"), ("petitioner", "Petitioner"),
               ("system", "System")]


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

    dependencies = [('cases', '0003_indexes_for_queues_and_metrics'), ('core', '0002_auditevent_organisation_action_names'), ('org', '0002_contact_sort_version')]

    operations = [
        migrations.RenameField(model_name="caseevent", old_name="at", new_name="occurred_at"),
        migrations.AddField(
            model_name="caseevent",
            name="organisation",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="org.organisation",
                                    verbose_name="organisation"),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="internal_note_zh",
            field=models.TextField(blank=True, verbose_name="internal note (Chinese)"),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="internal_note_en",
            field=models.TextField(blank=True, verbose_name="internal note (English)"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="action",
            field=models.CharField(max_length=80, verbose_name="action"),
        ),
        migrations.RunPython(forward, backward),
        migrations.AlterField(
            model_name="caseevent",
            name="organisation",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="org.organisation",
                                    verbose_name="organisation"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="occurred_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now,
                                       verbose_name="occurred at"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="actor_kind",
            field=models.CharField(choices=ACTOR_KINDS, max_length=12,
                                   verbose_name="actor kind"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="from_state",
            field=models.CharField(blank=True, max_length=30, verbose_name="from state"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="to_state",
            field=models.CharField(blank=True, max_length=30, verbose_name="to state"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="public_note_zh",
            field=models.TextField(blank=True, verbose_name="note to the citizen (Chinese)"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="public_note_en",
            field=models.TextField(blank=True, verbose_name="note to the citizen (English)"),
        ),
        migrations.AlterField(
            model_name="casedocument",
            name="uploaded_by_kind",
            field=models.CharField(choices=ACTOR_KINDS, max_length=10,
                                   verbose_name="uploaded by"),
        ),
        migrations.AlterModelOptions(
            name="caseevent",
            options={"ordering": ["occurred_at", "id"], "verbose_name": "application event", "verbose_name_plural": "application events"},
        ),
    ]
