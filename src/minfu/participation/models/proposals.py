"""Co-signed proposals (提議與附議): a citizen's proposal to improve an agency's service,
screened, open for co-signing, answered within a period counted on the office calendar
once enough people co-signed. A citizen record on the kernel (records.kinds, letter "T").
The rules are in proposals_rules.py and proposals_services.py."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.core.models import TimeStampedModel, VersionedModel
from minfu.records.models import record_event_model


class ProposalState(models.TextChoices):
    SUBMITTED = "submitted", _("Being screened")
    SIGNING = "signing", _("Open for co-signing")
    REACHED = "reached", _("Threshold reached, awaiting response")
    ANSWERED = "answered", _("Answered")
    REJECTED = "rejected", _("Not accepted")
    MERGED = "merged", _("Merged into another proposal")
    EXPIRED = "expired", _("Co-signing period ended")


class ScreeningReason(models.TextChoices):
    """Why a proposal is not opened for co-signing (a duplicate is merged instead)."""

    DUPLICATE = "duplicate", _("Duplicates another proposal")
    OUTSIDE_REMIT = "outside_remit", _("Outside the agency's remit")
    UNLAWFUL = "unlawful", _("Asks for something unlawful")
    NOT_SPECIFIC = "not_specific", _("Not specific enough to act on")
    ABUSIVE = "abusive", _("Abusive or discriminatory content")


class ResponseOutcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    PARTLY_ADOPTED = "partly_adopted", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


class Proposal(VersionedModel, TimeStampedModel):
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="participation_proposals", verbose_name=_("agency"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="participation_proposals", verbose_name=_("unit"))
    number = models.CharField(_("number"), max_length=40)
    access_code_hmac = models.CharField(_("access code (keyed hash)"), max_length=64,
                                        editable=False)
    state = models.CharField(_("state"), max_length=20, choices=ProposalState.choices,
                             default=ProposalState.SUBMITTED)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("proposal"))
    service_name = models.CharField(_("service concerned"), max_length=200, blank=True)
    proposer = models.ForeignKey("participation.Participant", on_delete=models.PROTECT,
                                 related_name="proposals", verbose_name=_("proposer"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True,
                                       blank=True, unique=True, editable=False)
    # Screening
    screening_reason = models.CharField(_("screening reason"), max_length=20, blank=True,
                                        choices=ScreeningReason.choices)
    screening_note = models.TextField(_("screening note"), blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged", verbose_name=_("merged into"))
    # Co-signing
    threshold = models.PositiveIntegerField(_("co-signers needed"), default=5000)
    signing_days = models.PositiveSmallIntegerField(_("co-signing period (days)"), default=60)
    signing_opened_on = models.DateField(_("co-signing opened on"), null=True, blank=True)
    signing_closes_on = models.DateField(_("co-signing closes on"), null=True, blank=True)
    signature_count = models.PositiveIntegerField(_("co-signatures"), default=0)
    # Response
    threshold_reached_on = models.DateField(_("threshold reached on"), null=True, blank=True)
    response_due_on = models.DateField(_("response due on"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, blank=True,
                               choices=ResponseOutcome.choices)
    response_text = models.TextField(_("response"), blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"],
                                    name="participation_proposal_number_unique"),
            models.CheckConstraint(condition=Q(threshold__gte=1),
                                   name="participation_proposal_threshold_positive"),
        ]
        indexes = [models.Index(fields=["state", "signing_closes_on"],
                                name="participation_proposal_open")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_adopted(self) -> bool:
        """Answered adopted or partly adopted: results tracking may link it to the plan."""
        return self.state == "answered" and self.outcome in {
            ResponseOutcome.ADOPTED, ResponseOutcome.PARTLY_ADOPTED}

    @property
    def answered_on_time(self) -> bool | None:
        """None until answered; then whether the response came by its due date."""
        if self.responded_at is None or self.response_due_on is None:
            return None
        return timezone.localtime(self.responded_at).date() <= self.response_due_on


class ProposalSignature(models.Model):
    """One co-signature: one per verified address and proposal (a replay finds it)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE,
                                 related_name="signatures", verbose_name=_("proposal"))
    participant = models.ForeignKey("participation.Participant", on_delete=models.PROTECT,
                                    related_name="proposal_signatures",
                                    verbose_name=_("participant"))
    signed_at = models.DateTimeField(_("signed at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        ordering = ["signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "participant"],
                                               name="participation_signature_once")]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.participant_id}"


ProposalEvent = record_event_model(Proposal, field="proposal", record_name=_("proposal"),
                                   name=_("proposal event"), name_plural=_("proposal events"),
                                   module=__name__)
