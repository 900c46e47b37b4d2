"""The action names of petitions (record events and audit events), registered once, with
how each reads on a timeline and which of them the petitioner sees."""

from django.utils.translation import gettext_lazy as _

from minfu.core.audit import register_actions

PETITION_SUBMITTED = "petition.submitted"
PETITION_TRANSFER_RECEIVED = "petition.transfer.received"
PETITION_ASSIGNED = "petition.assigned"
PETITION_HANDLING_STARTED = "petition.handling.started"
PETITION_EXTENDED = "petition.extended"
PETITION_DISMISSED = "petition.dismissed"
PETITION_MERGED = "petition.merged"
PETITION_MERGE_RECEIVED = "petition.merge.received"
PETITION_TRANSFERRED = "petition.transferred"
PETITION_REPLY_DRAFTED = "petition.reply.drafted"
PETITION_REPLY_RETURNED = "petition.reply.returned"
PETITION_REPLY_APPROVED = "petition.reply.approved"
PETITION_REPLY_SENT = "petition.reply.sent"
PETITION_CLOSED = "petition.closed"
PETITION_REOPENED = "petition.reopened"
PETITION_REPLY_RATED = "petition.reply.rated"
PETITION_FOLLOW_UP_CLOSED = "petition.follow_up.closed"
PETITION_DUE_DATE_RECALCULATED = "petition.due_date.recalculated"
PETITION_NOTICE_SKIPPED = "petition.notice.skipped"
PETITION_CONTACT_CONFIRMED = "petition.contact.confirmed"
PETITION_ESCALATED = "petition.escalated"
PETITION_DIGEST_QUEUED = "petition_digest.queued"
PETITION_CATEGORY_SAVED = "petition_category.saved"
ROUTING_RULE_SAVED = "routing_rule.saved"
MAILBOX_READER_ADDED = "mailbox_reader.added"
MAILBOX_READER_REMOVED = "mailbox_reader.removed"

ACTIONS = register_actions(
    PETITION_SUBMITTED, PETITION_TRANSFER_RECEIVED, PETITION_ASSIGNED,
    PETITION_HANDLING_STARTED, PETITION_EXTENDED, PETITION_DISMISSED, PETITION_MERGED,
    PETITION_MERGE_RECEIVED, PETITION_TRANSFERRED, PETITION_REPLY_DRAFTED,
    PETITION_REPLY_RETURNED, PETITION_REPLY_APPROVED, PETITION_REPLY_SENT, PETITION_CLOSED,
    PETITION_REOPENED, PETITION_REPLY_RATED, PETITION_FOLLOW_UP_CLOSED,
    PETITION_DUE_DATE_RECALCULATED, PETITION_NOTICE_SKIPPED, PETITION_CONTACT_CONFIRMED,
    PETITION_ESCALATED,
    PETITION_DIGEST_QUEUED, PETITION_CATEGORY_SAVED, ROUTING_RULE_SAVED,
    MAILBOX_READER_ADDED, MAILBOX_READER_REMOVED,
)

PUBLIC_ACTIONS = frozenset({
    PETITION_SUBMITTED, PETITION_HANDLING_STARTED, PETITION_EXTENDED, PETITION_DISMISSED,
    PETITION_MERGED, PETITION_TRANSFERRED, PETITION_REPLY_APPROVED, PETITION_REPLY_SENT,
    PETITION_REOPENED, PETITION_CLOSED, PETITION_REPLY_RATED,
})

TIMELINE_LABELS = {
    PETITION_SUBMITTED: _("Received"),
    PETITION_ASSIGNED: _("Officer assigned"),
    PETITION_HANDLING_STARTED: _("Handling started"),
    PETITION_EXTENDED: _("Handling limit extended"),
    PETITION_DISMISSED: _("Not handled"),
    PETITION_MERGED: _("Merged with another case"),
    PETITION_MERGE_RECEIVED: _("Another case merged into this one"),
    PETITION_TRANSFERRED: _("Transferred to the competent agency"),
    PETITION_TRANSFER_RECEIVED: _("Received by transfer"),
    PETITION_REPLY_DRAFTED: _("Reply drafted"),
    PETITION_REPLY_RETURNED: _("Draft returned"),
    PETITION_REPLY_APPROVED: _("Reply sent"),
    PETITION_REPLY_SENT: _("Reply sent"),
    PETITION_REOPENED: _("Reopened"),
    PETITION_CLOSED: _("Closed"),
    PETITION_REPLY_RATED: _("Reply rated"),
    PETITION_FOLLOW_UP_CLOSED: _("Follow-up closed"),
    PETITION_NOTICE_SKIPPED: _("Petitioner not notified (no contact, contact not confirmed "
                               "or no message template)"),
    PETITION_CONTACT_CONFIRMED: _("Contact address confirmed by the petitioner"),
}
