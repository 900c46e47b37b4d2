"""The audit action names of the outbox and its templates, registered once."""

from minfu.core.audit import register_actions

TEMPLATE_CREATED = "notify.template.created"
TEMPLATE_CHANGED = "notify.template.changed"
MESSAGE_QUEUED = "notify.message.queued"
MESSAGE_RESENT = "notify.message.resent"

ACTIONS = register_actions(
    TEMPLATE_CREATED, TEMPLATE_CHANGED, MESSAGE_QUEUED, MESSAGE_RESENT,
)
