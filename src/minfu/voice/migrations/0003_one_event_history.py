"""Petition events become records.RecordEvent rows: occurred_at, organisation, notes in
both languages, registered action names (ADR 0008)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

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
ACTOR_KINDS = [("staff", "Staff"), ("applicant", "Applicant"), ("petitioner", "Petitioner"),
               ("system", "System")]


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

    dependencies = [('voice', '0002_default_templates'), ('core', '0002_auditevent_organisation_action_names'), ('org', '0002_contact_sort_version')]

    operations = [
        migrations.RenameField(model_name="petitionevent", old_name="at", new_name="occurred_at"),
        migrations.RenameField(model_name="petitionevent", old_name="public_note",
                               new_name="public_note_zh"),
        migrations.AddField(
            model_name="petitionevent",
            name="public_note_en",
            field=models.TextField(blank=True, verbose_name="note to the citizen (English)"),
        ),
        migrations.AddField(
            model_name="petitionevent",
            name="organisation",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="org.organisation",
                                    verbose_name="organisation"),
        ),
        migrations.AddField(
            model_name="petitionevent",
            name="internal_note_zh",
            field=models.TextField(blank=True, verbose_name="internal note (Chinese)"),
        ),
        migrations.AddField(
            model_name="petitionevent",
            name="internal_note_en",
            field=models.TextField(blank=True, verbose_name="internal note (English)"),
        ),
        migrations.AlterField(
            model_name="petitionevent",
            name="action",
            field=models.CharField(max_length=80, verbose_name="action"),
        ),
        migrations.RunPython(forward, backward),
        migrations.AlterField(
            model_name="petitionevent",
            name="organisation",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="org.organisation",
                                    verbose_name="organisation"),
        ),
        migrations.AlterField(
            model_name="petitionevent",
            name="occurred_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now,
                                       verbose_name="occurred at"),
        ),
        migrations.AlterField(
            model_name="petitionevent",
            name="actor_kind",
            field=models.CharField(choices=ACTOR_KINDS, max_length=12,
                                   verbose_name="actor kind"),
        ),
        migrations.AlterField(
            model_name="petitionevent",
            name="from_state",
            field=models.CharField(blank=True, max_length=30, verbose_name="from state"),
        ),
        migrations.AlterField(
            model_name="petitionevent",
            name="to_state",
            field=models.CharField(blank=True, max_length=30, verbose_name="to state"),
        ),
        migrations.AlterField(
            model_name="petitionevent",
            name="public_note_zh",
            field=models.TextField(blank=True, verbose_name="note to the citizen (Chinese)"),
        ),
        migrations.AlterModelOptions(
            name="petitionevent",
            options={"ordering": ["occurred_at", "id"], "verbose_name": "petition event", "verbose_name_plural": "petition events"},
        ),
    ]
