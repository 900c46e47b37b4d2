"""The action names of proposals (record events and audit events), registered once, with
how each reads on a timeline and which of them the proposer and the public see."""

from django.utils.translation import gettext_lazy as _

from minfu.core.audit import register_actions

PROPOSAL_SUBMITTED = "proposal.submitted"
PROPOSAL_SIGNING_OPENED = "proposal.signing.opened"
PROPOSAL_REJECTED = "proposal.rejected"
PROPOSAL_MERGED = "proposal.merged"
PROPOSAL_MERGE_RECEIVED = "proposal.merge.received"
PROPOSAL_THRESHOLD_REACHED = "proposal.threshold.reached"
PROPOSAL_EXPIRED = "proposal.expired"
PROPOSAL_EXTENDED = "proposal.extended"
PROPOSAL_ANSWERED = "proposal.answered"
PROPOSAL_NOTICE_SKIPPED = "proposal.notice.skipped"
PROPOSAL_DUE_DATE_RECALCULATED = "proposal.due_date.recalculated"

ACTIONS = register_actions(
    PROPOSAL_SUBMITTED, PROPOSAL_SIGNING_OPENED, PROPOSAL_REJECTED, PROPOSAL_MERGED,
    PROPOSAL_MERGE_RECEIVED, PROPOSAL_THRESHOLD_REACHED, PROPOSAL_EXPIRED, PROPOSAL_EXTENDED,
    PROPOSAL_ANSWERED, PROPOSAL_NOTICE_SKIPPED, PROPOSAL_DUE_DATE_RECALCULATED,
)

PUBLIC_ACTIONS = frozenset({
    PROPOSAL_SUBMITTED, PROPOSAL_SIGNING_OPENED, PROPOSAL_REJECTED, PROPOSAL_MERGED,
    PROPOSAL_MERGE_RECEIVED, PROPOSAL_THRESHOLD_REACHED, PROPOSAL_EXPIRED, PROPOSAL_EXTENDED,
    PROPOSAL_ANSWERED,
})

TIMELINE_LABELS = {
    PROPOSAL_SUBMITTED: _("Proposal received"),
    PROPOSAL_SIGNING_OPENED: _("Open for co-signing"),
    PROPOSAL_REJECTED: _("Not accepted"),
    PROPOSAL_MERGED: _("Merged into another proposal"),
    PROPOSAL_MERGE_RECEIVED: _("Another proposal merged into this one"),
    PROPOSAL_THRESHOLD_REACHED: _("Enough co-signers: the agency will respond"),
    PROPOSAL_EXPIRED: _("Co-signing period ended"),
    PROPOSAL_EXTENDED: _("Response period extended"),
    PROPOSAL_ANSWERED: _("Response published"),
    PROPOSAL_DUE_DATE_RECALCULATED: _("Response due date recounted after an office closure"),
    PROPOSAL_NOTICE_SKIPPED: _("Proposer not notified"),
}
