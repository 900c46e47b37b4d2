"""The audit action names of inspections, improvement items, proposals and awards,
registered once."""

from minfu.core.audit import register_actions

SHEET_CHANGED = "assessment.sheet.changed"
SHEET_VERSIONED = "assessment.sheet.versioned"
SHEET_CREATED = "assessment.sheet.created"
INSPECTION_CREATED = "assessment.inspection.created"
INSPECTION_SCORED = "assessment.inspection.scored"
INSPECTION_FINALISED = "assessment.inspection.finalised"
FINDING_ADDED = "assessment.finding.added"
ITEM_OPENED = "assessment.item.opened"
ITEM_REPLIED = "assessment.item.replied"
ITEM_CLOSED = "assessment.item.closed"
ITEM_RETURNED = "assessment.item.returned"
ITEM_ESCALATED = "assessment.item.escalated"
ITEM_PLANNED = "assessment.item.planned"
MEETING_RECORDED = "assessment.meeting.recorded"
COURTESY_TEST_RECORDED = "assessment.courtesy.recorded"
NOMINATION_CREATED = "assessment.nomination.created"
NOMINATION_SELECTED = "assessment.nomination.selected"
PROPOSAL_SUBMITTED = "assessment.proposal.submitted"
PROPOSAL_DECIDED = "assessment.proposal.decided"
PROPOSAL_IMPLEMENTATION_RECORDED = "assessment.proposal_implementation.recorded"
PROPOSAL_PLANNED = "assessment.proposal.planned"
AWARD_ROUND_CREATED = "assessment.award_round.created"
AWARD_ENTRY_SUBMITTED = "assessment.award_entry.submitted"
AWARD_ENTRY_SCORED = "assessment.award_entry.scored"
AWARD_ROUND_RANKED = "assessment.award_round.ranked"
AWARD_ROUND_PUBLISHED = "assessment.award_round.published"
AWARD_CATEGORY_CHANGED = "assessment.award_category.changed"
AWARD_STAGE_CHANGED = "assessment.award_stage.changed"
AWARD_STAGE_DECIDED = "assessment.award_stage.decided"
AWARD_POOL_CHANGED = "assessment.award_pool.changed"
AWARD_JUDGES_ASSIGNED = "assessment.award_judges.assigned"
AWARD_CONFLICT_DECLARED = "assessment.award_conflict.declared"

ACTIONS = register_actions(
    SHEET_CHANGED, SHEET_VERSIONED, SHEET_CREATED, INSPECTION_CREATED, INSPECTION_SCORED,
    INSPECTION_FINALISED, FINDING_ADDED, ITEM_OPENED, ITEM_REPLIED, ITEM_CLOSED,
    ITEM_RETURNED, ITEM_ESCALATED, ITEM_PLANNED, MEETING_RECORDED, COURTESY_TEST_RECORDED,
    NOMINATION_CREATED, NOMINATION_SELECTED, PROPOSAL_SUBMITTED, PROPOSAL_DECIDED,
    PROPOSAL_IMPLEMENTATION_RECORDED, PROPOSAL_PLANNED, AWARD_ROUND_CREATED,
    AWARD_ENTRY_SUBMITTED, AWARD_ENTRY_SCORED, AWARD_ROUND_RANKED, AWARD_ROUND_PUBLISHED,
    AWARD_CATEGORY_CHANGED, AWARD_STAGE_CHANGED, AWARD_STAGE_DECIDED, AWARD_POOL_CHANGED,
    AWARD_JUDGES_ASSIGNED, AWARD_CONFLICT_DECLARED,
)

# Inspection sign-off and publication (assessment/inspection_signoff.py).
INSPECTION_SUBMITTED = "assessment.inspection.submitted"
INSPECTION_REVIEWED = "assessment.inspection.reviewed"
INSPECTION_RETURNED = "assessment.inspection.returned"
INSPECTION_APPROVED = "assessment.inspection.approved"
INSPECTION_NOTIFIED = "assessment.inspection.notified"
INSPECTION_PUBLICATION_SAVED = "assessment.inspection_publication.saved"
INSPECTION_PUBLISHED = "assessment.inspection.published"
INSPECTION_UNPUBLISHED = "assessment.inspection.unpublished"
FINDING_REMOVED = "assessment.finding.removed"

SIGNOFF_ACTIONS = register_actions(
    INSPECTION_SUBMITTED, INSPECTION_REVIEWED, INSPECTION_RETURNED, INSPECTION_APPROVED,
    INSPECTION_NOTIFIED, INSPECTION_PUBLICATION_SAVED, INSPECTION_PUBLISHED,
    INSPECTION_UNPUBLISHED, FINDING_REMOVED,
)
