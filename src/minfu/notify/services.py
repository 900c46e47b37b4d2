"""Every write of the notifications app.

Delivery is at least once: each message is claimed on its own, marked "sending" with a
lease, right before it is handed to the mail server or SMS gateway, and marked sent right
after. A worker that crashes between the two (or whose database refuses the record until
the end of its run) leaves the message "sending"; once the lease expires another run
sends it again. SMTP offers no way to ask whether a message arrived, so this short
window is the price of never losing one (see docs/notifications.md)."""

import itertools
import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, Q
from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.core.audit import record
from minfu.core.errors import Conflict, ValidationFailed
from minfu.core.process_cache import ProcessCache
from minfu.core.services import save_with_version
from minfu.core.site import site_url
from minfu.notify import actions, backends, sealing, selectors
from minfu.notify.events import SECRET_KEYS, sample_context
from minfu.notify.models import Channel, DeliveryAttempt, MessageTemplate, OutboxMessage
from minfu.notify.rendering import (
    Rendered,
    render_error,
    render_message,
    syntax_error,
    withheld_text,
)
from minfu.notify.retry import gives_up, retry_delay
from minfu.org.permissions import refusal
from minfu.records.jobs import STAFF_LANGUAGE, JobResult, is_office_day, staff_name

logger = logging.getLogger(__name__)
T = TypeVar("T")
Status = OutboxMessage.Status
ERROR_TEXT_LIMIT = 2000


# Templates ------------------------------------------------------------------------------

# Every message looks up its template; templates change only through
# message_template_save (the admin included), so each process keeps what it found.
templates_in_force = ProcessCache("notify:templates")


def message_template_save(*, template: MessageTemplate, expected_version: int | None,
                          actor=None) -> MessageTemplate:
    """Create or change a template (notify.edit_templates on its organisation; defaults
    are for superusers). A service-type template belongs to that service type's
    organisation; the texts must compile."""
    errors = {}
    if template.service_type_id:
        template.organisation = template.service_type.organisation
    if actor is not None and not selectors.may_edit_template(actor, template):
        raise refusal(selectors.EDIT_TEMPLATES)
    sample = sample_context(template.event)
    for field in ("subject_zh", "subject_en", "body_zh", "body_en"):
        text = getattr(template, field)
        language = "en" if field.endswith("_en") else "zh-hant"
        problem = syntax_error(text) or render_error(text, sample, language)
        if problem:
            errors[field] = [problem]
    if errors:
        raise ValidationFailed(_("A template text has a syntax error."), details=errors)
    with transaction.atomic():
        adding = template._state.adding
        templates_in_force.note_change()
        save_with_version(template, expected_version=expected_version)
        record(actor=actor, action=actions.TEMPLATE_CREATED if adding
               else actions.TEMPLATE_CHANGED, obj=template,
               after={"event": template.event, "channel": template.channel,
                      "is_active": template.is_active})
    return template


def template_for(*, event: str, channel: str, organisation, service_type=None):
    """The most specific active template: service type, then organisation, then default.
    Shared by the requests of this process: read it, never change it."""
    key = (event, channel, getattr(organisation, "pk", None), getattr(service_type, "pk", None))
    return templates_in_force.get(key, lambda: _most_specific_template(*key))


def first_event_with_template(events: Sequence[str], *, channel: str, organisation,
                              service_type=None) -> str:
    """The first of `events` (a variant such as `case.decided.easy_read`, then the usual
    event) that has an active template; the last one when none has."""
    for event in events[:-1]:
        if template_for(event=event, channel=channel, organisation=organisation,
                        service_type=service_type) is not None:
            return event
    return events[-1]


def _most_specific_template(event: str, channel: str, organisation_id, service_type_id):
    candidates = MessageTemplate.objects.filter(
        event=event, channel=channel, is_active=True).filter(
        Q(service_type__isnull=True, organisation__isnull=True)
        | Q(service_type__isnull=True, organisation_id=organisation_id)
        | (Q(service_type_id=service_type_id) if service_type_id is not None
           else Q(pk__in=[])))

    def specificity(template):
        return (template.service_type_id is not None, template.organisation_id is not None,
                template.pk)

    return max(candidates, key=specificity, default=None)


# Queueing -------------------------------------------------------------------------------

# Under load, one delivery task a second rather than one per message: a task already
# queued and due after a message commits delivers that message too. Its countdown is
# longer than the mark so that clocks a second apart between machines lose nothing; what
# a worker still misses, beat's run each minute sends.
DELIVERY_SCHEDULED_KEY = "notify:delivery-scheduled"
DELIVERY_COALESCE_SECONDS = 1
# Queued by name, as beat does: tasks.py wraps the services, so services never import it.
DELIVERY_TASK = "minfu.notify.tasks.deliver_outbox"


