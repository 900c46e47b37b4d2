"""The action names of applications (record events and audit events), registered once,
with how each reads on a timeline and which of them the applicant sees."""

from django.utils.translation import gettext_lazy as _

from minfu.cases.workflow import Action
from minfu.core.audit import register_actions

CASE_SUBMITTED = "case.submitted"
CASE_ACCEPTED = "case.accepted"
CASE_REVIEW_STARTED = "case.review.started"
CASE_SUPPLEMENT_REQUESTED = "case.supplement.requested"
CASE_SUPPLEMENT_RECEIVED = "case.supplement.received"
CASE_SUPPLY_LAPSED = "case.supply.lapsed"
CASE_SUPPLY_REMINDED = "case.supply.reminded"
CASE_FETCHED_DOCUMENT_CHECKED = "case.fetched_document.checked"
CASE_HANDED_OVER = "case.handover.recorded"
CASE_PAUSE_STARTED = "case.pause.started"
CASE_PAUSE_ENDED = "case.pause.ended"
CASE_EXTENDED = "case.extended"
CASE_DECIDED = "case.decided"
CASE_CLOSED = "case.closed"
CASE_WITHDRAWN = "case.withdrawn"
CASE_TRANSFERRED = "case.transferred"
CASE_ASSIGNED = "case.assigned"
CASE_DUE_DATES_RECALCULATED = "case.due_dates.recalculated"
CASE_NOTICE_SKIPPED = "case.notice.skipped"
CASE_ESCALATED = "case.escalated"
CASE_DOCUMENT_VIEWED = "case_document.viewed"
CASE_DIGEST_QUEUED = "case_digest.queued"
DEFICIENCY_NOTICE_ISSUED = "deficiency_notice.issued"

ACTIONS = register_actions(
    CASE_SUBMITTED, CASE_ACCEPTED, CASE_REVIEW_STARTED, CASE_SUPPLEMENT_REQUESTED,
    CASE_SUPPLEMENT_RECEIVED, CASE_PAUSE_STARTED, CASE_PAUSE_ENDED, CASE_EXTENDED,
    CASE_DECIDED, CASE_CLOSED, CASE_WITHDRAWN, CASE_TRANSFERRED, CASE_ASSIGNED,
    CASE_DUE_DATES_RECALCULATED, CASE_NOTICE_SKIPPED, CASE_ESCALATED, CASE_DOCUMENT_VIEWED,
    CASE_DIGEST_QUEUED, DEFICIENCY_NOTICE_ISSUED, CASE_SUPPLY_LAPSED, CASE_SUPPLY_REMINDED,
    CASE_FETCHED_DOCUMENT_CHECKED, CASE_HANDED_OVER,
)

# The event a workflow step leaves behind.
STEP_EVENTS = {
    Action.ACCEPT: CASE_ACCEPTED,
    Action.START_REVIEW: CASE_REVIEW_STARTED,
    Action.REQUEST_SUPPLEMENT: CASE_SUPPLEMENT_REQUESTED,
    Action.SUPPLEMENT_RECEIVED: CASE_SUPPLEMENT_RECEIVED,
    Action.SUPPLY_LAPSED: CASE_SUPPLY_LAPSED,
    Action.DECIDE: CASE_DECIDED,
    Action.CLOSE: CASE_CLOSED,
    Action.WITHDRAW: CASE_WITHDRAWN,
    Action.TRANSFER: CASE_TRANSFERRED,
}

# What the applicant's timeline shows; assignment and internal notes stay internal.
PUBLIC_ACTIONS = frozenset({
    CASE_SUPPLY_LAPSED, CASE_SUPPLY_REMINDED, CASE_HANDED_OVER, CASE_SUBMITTED, CASE_ACCEPTED,
    CASE_REVIEW_STARTED, CASE_SUPPLEMENT_REQUESTED,
    CASE_SUPPLEMENT_RECEIVED, CASE_PAUSE_STARTED, CASE_PAUSE_ENDED, CASE_EXTENDED,
    CASE_DECIDED, CASE_CLOSED, CASE_WITHDRAWN, CASE_TRANSFERRED,
})

TIMELINE_LABELS = {
    CASE_SUBMITTED: _("Application received"),
    CASE_ACCEPTED: _("Application accepted"),
    CASE_REVIEW_STARTED: _("Review started"),
    CASE_SUPPLEMENT_REQUESTED: _("Missing documents requested"),
    CASE_SUPPLEMENT_RECEIVED: _("Missing documents received"),
    CASE_SUPPLY_LAPSED: _("Supply-by date passed: reviewed on the documents received"),
    CASE_SUPPLY_REMINDED: _("Reminded of the supply-by date"),
    CASE_FETCHED_DOCUMENT_CHECKED: _("Document obtained by the agency"),
    CASE_HANDED_OVER: _("Received by another agency's counter and handed over"),
    CASE_PAUSE_STARTED: _("Waiting for another authority"),
    CASE_PAUSE_ENDED: _("No longer waiting for another authority"),
    CASE_EXTENDED: _("Processing period extended"),
    CASE_DECIDED: _("Decision made"),
    CASE_CLOSED: _("Application closed"),
    CASE_WITHDRAWN: _("Application withdrawn"),
    CASE_TRANSFERRED: _("Application transferred"),
    CASE_ASSIGNED: _("Officer assigned"),
    CASE_NOTICE_SKIPPED: _("Applicant not notified (no contact or no message template)"),
}
