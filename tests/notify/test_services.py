import datetime as dt
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minfu.core.errors import Conflict, ValidationFailed
from minfu.core.models import AuditEvent
from minfu.notify import services
from minfu.notify.backends import MemorySmsBackend
from minfu.notify.models import Channel, DeliveryAttempt, MessageTemplate, OutboxMessage
from tests.notify.helpers import queue, template

START = dt.datetime(2025, 3, 5, 9, 0, tzinfo=dt.UTC)
Status = OutboxMessage.Status


def test_default_template_renders_in_chinese(world):
    message = queue(world.tpc)
    assert message.subject == "收件通知"
    assert message.body == "您好王小明，案件1140305-0001已收件。"
    assert message.status == Status.PENDING
    assert message.template == world.default_template


def test_english_reader_gets_the_english_text(world):
    message = queue(world.tpc, language="en")
    assert message.subject == "Received"
    assert message.body == "Dear 王小明, case 1140305-0001 is received."


def test_english_reader_gets_chinese_when_there_is_no_english_text(world):
    template(organisation=world.tpc, body_en="", subject_en="", body_zh="只有中文")
    message = queue(world.tpc, language="en")
    assert (message.subject, message.body) == ("收件通知", "只有中文")


def test_dates_follow_the_readers_language(world):
    template(organisation=world.tpc, body_zh="期限{{ due_on|roc_date }}",
             body_en="Due {{ due_on|roc_date }}")
    context = {"due_on": dt.date(2025, 3, 11)}
    assert queue(world.tpc, context=context).body == "期限114年3月11日"
    assert queue(world.tpc, context=context, language="en", dedupe_key="k2").body == \
        "Due 2025-03-11"


def test_service_type_beats_organisation_beats_default(world):
    template(organisation=world.tpc, body_zh="機關版")
    template(service_type=world.service_type, body_zh="服務版")
    assert queue(world.tpc, service_type=world.service_type, dedupe_key="a").body == "服務版"
    assert queue(world.tpc, dedupe_key="b").body == "機關版"
    assert queue(world.ntbt, dedupe_key="c").body.startswith("您好")


def test_a_process_looks_a_template_up_once_until_a_template_is_saved(world):
    services.templates_in_force.forget()  # as after the commit of the world's templates
    with CaptureQueriesContext(connection) as queries:
        queue(world.tpc, dedupe_key="a")
        queue(world.tpc, dedupe_key="b")
    lookups = [q for q in queries.captured_queries if "notify_messagetemplate" in q["sql"]]
    assert len(lookups) == 1
    template(organisation=world.tpc, body_zh="機關版")
    assert queue(world.tpc, dedupe_key="c").body == "機關版"


def test_inactive_and_other_channel_templates_are_ignored(world):
    template(organisation=world.tpc, body_zh="停用", is_active=False)
    template(organisation=world.tpc, body_zh="簡訊", channel=Channel.SMS)
    assert queue(world.tpc).body.startswith("您好")


def test_service_type_template_belongs_to_its_organisation(world):
    saved = template(service_type=world.service_type, organisation=None)
    assert saved.organisation == world.tpc


def test_template_with_a_syntax_error_is_refused(world):
    with pytest.raises(ValidationFailed) as error:
        template(organisation=world.tpc, body_zh="{% if %}")
    assert "body_zh" in error.value.details


def test_template_that_fails_to_render_is_refused(world):
    with pytest.raises(ValidationFailed) as error:
        template(organisation=world.tpc, body_en="{% url 'no-such-page' %}")
    assert "NoReverseMatch" in error.value.details["body_en"][0]


def test_stale_template_edit_is_refused(world):
    stale = MessageTemplate.objects.get(pk=world.default_template.pk)
    services.message_template_save(template=world.default_template, expected_version=1)
    stale.body_zh = "舊"
    with pytest.raises(Conflict):
        services.message_template_save(template=stale, expected_version=1)


def test_no_template_is_a_validation_error(world):
    with pytest.raises(ValidationFailed) as error:
        queue(world.tpc, event="case.closed")
    assert error.value.code == "no_template"


