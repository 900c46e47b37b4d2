"""Every staff read of notifications, limited to the user's organisations (default
templates, with no organisation, are readable by all staff: every organisation uses
them); and what the delivery reads of the whole outbox: which messages are due."""

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import NotFound
from minfu.core.ids import as_id
from minfu.notify.models import MessageTemplate, OutboxMessage
from minfu.org.permissions import can
from minfu.org.selectors import visible_scope
from minfu.records.steps import kind_of_model

RESEND = "notify.resend"
EDIT_TEMPLATES = "notify.edit_templates"
Status = OutboxMessage.Status


def due_for_delivery(now: datetime) -> Q:
    """Pending messages whose time has come, and those whose sender's lease ran out."""
    return (Q(status=Status.PENDING, next_attempt_at__lte=now)
            | Q(status=Status.SENDING, claimed_until__lte=now))


def outbox_has_due() -> bool:
    return OutboxMessage.objects.filter(due_for_delivery(timezone.now())).exists()


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


def may_resend(user, message: OutboxMessage) -> bool:
    """A message about a citizen record (a case, a petition) may be resent by whoever may
    see that record through its own selector (unit scope, the head-of-agency mailbox) and
    holds notify.resend on it; any other message by notify.resend on its organisation."""
    kind = kind_of_model(message.related_type)
    if kind is None or not message.related_id:
        return can(user, RESEND, organisation=message.organisation)
    try:
        record = kind.get_for(user, message.related_id)
    except NotFound:
        return False
    return kind.may(user, RESEND, record)


def may_edit_template(user, template: MessageTemplate | None = None) -> bool:
    """Default templates (no organisation) serve every organisation: superusers only."""
    if template is None:
        return can(user, EDIT_TEMPLATES)
    if template.organisation_id is None:
        return getattr(user, "is_superuser", False)
    return can(user, EDIT_TEMPLATES, organisation=template.organisation)