def _schedule_delivery() -> None:
    try:
        if settings.CELERY_TASK_ALWAYS_EAGER:  # no worker, no beat (`make run`): send now
            outbox_deliver_due()
        elif cache.add(DELIVERY_SCHEDULED_KEY, True, timeout=DELIVERY_COALESCE_SECONDS):
            current_app.send_task(DELIVERY_TASK, countdown=2 * DELIVERY_COALESCE_SECONDS)
    except Exception:  # a broker outage must not fail the committed request; beat retries
        logger.exception("Could not queue outbox delivery; the beat schedule will deliver.")


def notification_queue(*, event: str, organisation, recipient: str, channel: str,
                       language: str, context: dict, dedupe_key: str, service_type=None,
                       related: models.Model | None = None) -> OutboxMessage:
    """Render the template for `event` and write the outbox row in the caller's
    transaction, so that the message exists exactly when the change does. Delivery is
    scheduled for after the commit. Queueing the same `dedupe_key` again returns the
    existing row and queues nothing. Secrets in `context` (events.SECRET_KEYS, such as
    `access_code`) never reach the stored subject and body: see `_render`."""
    if connection.get_autocommit():
        raise RuntimeError("notification_queue must run inside the caller's transaction.")
    if OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():  # cheaper than a read
        return OutboxMessage.objects.get(dedupe_key=dedupe_key)
    if channel not in Channel.values:
        raise ValidationFailed(details={"channel": [channel]})
    if not (recipient or "").strip():
        raise ValidationFailed(_("A message needs a recipient."), details={"recipient": []})
    template = template_for(event=event, channel=channel, organisation=organisation,
                            service_type=service_type)
    if template is None:
        raise ValidationFailed(_("There is no active template for this event and channel."),
                               code="no_template", details={"event": event, "channel": channel})
    try:
        rendered, sealed_text = _render(template, context, language)
    except Exception as error:  # a template that fails on this context: the caller decides
        raise ValidationFailed(_("The message template could not be rendered."),
                               code="template_error",
                               details={"template": template.pk, "error": str(error)}) from error
    message = OutboxMessage(
        event=event, channel=channel, recipient=recipient.strip(), language=language,
        subject=rendered.subject, body=rendered.body, withholds_secret=bool(sealed_text),
        sealed_text=sealed_text, organisation=organisation,
        template=template, dedupe_key=dedupe_key, next_attempt_at=timezone.now(),
        related_type=related._meta.label_lower if related is not None else "",
        related_id=str(related.pk) if related is not None else "")
    try:
        with transaction.atomic():  # a savepoint: a concurrent duplicate only undoes this
            message.save()
            record(actor=None, action=actions.MESSAGE_QUEUED, obj=message,
                   after={"event": event, "channel": channel})
    except IntegrityError:
        return OutboxMessage.objects.get(dedupe_key=dedupe_key)
    transaction.on_commit(_schedule_delivery)
    return message


def _render(template, context: dict, language: str) -> tuple[Rendered, str]:
    """The text staff see, with WITHHELD in place of each secret of the context, and the
    recipient's own text sealed ("" when the template shows no secret)."""
    secrets = {key: context[key] for key in SECRET_KEYS if context.get(key)}
    visible = render_message(
        template, context | dict.fromkeys(secrets, withheld_text(language)), language)
    if not secrets:
        return visible, ""
    own = render_message(template, context, language)
    if own == visible:
        return visible, ""
    if any(str(secret) in visible.subject + visible.body for secret in secrets.values()):
        raise ValueError("A secret is in the context under another key too.")
    return visible, sealing.seal(own.subject, own.body)


def staff_tell_once(*, event: str, organisation, recipients, key, context, related,
                    service_type=None) -> list:
    """Queue `event` by e-mail to each staff member in `recipients` not yet told under
    `key(recipient)`, in the caller's transaction; returns those told now. The keys are
    the outbox's dedupe keys, so a daily job run twice on one day tells nobody twice;
    a recipient with no e-mail address is passed over (and logged)."""
    reachable = []
    for recipient in recipients:
        if recipient.email:
            reachable.append(recipient)
        else:
            logger.warning("Staff member %s has no e-mail address: not told of %s.",
                           recipient.pk, event)
    keys = {recipient.pk: key(recipient) for recipient in reachable}
    told = set(OutboxMessage.objects.filter(dedupe_key__in=keys.values())
               .values_list("dedupe_key", flat=True))
    to_tell = [recipient for recipient in reachable if keys[recipient.pk] not in told]
    for recipient in to_tell:
        notification_queue(event=event, organisation=organisation, recipient=recipient.email,
                           channel=Channel.EMAIL, language=STAFF_LANGUAGE,
                           dedupe_key=keys[recipient.pk], related=related,
                           service_type=service_type, context=context(recipient))
    return to_tell