def test_queueing_twice_gives_one_row(world):
    first = queue(world.tpc)
    second = queue(world.tpc)
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1


def test_queueing_outside_a_transaction_is_a_programming_error(world, monkeypatch):
    # pytest-django runs each test in a transaction; pretend the caller opened none.
    monkeypatch.setattr(services.connection, "get_autocommit", lambda: True)
    with pytest.raises(RuntimeError):
        services.notification_queue(
            event="case.received", organisation=world.tpc, recipient="a@example.com",
            channel=Channel.EMAIL, language="en", context={}, dedupe_key="x")
    assert not OutboxMessage.objects.exists()


def test_rollback_of_the_callers_transaction_writes_nothing(world):
    class CaseRejected(Exception):
        pass

    with pytest.raises(CaseRejected), transaction.atomic():
        services.notification_queue(
            event="case.received", organisation=world.tpc, recipient="a@example.com",
            channel=Channel.EMAIL, language="en", context={}, dedupe_key="rolled-back")
        raise CaseRejected
    assert not OutboxMessage.objects.exists()


def test_commit_delivers_at_once_when_tasks_run_eagerly(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(world.tpc)
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert [m.to for m in mail.outbox] == [["citizen@example.com"]]
    assert mail.outbox[0].subject == "收件通知"


def test_with_a_worker_one_delivery_task_a_second_serves_every_message(
        world, settings, monkeypatch, django_capture_on_commit_callbacks):
    """Under load each message does not queue a task of its own: the task queued for the
    first is due after the others commit and delivers them too."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    countdowns = []

    def send_task(name, countdown):
        assert name == "minfu.notify.tasks.deliver_outbox"
        countdowns.append(countdown)

    monkeypatch.setattr(services.current_app, "send_task", send_task)
    services.cache.delete(services.DELIVERY_SCHEDULED_KEY)
    with time_machine.travel(START, tick=False):
        for key in ("a", "b", "c"):
            with django_capture_on_commit_callbacks(execute=True):
                queue(world.tpc, dedupe_key=key)
        assert countdowns == [2 * services.DELIVERY_COALESCE_SECONDS]
    with time_machine.travel(START + timedelta(seconds=services.DELIVERY_COALESCE_SECONDS),
                             tick=False), django_capture_on_commit_callbacks(execute=True):
        queue(world.tpc, dedupe_key="d")  # a second later: the next task
    assert len(countdowns) == 2 and countdowns[0] > services.DELIVERY_COALESCE_SECONDS
    assert OutboxMessage.objects.filter(status=Status.PENDING).count() == 4


def test_email_is_sent_and_logged(world):
    with time_machine.travel(START, tick=False):
        message = queue(world.tpc)
        assert services.outbox_deliver_due() == {Status.SENT: 1}
    message.refresh_from_db()
    assert (message.status, message.attempts, message.sent_at) == (Status.SENT, 1, START)
    assert mail.outbox[0].body == message.body
    assert list(message.delivery_attempts.values_list("outcome", flat=True)) == ["sent"]


def test_sms_goes_through_the_configured_backend(world):
    template(channel=Channel.SMS, body_zh="案件{{ case_number }}已收件")
    queue(world.tpc, channel=Channel.SMS, recipient="0912345678")
    services.outbox_deliver_due()
    assert MemorySmsBackend.outbox == [{"to": "0912345678", "text": "案件1140305-0001已收件"}]


def test_failures_retry_with_backoff_then_give_up(world, settings):
    settings.EMAIL_BACKEND = "tests.notify.helpers.MailServerDown"
    with time_machine.travel(START, tick=False) as traveller:
        message = queue(world.tpc)
        schedule = []
        for _ in range(3):
            services.outbox_deliver_due()
            message.refresh_from_db()
            assert message.status == Status.PENDING
            schedule.append(message.next_attempt_at - timezone.now())
            # Not due before its time: nothing is tried.
            assert services.outbox_deliver_due() == {}
            traveller.move_to(message.next_attempt_at)
        assert schedule == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
        services.outbox_deliver_due()  # the fourth attempt, the configured maximum
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, 4)
    assert "mail server down" in message.last_error
    attempts = list(message.delivery_attempts.all())
    assert [a.outcome for a in attempts] == ["failed"] * 4
    assert all("ConnectionRefusedError" in a.error for a in attempts)


def test_mail_sent_after_the_server_comes_back(world, settings):
    settings.EMAIL_BACKEND = "tests.notify.helpers.MailServerDown"
    with time_machine.travel(START, tick=False) as traveller:
        message = queue(world.tpc)
        services.outbox_deliver_due()
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        traveller.shift(timedelta(minutes=1))
        services.outbox_deliver_due()
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert len(mail.outbox) == 1


def test_a_claimed_message_is_not_claimed_again_until_its_lease_expires(world):
    with time_machine.travel(START, tick=False) as clock:
        message = queue(world.tpc)
        assert services._claim(now=START).pk == message.pk
        assert services._claim(now=START) is None
        clock.shift(299)
        assert services.outbox_deliver_due() == {}
        assert mail.outbox == []
        # The first worker crashed before marking it: after the lease, another one sends it.
        clock.shift(1)
        assert services.outbox_deliver_due() == {Status.SENT: 1}
    message.refresh_from_db()
    assert (message.status, message.attempts, len(mail.outbox)) == (Status.SENT, 2, 1)


def test_a_late_worker_does_not_overwrite_a_resend(world, admin_user):
    message = queue(world.tpc)
    claimed = services._claim(now=timezone.now())
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.FAILED)
    services.outbox_message_resend(message=message, actor=admin_user)
    services._finish(claimed, now=timezone.now(), error="late")
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.PENDING, 0)


def test_resend_requeues_a_failed_message_and_is_audited(world, settings):
    settings.MINFU_NOTIFY_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "tests.notify.helpers.MailServerDown"
    message = queue(world.tpc)
    services.outbox_deliver_due()
    message.refresh_from_db()
    assert message.status == Status.FAILED
    services.outbox_message_resend(message=message, actor=world.tpc_admin)
    assert (message.status, message.attempts, message.last_error) == (Status.PENDING, 0, "")
    event = AuditEvent.objects.get(action="notify.message.resent")
    assert (event.actor, event.before, event.after) == (
        world.tpc_admin, {"status": "failed"}, {"status": "pending"})
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.outbox_deliver_due()
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert DeliveryAttempt.objects.filter(message=message).count() == 2


def test_a_pending_message_cannot_be_resent(world):
    message = queue(world.tpc)
    with pytest.raises(Conflict):
        services.outbox_message_resend(message=message, actor=world.tpc_admin)


def test_deliver_outbox_command_sends_everything_due(world, settings):
    from django.core.management import call_command

    settings.MINFU_NOTIFY_RUN_SECONDS = 0  # a run per message: the command runs again
    queue(world.tpc, dedupe_key="a")
    queue(world.tpc, dedupe_key="b")
    call_command("deliver_outbox")
    assert OutboxMessage.objects.filter(status=Status.SENT).count() == 2


def test_celery_task_delivers(world):
    from minfu.notify.tasks import deliver_outbox

    queue(world.tpc)
    assert deliver_outbox.delay().get() == {Status.SENT: 1}


def _tell(world, recipients):
    with transaction.atomic():
        return services.staff_tell_once(
            event="case.received", organisation=world.tpc, recipients=recipients,
            related=None, key=lambda user: f"told:{user.pk}",
            context=lambda user: {"recipient_name": user.username, "case_number": "X"})


def test_staff_are_told_once_however_often_a_job_runs(world):
    world.tpc_officer.email, world.tpc_admin.email = "officer@tpc.example", ""
    assert _tell(world, [world.tpc_officer, world.tpc_admin]) == [world.tpc_officer]
    assert _tell(world, [world.tpc_officer, world.tpc_admin]) == []
    message = OutboxMessage.objects.get()
    assert (message.recipient, message.dedupe_key) == ("officer@tpc.example",
                                                        f"told:{world.tpc_officer.pk}")
    assert message.body == "您好tpc-officer，案件X已收件。"
