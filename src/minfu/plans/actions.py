"""The audit action names of execution plans, their actions, indicators and progress
reports, registered once."""

from minfu.core.audit import register_actions

PLAN_CREATED = "plan.created"
PLAN_UPDATED = "plan.updated"
PLAN_PUBLISHED = "plan.published"
PLAN_REVISION_STARTED = "plan.revision.started"
PLAN_SECTION_SAVED = "plan.section.saved"
PLANS_MISSING_REMINDED = "programme.plans_missing.reminded"
PROGRAMME_DEADLINE_SET = "programme.deadline.set"
PLAN_SECTION_DELETED = "plan.section.deleted"
PLAN_DIRECTIVE_ADDED = "plan.directive.added"
PLAN_LEVEL_SET = "plan.level.set"
PLAN_NODE_ADDED = "plan.node.added"
PLAN_NODE_UPDATED = "plan.node.updated"
PLAN_NODE_MOVED = "plan.node.moved"
PLAN_NODE_DELETED = "plan.node.deleted"
PLAN_ACTION_SET = "plan.action.set"
PLAN_ACTION_DONE = "plan.action.done"
PLAN_INDICATOR_SAVED = "plan.indicator.saved"
PLAN_INDICATOR_ACTUAL_RECORDED = "plan.indicator_actual.recorded"
PLAN_COPIED = "plan.copied"
PLAN_ACTIONS_IMPORTED = "plan.actions.imported"
PLAN_PERIOD_CREATED = "plan.period.created"
PLAN_UNIT_GROUP_SAVED = "plan.unit_group.saved"
PLAN_UNIT_GROUP_DELETED = "plan.unit_group.deleted"
PLAN_PERIOD_OPENED = "plan.period.opened"
PROGRESS_REPORT_SAVED = "progress_report.saved"
PROGRESS_REPORT_ATTACHMENT_ADDED = "progress_report.attachment.added"
PROGRESS_REPORT_SUBMITTED = "progress_report.submitted"
PROGRESS_REPORT_ACCEPTED = "progress_report.accepted"
PROGRESS_REPORT_RETURNED = "progress_report.returned"

ACTIONS = register_actions(
    PLAN_CREATED, PLAN_UPDATED, PLAN_PUBLISHED, PLAN_DIRECTIVE_ADDED, PLAN_LEVEL_SET,
    PLAN_NODE_ADDED, PLAN_NODE_UPDATED, PLAN_NODE_MOVED, PLAN_NODE_DELETED, PLAN_ACTION_SET,
    PLAN_ACTION_DONE, PLAN_INDICATOR_SAVED, PLAN_INDICATOR_ACTUAL_RECORDED, PLAN_COPIED,
    PLAN_ACTIONS_IMPORTED, PLAN_PERIOD_CREATED, PLAN_PERIOD_OPENED, PROGRESS_REPORT_SAVED,
    PROGRESS_REPORT_ATTACHMENT_ADDED, PROGRESS_REPORT_SUBMITTED, PROGRESS_REPORT_ACCEPTED,
    PROGRESS_REPORT_RETURNED, PLAN_UNIT_GROUP_SAVED, PLAN_UNIT_GROUP_DELETED,
    PLAN_REVISION_STARTED, PLAN_SECTION_SAVED, PLAN_SECTION_DELETED, PLANS_MISSING_REMINDED,
    PROGRAMME_DEADLINE_SET,
)
