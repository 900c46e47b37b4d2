"""Every staff read of notifications. A message about a citizen record is seen by whoever
sees that record through its kind's own selector (unit scope, the head-of-agency
mailbox); any other message by whoever sees its organisation whole. Default templates
(no organisation) are readable by all staff: every organisation uses them. And what the
delivery reads of the whole outbox: which messages are due."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import CharField, Count, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import NotFound
from minfu.core.ids import as_id
from minfu.notify.models import MessageTemplate, OutboxMessage
from minfu.org.permissions import can
from minfu.org.selectors import visible_scope
from minfu.records.steps import kind_of_model, registered

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
    messages = _readable_messages(user).select_related("organisation")
    if status in OutboxMessage.Status.values:
        messages = messages.filter(status=status)
    return messages


def _readable_messages(user) -> QuerySet[OutboxMessage]:
    """One query whatever the page size: each record kind's selector is a subquery."""
    scope = visible_scope(user)
    messages = OutboxMessage.objects.filter(organisation_id__in=scope.organisation_ids)
    if getattr(user, "is_superuser", False):
        return messages
    record_labels, readable = [], Q()
    for steps in registered():
        if steps.list_for is None:
            continue
        records = steps.list_for(user)
        label = records.model._meta.label_lower
        record_labels.append(label)
        # related_id is text: compare it with each visible record's key as text.
        keys = records.order_by().annotate(key=Cast("pk", CharField())).values("key")
        readable |= Q(related_type=label, related_id__in=keys)
    # Staff messages (digests, reminders) name records of several units: whole
    # organisations only.
    readable |= (~Q(related_type__in=record_labels)
                 & Q(organisation_id__in=scope.whole_organisation_ids))
    return messages.filter(readable)


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
    """How many of the messages the user sees are in each state (one query)."""
    rows = (_readable_messages(user).order_by().values("status")
            .annotate(count=Count("id")))
    return {row["status"]: row["count"] for row in rows}


def secret_lifetime() -> timedelta:
    """How long a message keeps its recipient's secret sealed for its first delivery
    (retries and a resend after a failure included)."""
    return timedelta(hours=settings.MINFU_NOTIFY_SECRET_HOURS)


def secret_kept(message: OutboxMessage, *, now: datetime | None = None) -> bool:
    """Whether the next delivery of `message` still carries its secret."""
    return bool(message.sealed_text) and (
        message.created_at > (now or timezone.now()) - secret_lifetime())


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
