"""The audit and history action names of participation, registered once, with how the
comment history reads and which events its author sees."""

from django.utils.translation import gettext_lazy as _

from minfu.core.audit import register_actions

COMMENT_SUBMITTED = "comment.submitted"
COMMENT_PUBLISHED = "comment.published"
COMMENT_HIDDEN = "comment.hidden"
COMMENT_WITHDRAWN = "comment.withdrawn"
COMMENT_ANSWERED = "comment.answered"
COMMENT_REPORTED = "comment.reported"
CONSULTATION_SAVED = "consultation.saved"
CONSULTATION_CLOSED = "consultation.closed"
CONSULTATION_REPORT_PUBLISHED = "consultation.report.published"
POLL_SAVED = "poll.saved"
RESULT_LINKED = "result.linked"

ACTIONS = register_actions(
    COMMENT_SUBMITTED, COMMENT_PUBLISHED, COMMENT_HIDDEN, COMMENT_WITHDRAWN, COMMENT_ANSWERED,
    COMMENT_REPORTED, CONSULTATION_SAVED, CONSULTATION_CLOSED, CONSULTATION_REPORT_PUBLISHED,
    POLL_SAVED, RESULT_LINKED,
)

TIMELINE_LABELS = {
    COMMENT_SUBMITTED: _("Comment received"),
    COMMENT_PUBLISHED: _("Comment published"),
    COMMENT_HIDDEN: _("Comment hidden by a moderator"),
    COMMENT_WITHDRAWN: _("Comment withdrawn"),
    COMMENT_ANSWERED: _("The agency answered"),
    COMMENT_REPORTED: _("Comment reported"),
}
PUBLIC_ACTIONS = frozenset({COMMENT_SUBMITTED, COMMENT_PUBLISHED, COMMENT_HIDDEN,
                            COMMENT_WITHDRAWN, COMMENT_ANSWERED})
