"""Notification tables: message templates, the outbox and its delivery log."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from minfu.core.models import TimeStampedModel, VersionedModel, model_label
from minfu.notify.events import event_label

event_code_validator = RegexValidator(
    r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$",
    _("Use lower-case words joined by dots, for example case.received."))


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class Language(models.TextChoices):
    CHINESE = "zh-hant", _("Chinese")
    ENGLISH = "en", _("English")


class MessageTemplate(VersionedModel, TimeStampedModel):
    """The text of one event on one channel. A template with a service type overrides one
    with only an organisation, which overrides the default (neither set)."""

    event = models.CharField(_("event"), max_length=80, validators=[event_code_validator])
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    organisation = models.ForeignKey(
        "org.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="message_templates", verbose_name=_("organisation"),
        help_text=_("Leave empty for the default used by every organisation."))
    service_type = models.ForeignKey(
        "catalog.ServiceType", null=True, blank=True, on_delete=models.PROTECT,
        related_name="message_templates", verbose_name=_("service type"),
        help_text=_("Set to override the text for one service type."))
    subject_zh = models.CharField(_("subject (Chinese)"), max_length=200, blank=True)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body_zh = models.TextField(_("body (Chinese)"))
    body_en = models.TextField(_("body (English)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["event", "channel", "organisation_id", "service_type_id", "id"]
        indexes = [models.Index(fields=["event", "channel", "is_active"])]

    @property
    def event_label(self) -> str:
        return event_label(self.event)

    def __str__(self) -> str:
        return f"{self.event} ({self.get_channel_display()})"


class OutboxMessage(TimeStampedModel):
    """One message to one recipient, rendered when queued, written in the same
    transaction as the change it reports. A message that carries a secret of its
    recipient (an access code) keeps it only in `sealed_text`, encrypted, until it is
    first sent; `subject` and `body`, which staff read, hold a placeholder instead."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.CharField(_("event"), max_length=80)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    withholds_secret = models.BooleanField(
        _("withholds a secret"), default=False,
        help_text=_("The recipient's copy carries a secret (an access code) that the text "
                    "shown here leaves out."))
    # The recipient's subject and body, encrypted (notify.sealing); emptied once sent.
    # Never shown on a page, in the API or the admin.
    sealed_text = models.TextField(blank=True, editable=False)
    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, related_name="outbox_messages",
        verbose_name=_("organisation"))
    template = models.ForeignKey(
        MessageTemplate, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="messages", verbose_name=_("template"))
    related_type = models.CharField(_("related object type"), max_length=80, blank=True)
    related_id = models.CharField(_("related object id"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claim_token = models.UUIDField(_("claim token"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["organisation", "status", "created_at"]),
            models.Index(fields=["related_type", "related_id"]),
            # What the hourly erasure of old secrets looks at (few rows).
            models.Index(fields=["created_at"], condition=~models.Q(sealed_text=""),
                         name="notify_outbox_sealed_idx"),
        ]

    @property
    def event_label(self) -> str:
        return event_label(self.event)

    @property
    def related_label(self) -> str:
        return model_label(self.related_type) if self.related_type else ""

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient}"


class DeliveryAttempt(models.Model):
    """The failure log: every try to send a message, successful or not."""

    class Outcome(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE,
                                related_name="delivery_attempts", verbose_name=_("message"))
    attempted_at = models.DateTimeField(_("attempted at"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["attempted_at", "id"]

    def __str__(self) -> str:
        return f"{self.message_id} {self.outcome} {self.attempted_at:%Y-%m-%d %H:%M}"
