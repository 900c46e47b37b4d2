"""A recipient's secret (an access code) reaches the recipient and no one else: the stored
text shows a placeholder, the recipient's copy is sealed until it is sent once, and a
resend after that goes without it."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.utils import timezone

from minfu.core.models import AuditEvent
from minfu.notify import sealing, services
from minfu.notify.models import OutboxMessage
from tests.notify.helpers import queue, stored_row, template

Status = OutboxMessage.Status
CODE = "ABCDE-FGHJK"
WITHHELD_ZH = "為保護您的安全"
WITHHELD_EN = "not repeated here, for your security"


@pytest.fixture(autouse=True)
def receipt_template(world):
    return template(organisation=world.tpc, subject_zh="收件通知 {{ case_number }}",
                    body_zh="案件{{ case_number }}已收件。"
                            "{% if access_code %}查詢碼：{{ access_code }}{% endif %}",
                    body_en="Case {{ case_number }} received. "
                            "{% if access_code %}Access code: {{ access_code }}{% endif %}")


def _receipt(world, **fields):
    return queue(world.tpc, context={"recipient_name": "王小明", "case_number": "1140305-0001",
                                     "access_code": CODE}, **fields)


def test_the_stored_text_withholds_the_code_and_the_recipient_gets_it(world):
    message = _receipt(world)
    assert message.withholds_secret and message.sealed_text
    assert CODE not in stored_row(message)
    assert "1140305-0001" in message.body and WITHHELD_ZH in message.body

    services.outbox_deliver_due()
    [sent] = mail.outbox
    assert f"查詢碼：{CODE}" in sent.body and WITHHELD_ZH not in sent.body
    message.refresh_from_db()
    assert message.status == Status.SENT and message.sealed_text == ""
    assert CODE not in stored_row(message)


def test_an_english_reader_reads_the_placeholder_in_english(world):
    message = _receipt(world, language="en")
    assert WITHHELD_EN in message.body and CODE not in message.body
    services.outbox_deliver_due()
    assert f"Access code: {CODE}" in mail.outbox[0].body


def test_a_failed_delivery_keeps_the_code_for_the_retry(world, settings):
    settings.EMAIL_BACKEND = "tests.notify.helpers.MailServerDown"
    message = _receipt(world)
    services.outbox_deliver_due()
    message.refresh_from_db()
    assert message.status == Status.PENDING and message.sealed_text
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(message.next_attempt_at):
        services.outbox_deliver_due()
    assert CODE in mail.outbox[0].body


def test_a_resend_after_delivery_goes_without_the_code(world):
    message = _receipt(world)
    services.outbox_deliver_due()
    services.outbox_message_resend(message=message, actor=world.tpc_admin)
    services.outbox_deliver_due()
    first, again = mail.outbox
    assert CODE in first.body
    assert CODE not in again.body and WITHHELD_ZH in again.body
    assert AuditEvent.objects.get(action="notify.message.resent").after == {
        "status": "pending", "with_secret": False}


def test_a_failed_message_resent_within_the_lifetime_still_carries_the_code(world, settings):
    settings.MINFU_NOTIFY_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "tests.notify.helpers.MailServerDown"
    message = _receipt(world)
    services.outbox_deliver_due()
    message.refresh_from_db()
    assert message.status == Status.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.outbox_message_resend(message=message, actor=world.tpc_admin)
    services.outbox_deliver_due()
    assert CODE in mail.outbox[0].body


def test_after_its_lifetime_the_code_is_neither_sent_nor_kept(world, settings):
    settings.MINFU_NOTIFY_SECRET_HOURS = 72
    _receipt(world)
    later = timezone.now() + dt.timedelta(hours=73)
    assert services.outbox_secrets_forget(now=later - dt.timedelta(hours=2)) == 0
    with time_machine.travel(later, tick=False):
        services.outbox_deliver_due()
    assert CODE not in mail.outbox[0].body and WITHHELD_ZH in mail.outbox[0].body

    unsent = _receipt(world, dedupe_key="unsent")
    assert services.outbox_secrets_forget(now=later) == 1
    unsent.refresh_from_db()
    assert unsent.sealed_text == "" and unsent.withholds_secret


def test_a_template_that_does_not_show_the_code_seals_nothing(world):
    template(organisation=world.tpc, channel="sms", body_zh="案件{{ case_number }}已收件。")
    message = _receipt(world, channel="sms", recipient="0912345678", dedupe_key="sms")
    assert (message.withholds_secret, message.sealed_text) == (False, "")


def test_the_sealed_text_opens_only_with_the_key_and_while_fresh(settings):
    token = sealing.seal("主旨", f"查詢碼：{CODE}")
    assert CODE not in token
    fresh = dt.timedelta(hours=1)
    assert sealing.unseal(token, max_age=fresh) == ("主旨", f"查詢碼：{CODE}")
    old_key, settings.SECRET_KEY = settings.SECRET_KEY, "another-key-" + "x" * 50
    assert sealing.unseal(token, max_age=fresh) is None
    settings.SECRET_KEY_FALLBACKS = [old_key]  # a rotated key still opens what it sealed
    assert sealing.unseal(token, max_age=fresh) is not None
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        assert sealing.unseal(token, max_age=fresh) is None


def test_the_migration_redacts_the_codes_already_stored(world):
    redaction = importlib.import_module("minfu.notify.migrations.0004_redact_access_codes")
    pending = OutboxMessage.objects.create(
        event="case.received", channel="email", recipient="a@example.tw", language="zh-hant",
        subject="收件通知", body="案號 1140305-0001\n查詢碼：ABCDEFGHJK（請妥善保存）",
        organisation=world.tpc, dedupe_key="old-pending", next_attempt_at=timezone.now())
    sent = OutboxMessage.objects.create(
        event="petition.received", channel="email", recipient="b@example.tw", language="en",
        body=f"Number P1140305-0007. Access code: {CODE} (keep it)", status=Status.SENT,
        organisation=world.tpc, dedupe_key="old-sent", next_attempt_at=timezone.now())
    other = OutboxMessage.objects.create(
        event="case.decided", channel="email", recipient="c@example.tw", language="zh-hant",
        body="ABCDEFGHJK", organisation=world.tpc, dedupe_key="other",
        next_attempt_at=timezone.now())

    redaction.redact_receipts(apps, None)

    for message in (pending, sent, other):
        message.refresh_from_db()
    assert "ABCDEFGHJK" not in stored_row(pending) and WITHHELD_ZH in pending.body
    assert "案號 1140305-0001" in pending.body and pending.withholds_secret
    assert sealing.unseal(pending.sealed_text, max_age=dt.timedelta(hours=1))[1] == \
        "案號 1140305-0001\n查詢碼：ABCDEFGHJK（請妥善保存）"
    assert CODE not in stored_row(sent) and WITHHELD_EN in sent.body
    assert sent.sealed_text == "" and "P1140305-0007" in sent.body
    assert other.body == "ABCDEFGHJK"
