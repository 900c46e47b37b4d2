"""Shared helpers for the notification tests: templates, queued messages, backends that
fail like a mail server that is down."""

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from minfu.notify import services
from minfu.notify.models import Channel, MessageTemplate


class MailServerDown(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


class GatewayDown:
    def send(self, *, to, text):
        raise TimeoutError("SMS gateway timed out")


def template(*, event="case.received", channel=Channel.EMAIL, organisation=None,
             service_type=None, body_zh="您好{{ recipient_name }}，案件{{ case_number }}已收件。",
             body_en="Dear {{ recipient_name }}, case {{ case_number }} is received.",
             subject_zh="收件通知", subject_en="Received", skip_checks=False,
             **fields) -> MessageTemplate:
    """A saved template; `skip_checks` writes it directly, as a row saved before a
    template tag changed might be."""
    row = MessageTemplate(event=event, channel=channel, organisation=organisation,
                          service_type=service_type, body_zh=body_zh, body_en=body_en,
                          subject_zh=subject_zh, subject_en=subject_en, **fields)
    if skip_checks:
        row.save()
        return row
    return services.message_template_save(template=row, expected_version=None)


def queue(organisation, *, dedupe_key="case-1-received", channel=Channel.EMAIL,
          recipient="citizen@example.com", language="zh-hant", service_type=None,
          event="case.received", context=None, related=None):
    with transaction.atomic():
        return services.notification_queue(
            event=event, organisation=organisation, recipient=recipient, channel=channel,
            language=language, context=context or {"recipient_name": "王小明",
                                                   "case_number": "1140305-0001"},
            service_type=service_type, dedupe_key=dedupe_key, related=related)


def what_staff_see(client, message, *, officer) -> str:
    """Every staff view of `message`: the officer's outbox page, message page and API
    (list and detail), and a superuser's admin (list and change page)."""
    from django.urls import reverse

    from tests.org.factories import superuser

    client.force_login(officer)
    responses = [client.get(reverse("notify:staff-outbox")),
                 client.get(reverse("notify:staff-message", args=[message.pk])),
                 client.get(reverse("api:notify-message-list")),
                 client.get(reverse("api:notify-message-detail", args=[message.pk]))]
    client.force_login(superuser())
    responses += [client.get(reverse("admin:notify_outboxmessage_changelist")),
                  client.get(reverse("admin:notify_outboxmessage_change", args=[message.pk]))]
    assert [response.status_code for response in responses] == [200] * len(responses)
    return "".join(response.content.decode() for response in responses)


def stored_row(message) -> str:
    """Every column of the message's row, as a database reader sees it."""
    from minfu.notify.models import OutboxMessage

    return str(OutboxMessage.objects.filter(pk=message.pk).values().get())
