"""Citizen accounts: people who use the public site, kept apart from staff users (ADR 0013).

A citizen is never a `django.contrib.auth` user: staff permissions, the admin and the
staff session can never be reached by signing in as a citizen. An account is found by an
identity at an OpenID Connect provider (issuer and subject) or by an e-mail address that
a one-time link proved."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minfu.core.models import TimeStampedModel, VersionedModel


class Citizen(VersionedModel, TimeStampedModel):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    email_verified = models.BooleanField(_("e-mail proved"), default=False)
    phone = models.CharField(_("mobile phone"), max_length=30, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    notify_by_email = models.BooleanField(_("messages by e-mail"), default=True)
    notify_by_sms = models.BooleanField(_("messages by SMS"), default=False)
    # Changed when the account is closed: every session signed in before then ends.
    session_stamp = models.CharField(max_length=32, editable=False)
    last_signed_in_at = models.DateTimeField(_("last signed in"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("citizen account")
        verbose_name_plural = _("citizen accounts")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.display_name or self.email or str(self.public_id)

    @property
    def is_authenticated(self) -> bool:  # for DRF's permission checks (api_auth)
        return True

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CitizenIdentity(TimeStampedModel):
    """An account at an OpenID Connect provider that signs this citizen in."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="identities",
                                verbose_name=_("citizen"))
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)

    class Meta:
        verbose_name = _("sign-in identity")
        verbose_name_plural = _("sign-in identities")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"],
                                               name="citizens_identity_unique")]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"


class SignInLink(models.Model):
    """A one-time sign-in link sent by e-mail: only the token's hash is stored."""

    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} {self.created_at:%Y-%m-%d %H:%M}"


class RecordLink(TimeStampedModel):
    """A citizen record (of a kind of minfu.records) that belongs to a citizen account:
    filed while signed in, or claimed with its number and access code. A record belongs
    to one account at most."""

    class How(models.TextChoices):
        FILED = "filed", _("Filed while signed in")
        CLAIMED = "claimed", _("Claimed with the access code")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="record_links",
                                verbose_name=_("citizen"))
    kind = models.CharField(_("kind"), max_length=40)  # records.kinds code: "case", "petition"
    record_id = models.BigIntegerField(_("record id"))
    how = models.CharField(_("how"), max_length=10, choices=How.choices)

    class Meta:
        verbose_name = _("linked record")
        verbose_name_plural = _("linked records")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "record_id"],
                                               name="citizens_record_one_owner")]
        indexes = [models.Index(fields=["citizen", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind}#{self.record_id}"