@transaction.atomic
def officer_digest_tell(officer, records: list, *, on, horizon, event: str, action: str,
                        key: str, listed_as: str, lines: list[dict], workbench_url: str,
                        extra: dict | None = None) -> int:
    """Queue one officer's morning digest of `records` (all of one organisation), listed
    in the message's context as `listed_as` (`lines`), once per officer per day (dedupe
    key `<key>:<officer id>:<day>`), audited as `action`; returns how many messages were
    queued (0 when the digest was already sent that day)."""
    organisation = records[0].organisation
    context = {"recipient_name": staff_name(officer), "site_url": site_url(),
               "organisation_name": organisation.name_zh, "on": on, "horizon": horizon,
               "workbench_url": workbench_url, listed_as: lines} | (extra or {})
    day = on.isoformat()
    told = staff_tell_once(event=event, organisation=organisation, recipients=[officer],
                           related=officer, context=lambda _officer: context,
                           key=lambda recipient: f"{key}:{recipient.pk}:{day}")
    if told:
        record(actor=None, action=action, obj=officer,
               after={"on": day, listed_as: [listed.pk for listed in records]})
    return len(told)


@dataclass(frozen=True)
class Escalation:
    """Whom an overdue record is escalated to and what they are told: `event` to each of
    `recipients` once a day (dedupe key `<key>:<day>:<recipient id>`), with
    `context(recipient)`; the audit event `action` lists those told under `told_as`."""
    event: str
    action: str
    recipients: list
    key: str
    context: Callable[[object], dict]
    service_type: object = None
    told_as: str = "supervisors"


def overdue_escalate(*, on, what: str, overdue: Callable[[], Iterable],
                     escalation: Callable[[object], Escalation]) -> JobResult:
    """The daily escalation of one kind of overdue record: on an office working day,
    each record of `overdue()` is escalated as `escalation(record)` says, in its own
    transaction; on a day off nothing is done (and logged). `what` names the records in
    the log."""
    if not is_office_day(on):
        logger.info("%s is a day off: no escalation of overdue %s.", on, what)
        return JobResult(ran=False)
    return JobResult(ran=True, queued=sum(
        _escalate(record_, escalation, on=on) for record_ in overdue()))


@transaction.atomic
def _escalate(overdue_record, escalation: Callable[[object], Escalation], *, on) -> int:
    spec = escalation(overdue_record)
    if not spec.recipients:
        logger.warning("%s %s is overdue but nobody can be told.",
                       overdue_record._meta.verbose_name, overdue_record)
        return 0
    day = on.isoformat()
    told = staff_tell_once(
        event=spec.event, organisation=overdue_record.organisation, recipients=spec.recipients,
        related=overdue_record, service_type=spec.service_type, context=spec.context,
        key=lambda recipient: f"{spec.key}:{day}:{recipient.pk}")
    if told:
        record(actor=None, action=spec.action, obj=overdue_record,
               after={"on": day, spec.told_as: [recipient.pk for recipient in told]})
    return len(told)


# Delivery -------------------------------------------------------------------------------

# A lost connection, a failover: the claim or the record is written again on a fresh one.
DATABASE_HICCUPS = (OperationalError, InterfaceError)
# Seconds to wait before each further try of such a write, right after a send; at the end
# of a run, a result still unrecorded is tried after each of FINAL_DELAYS that ends
# within the message's lease (a database restart takes seconds).
BOOKKEEPING_DELAYS = (0.1, 0.5, 2.0)
FINAL_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)


def _retrying(write: Callable[[], T], delays: Iterable[float] = BOOKKEEPING_DELAYS) -> T:
    """`write()`, tried again after each of `delays` while the database fails; the last
    failure is raised."""
    for delay in delays:
        try:
            return write()
        except DATABASE_HICCUPS as error:
            logger.warning("Outbox bookkeeping failed (%s); trying again in %s s.", error, delay)
            if not connection.in_atomic_block:  # a dead connection is reopened on next use
                connection.close_if_unusable_or_obsolete()
            time.sleep(delay)
    return write()


