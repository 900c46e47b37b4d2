"""Every staff read of notifications, limited to the user's organisations. Default
templates (no organisation) are readable by all staff: every organisation uses them."""

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import NotFound
from minfu.core.ids import as_id
from minfu.notify.models import MessageTemplate, OutboxMessage
from minfu.org.selectors import visible_scope


def outbox_messages_for(user, *, status: str = "") -> QuerySet[OutboxMessage]:
    messages = OutboxMessage.objects.filter(
        organisation_id__in=visible_scope(user).organisation_ids).select_related("organisation")
    if status in OutboxMessage.Status.values:
        messages = messages.filter(status=status)
    return messages


def outbox_message_for(user, pk) -> OutboxMessage:
    message = (outbox_messages_for(user).select_related("template")
               .prefetch_related("delivery_attempts").filter(pk=as_id(pk)).first())
    if message is None:
        raise NotFound(_("No such message."))
    return message


def message_templates_for(user) -> QuerySet[MessageTemplate]:
    organisation_ids = visible_scope(user).organisation_ids
    return (MessageTemplate.objects
            .filter(Q(organisation__isnull=True) | Q(organisation_id__in=organisation_ids))
            .select_related("organisation", "service_type__organisation"))


def message_template_for(user, pk) -> MessageTemplate:
    template = message_templates_for(user).filter(pk=as_id(pk)).first()
    if template is None:
        raise NotFound(_("No such template."))
    return template


def status_counts_for(user) -> dict[str, int]:
    """How many messages of the user's organisations are in each state (one query)."""
    rows = (OutboxMessage.objects
            .filter(organisation_id__in=visible_scope(user).organisation_ids)
            .order_by().values("status").annotate(count=Count("id")))
    return {row["status"]: row["count"] for row in rows}
