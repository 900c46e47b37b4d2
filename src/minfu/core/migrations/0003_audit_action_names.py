"""Every stored audit action name follows `<thing>.<past participle>` (ADR 0008); in a
migration of its own, so that PostgreSQL checks the rows it changes apart from any change
of the table."""

from django.db import migrations

# Stored names before the naming rule; the new names are the registered ones.
RENAMED = {
    "assessment.item_into_plan": "assessment.item.planned",
    "assessment.proposal.implementation_recorded": "assessment.proposal_implementation.recorded",
    "assessment.proposal_into_plan": "assessment.proposal.planned",
    "cases.accept": "case.accepted",
    "cases.assign": "case.assigned",
    "cases.close": "case.closed",
    "cases.decide": "case.decided",
    "cases.deficiency_notice.issued": "deficiency_notice.issued",
    "cases.document_viewed": "case_document.viewed",
    "cases.due_dates_recalculated": "case.due_dates.recalculated",
    "cases.extend": "case.extended",
    "cases.notice_not_sent": "case.notice.skipped",
    "cases.officer_digest_queued": "case_digest.queued",
    "cases.overdue_escalated": "case.escalated",
    "cases.pause_end": "case.pause.ended",
    "cases.pause_start": "case.pause.started",
    "cases.request_supplement": "case.supplement.requested",
    "cases.start_review": "case.review.started",
    "cases.submit": "case.submitted",
    "cases.supplement_received": "case.supplement.received",
    "cases.transfer": "case.transferred",
    "cases.withdraw": "case.withdrawn",
    "metrics.rebuild": "metrics.rebuilt",
    "notify.queued": "notify.message.queued",
    "notify.resent": "notify.message.resent",
    "notify.template_changed": "notify.template.changed",
    "notify.template_created": "notify.template.created",
    "plans.action_mark_done": "plan.action.done",
    "plans.action_set": "plan.action.set",
    "plans.actions_import": "plan.actions.imported",
    "plans.directive_add": "plan.directive.added",
    "plans.indicator_record_actual": "plan.indicator_actual.recorded",
    "plans.indicator_save": "plan.indicator.saved",
    "plans.level_set": "plan.level.set",
    "plans.node_add": "plan.node.added",
    "plans.node_delete": "plan.node.deleted",
    "plans.node_move": "plan.node.moved",
    "plans.node_update": "plan.node.updated",
    "plans.period_create": "plan.period.created",
    "plans.period_open": "plan.period.opened",
    "plans.plan_copy": "plan.copied",
    "plans.plan_create": "plan.created",
    "plans.plan_publish": "plan.published",
    "plans.plan_update": "plan.updated",
    "plans.report_accept": "progress_report.accepted",
    "plans.report_attach": "progress_report.attachment.added",
    "plans.report_return": "progress_report.returned",
    "plans.report_save": "progress_report.saved",
    "plans.report_submit": "progress_report.submitted",
    "surveys.follow_up_advance": "rating.follow_up.advanced",
    "surveys.follow_up_open": "rating.follow_up.opened",
    "surveys.invitation_create": "survey.invitation.created",
    "surveys.rating_submit": "rating.submitted",
    "surveys.response_submit": "survey.response.submitted",
    "surveys.survey_create": "survey.created",
    "surveys.version_edit": "survey.version.edited",
    "surveys.version_publish": "survey.version.published",
    "surveys.wave_create": "survey.wave.created",
    "voice.assign": "petition.assigned",
    "voice.category_save": "petition_category.saved",
    "voice.close": "petition.closed",
    "voice.draft_reply": "petition.reply.drafted",
    "voice.due_date_recalculated": "petition.due_date.recalculated",
    "voice.extend": "petition.extended",
    "voice.follow_up_closed": "petition.follow_up.closed",
    "voice.mailbox_reader_add": "mailbox_reader.added",
    "voice.mailbox_reader_remove": "mailbox_reader.removed",
    "voice.merge": "petition.merged",
    "voice.merged_in": "petition.merge.received",
    "voice.not_handled": "petition.dismissed",
    "voice.notice_not_sent": "petition.notice.skipped",
    "voice.officer_digest_queued": "petition_digest.queued",
    "voice.overdue_escalated": "petition.escalated",
    "voice.rate": "petition.reply.rated",
    "voice.reopen": "petition.reopened",
    "voice.reply": "petition.reply.approved",
    "voice.return_draft": "petition.reply.returned",
    "voice.routing_rule_save": "routing_rule.saved",
    "voice.start": "petition.handling.started",
    "voice.submit": "petition.submitted",
    "voice.transfer": "petition.transferred",
    "voice.transferred_in": "petition.transfer.received",
}


def rename(apps, schema_editor, mapping=RENAMED):
    AuditEvent = apps.get_model("core", "AuditEvent")
    for old, new in mapping.items():
        AuditEvent.objects.filter(action=old).update(action=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_auditevent_organisation"),
    ]

    operations = [
        migrations.RunPython(rename, rename_back),
    ]