def _delays_within(seconds: float) -> list[float]:
    """The first FINAL_DELAYS whose running total stays under `seconds`."""
    totals = itertools.accumulate(FINAL_DELAYS)
    return [delay for delay, total in zip(FINAL_DELAYS, totals, strict=True) if total < seconds]


class _LeaseKeeper:
    """Renews a claimed message's lease every third of it while the message is handed to
    its backend, from a thread of its own, so that no other run takes a message that is
    still being sent (a mail server slower than the lease). A worker that dies stops
    renewing, and its message is taken again once the lease ends."""

    def __init__(self, message: OutboxMessage):
        self.message = message
        self.seconds = settings.MINFU_NOTIFY_LEASE_SECONDS
        self.holds_until = time.monotonic() + self.seconds  # as far as this run knows
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._renew, daemon=True,
                                        name=f"outbox-lease-{message.pk}")

    def __enter__(self) -> "_LeaseKeeper":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stopped.set()
        self._thread.join()

    def _renew(self) -> None:
        try:
            while not self._stopped.wait(self.seconds / 3):
                asked = time.monotonic()
                try:
                    if OutboxMessage.objects.filter(
                            pk=self.message.pk, claim_token=self.message.claim_token,
                            status=Status.SENDING).update(
                            claimed_until=timezone.now() + timedelta(seconds=self.seconds)):
                        self.holds_until = asked + self.seconds
                except DATABASE_HICCUPS as error:
                    logger.warning("Could not renew the lease of outbox message %s: %s",
                                   self.message.pk, error)
                    connection.close()
        finally:
            connection.close()  # this thread's own connection


def _claim(*, now: datetime, skip: Collection[int] = ()) -> OutboxMessage | None:
    """Take the next due message, with a lease of its own that starts now. The
    conditional UPDATE stamps a new claim token only while the message is still due, so
    two runs never hold the same message; where the database can, a row another run is
    claiming is skipped rather than waited for."""
    lease = timedelta(seconds=settings.MINFU_NOTIFY_LEASE_SECONDS)
    still_due = selectors.due_for_delivery(now)
    due = OutboxMessage.objects.filter(still_due).exclude(pk__in=skip).order_by(
        "next_attempt_at", "id")
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True)
    while True:
        token = uuid.uuid4()
        with transaction.atomic():
            pk = due.values_list("id", flat=True).first()
            if pk is None:
                return None
            if OutboxMessage.objects.filter(still_due, pk=pk).update(
                    status=Status.SENDING, claim_token=token, claimed_until=now + lease,
                    attempts=F("attempts") + 1):
                return OutboxMessage.objects.get(pk=pk)
        # Another run took it between the read and the write (SQLite): take the next one.


def _send(message: OutboxMessage) -> None:
    subject, body = _recipient_text(message)
    if message.channel == Channel.EMAIL:
        backends.send_email(to=message.recipient, subject=subject, body=body)
    else:
        backends.send_sms(to=message.recipient, text=body)


def _recipient_text(message: OutboxMessage) -> tuple[str, str]:
    """The sealed text while it is fresh, else the text staff see (it withholds the
    secret and tells the recipient whom to ask)."""
    if message.sealed_text:
        opened = sealing.unseal(message.sealed_text, max_age=selectors.secret_lifetime())
        if opened is not None:
            return opened
        logger.warning("Outbox message %s: its sealed text is too old or unreadable; it is "
                       "sent without its secret.", message.pk)
    return message.subject, message.body


def _attempt(message: OutboxMessage) -> str | None:
    """Hand the message to its backend: None once accepted, else the error to log."""
    try:
        _send(message)
    except Exception as exc:  # any backend failure is logged on the message
        error = f"{type(exc).__name__}: {exc}"[:ERROR_TEXT_LIMIT]
        logger.warning("Delivery of outbox message %s failed: %s", message.pk, error)
        return error
    return None


def _finish(message: OutboxMessage, *, now: datetime, error: str | None) -> str:
    """Record the attempt and the message's next state; returns that state."""
    if error is None:
        # A secret is sent once: erased with the record of the sending (a database
        # error there must not read as a failed send), a resend goes without it.
        status, changes = Status.SENT, {"sent_at": now, "last_error": "", "sealed_text": ""}
    elif gives_up(message.attempts, settings.MINFU_NOTIFY_MAX_ATTEMPTS):
        status, changes = Status.FAILED, {"last_error": error}
    else:
        status, changes = Status.PENDING, {
            "last_error": error, "next_attempt_at": now + retry_delay(message.attempts)}
    with transaction.atomic():
        # Only while this worker still holds the claim; a resend in between wins.
        OutboxMessage.objects.filter(pk=message.pk, claim_token=message.claim_token).update(
            status=status, claimed_until=None, claim_token=None, **changes)
        DeliveryAttempt.objects.create(
            message=message, attempted_at=now, outcome=DeliveryAttempt.Outcome.SENT
            if error is None else DeliveryAttempt.Outcome.FAILED, error=error or "")
    return status


