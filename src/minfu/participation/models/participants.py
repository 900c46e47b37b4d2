"""Verified participants: an address (e-mail or mobile number) proved once per activity
with a one-time code. See verification.py for the rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AddressKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Mobile number")


class Participant(models.Model):
    """One verified address, whatever the activity. Found by the HMAC of its normalised
    form (`address_hash`); `masked` is what public pages may show. `address` is kept to
    tell the participant about the outcome and is erased at the end of the retention
    period (the row and its hash stay, so one person still makes one vote)."""

    kind = models.CharField(_("kind"), max_length=10, choices=AddressKind.choices)
    address_hash = models.CharField(_("address hash"), max_length=64, unique=True,
                                    editable=False)
    address = models.CharField(_("address"), max_length=254, blank=True)
    masked = models.CharField(_("masked address"), max_length=254)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_verified_at = models.DateTimeField(_("last verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.masked


class ParticipantVerification(models.Model):
    """One code sent for one activity to one address. Only the code's HMAC is stored;
    the code expires, and counts its wrong tries."""

    activity_key = models.CharField(_("activity"), max_length=60, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=AddressKind.choices)
    address_hash = models.CharField(_("address hash"), max_length=64, editable=False)
    code_hash = models.CharField(_("code hash"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    tries = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    participant = models.ForeignKey(Participant, null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="verifications",
                                    verbose_name=_("participant"))

    class Meta:
        verbose_name = _("participant verification")
        verbose_name_plural = _("participant verifications")
        indexes = [models.Index(fields=["activity_key", "address_hash", "-created_at"],
                                name="participation_verif_lookup")]

    def __str__(self) -> str:
        return f"{self.activity_key} {self.created_at:%Y-%m-%d %H:%M}"