def _recorded(message: OutboxMessage, *, now: datetime, error: str | None,
              delays: Iterable[float] = BOOKKEEPING_DELAYS) -> str | None:
    """`_finish` with retries; None when the database still refuses it."""
    try:
        return _retrying(partial(_finish, message, now=now, error=error), delays)
    except DATABASE_HICCUPS:
        logger.exception("Could not record the delivery of outbox message %s.", message.pk)
        return None


def _run_seconds() -> float:
    # A result the database refused is recorded again at the end of the run, which must
    # come well within that message's lease: before any other run may take it again.
    return min(settings.MINFU_NOTIFY_RUN_SECONDS, settings.MINFU_NOTIFY_LEASE_SECONDS / 2)


def outbox_deliver_due() -> dict[str, int]:
    """Send the due messages one at a time, each under a claim of its own, until none is
    due or the run has had its time (MINFU_NOTIFY_RUN_SECONDS); returns how many ended
    in each state. A result that cannot be recorded does not stop the run: the message
    keeps its claim, no other message waits, and the record is tried again at the end."""
    deadline = time.monotonic() + _run_seconds()
    outcomes: Counter[str] = Counter()
    unrecorded: list[tuple[OutboxMessage, datetime, str | None, _LeaseKeeper]] = []
    try:
        while True:
            now = timezone.now()
            skip = [message.pk for message, *_ in unrecorded]
            message = _retrying(partial(_claim, now=now, skip=skip))
            if message is None:
                break
            with _LeaseKeeper(message) as lease:
                error = _attempt(message)
            if status := _recorded(message, now=now, error=error):
                outcomes[status] += 1
            else:
                unrecorded.append((message, now, error, lease))
            if time.monotonic() >= deadline:
                break
    finally:
        for message, now, error, lease in unrecorded:
            # Tried for as long as the lease surely holds, less a tenth for the write.
            seconds_left = lease.holds_until - time.monotonic() - lease.seconds / 10
            if status := _recorded(message, now=now, error=error,
                                   delays=_delays_within(seconds_left)):
                outcomes[status] += 1
            else:  # the window of docs/notifications.md: it is tried again after its lease
                logger.error("Outbox message %s was %s, but that could not be recorded; "
                             "it is tried again when its lease ends.", message.pk,
                             "sent" if error is None else "tried")
    return dict(outcomes)


# Staff actions --------------------------------------------------------------------------

RESENDABLE = (Status.FAILED, Status.SENT, Status.CANCELLED)


def outbox_message_resend(*, message: OutboxMessage, actor) -> OutboxMessage:
    """Queue a failed (or sent, or cancelled) message again from scratch (for whom
    `selectors.may_resend` allows)."""
    if actor is not None and not selectors.may_resend(actor, message):
        raise refusal(selectors.RESEND)
    with transaction.atomic():
        before = message.status
        updated = OutboxMessage.objects.filter(pk=message.pk, status__in=RESENDABLE).update(
            status=Status.PENDING, attempts=0, next_attempt_at=timezone.now(),
            claimed_until=None, claim_token=None, sent_at=None, last_error="")
        if not updated:
            raise Conflict(_("This message is still being delivered; it cannot be resent now."),
                           code="not_resendable")
        message.refresh_from_db()
        record(actor=actor, action=actions.MESSAGE_RESENT, obj=message,
               before={"status": before}, after={"status": message.status} | (
                   {"with_secret": selectors.secret_kept(message)}
                   if message.withholds_secret else {}))
        transaction.on_commit(_schedule_delivery)
    return message


# Secrets --------------------------------------------------------------------------------

def outbox_secrets_forget(*, now: datetime | None = None) -> int:
    """Erase the sealed texts older than `selectors.secret_lifetime()` (a sent message's
    is erased when it is sent); returns how many."""
    cutoff = (now or timezone.now()) - selectors.secret_lifetime()
    return (OutboxMessage.objects.filter(created_at__lt=cutoff).exclude(sealed_text="")
            .update(sealed_text=""))
