"""Petitions (陳情: suggestions, complaints, petitions, compliments, questions): tables
only. The rules live in workflow.py (states), rules.py (pure checks), services.py (every
write) and selectors.py (every read)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.core.models import BilingualNameMixin, TimeStampedModel, VersionedModel
from minfu.records.models import (
    AnonymisableRecord,
    AssistanceNeedsModel,
    RecordFile,
    record_event_model,
)


class LimitUnit(models.TextChoices):
    """The day units of minfu.workcal.periods.PeriodUnit a handling limit may use."""

    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")


class Kind(models.TextChoices):
    SUGGESTION = "suggestion", _("Suggestion")
    COMPLAINT = "complaint", _("Complaint")
    PETITION = "petition", pgettext_lazy("kind of citizen message", "Petition")
    COMPLIMENT = "compliment", _("Compliment")
    QUESTION = "question", _("Question")


class PetitionChannel(models.TextChoices):
    WEB = "web", _("Web form")
    MAILBOX = "mailbox", _("Head-of-agency mailbox")
    ORAL = "oral", _("Oral (in person)")
    HOTLINE = "hotline", _("Telephone hotline")
    EMAIL = "email", _("E-mail")
    OPEN311 = "open311", _("Open311 client application")


class PetitionState(models.TextChoices):
    """The values of workflow.State, labelled for people."""

    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being handled")
    AWAITING_APPROVAL = "awaiting_approval", _("Reply awaiting approval")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", pgettext_lazy("petition state", "Closed")
    NOT_HANDLED = "not_handled", _("Not handled")
    MERGED = "merged", _("Merged into another case")
    TRANSFERRED = "transferred", _("Transferred")


class NotHandledGround(models.TextChoices):
    """行政程序法 §173 and 行政院及所屬各機關處理人民陳情案件要點 第17點."""

    NO_CONTENT = "no_content", _("No concrete content")
    NO_IDENTITY = "no_identity", _("No real name or address (anonymous)")
    REPEAT = "repeat", _("Repeat of a matter already answered")
    SENT_TO_MANY = "sent_to_many", _("Sent to several agencies; not the competent one")


class Category(BilingualNameMixin, TimeStampedModel):
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="petition_categories",
                                     verbose_name=_("organisation"))
    code = models.SlugField(_("code"), max_length=40)
    limit_value = models.PositiveSmallIntegerField(_("handling limit"), default=30)
    limit_unit = models.CharField(_("handling limit unit"), max_length=20,
                                  choices=LimitUnit.choices, default=LimitUnit.CALENDAR_DAYS)
    default_unit = models.ForeignKey(
        "org.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("default unit"),
        help_text=_("Receives the category's petitions when no routing rule matches."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("petition category")
        verbose_name_plural = _("petition categories")
        ordering = ["organisation_id", "code"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"],
                                               name="voice_category_code_unique")]


class RoutingRule(TimeStampedModel):
    """Sends a new petition to a unit: the matching rule with the lowest priority number
    wins. A rule matches when its category (if any) is the petition's and any of its
    keywords (if any) occurs in the subject or text."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="petition_routing_rules",
                                     verbose_name=_("organisation"))
    category = models.ForeignKey(Category, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="routing_rules", verbose_name=_("category"))
    keywords = models.TextField(_("keywords"), blank=True,
                                help_text=_("One keyword or phrase a line."))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    priority = models.PositiveSmallIntegerField(_("priority"), default=100,
                                                help_text=_("Lower numbers are tried first."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["organisation_id", "priority", "id"]

    def __str__(self) -> str:
        return f"{self.organisation_id} #{self.priority} -> {self.unit_id}"

    @property
    def keyword_list(self) -> list[str]:
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]


class MailboxReader(TimeStampedModel):
    """A staff member designated to read the head-of-agency mailbox (首長信箱)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.CASCADE,
                                     related_name="mailbox_readers",
                                     verbose_name=_("organisation"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="mailbox_readerships", verbose_name=_("user"))

    class Meta:
        verbose_name = _("head-of-agency mailbox reader")
        verbose_name_plural = _("head-of-agency mailbox readers")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"],
                                               name="voice_mailbox_reader_unique")]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.user_id}"


class Petition(AssistanceNeedsModel, AnonymisableRecord, VersionedModel, TimeStampedModel):
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="petitions", verbose_name=_("organisation"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="petitions", verbose_name=_("unit"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="petitions", verbose_name=_("category"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=PetitionChannel.choices)
    number = models.CharField(_("case number"), max_length=40)
    access_code_hmac = models.CharField(_("access code (keyed hash)"), max_length=64,
                                        editable=False)

    anonymous = models.BooleanField(_("anonymous"), default=False)
    petitioner_name = models.CharField(_("name"), max_length=200, blank=True)
    petitioner_id_number = models.CharField(_("national ID"), max_length=10, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("telephone"), max_length=40, blank=True)
    contact_address = models.CharField(_("postal address"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    consent_at = models.DateTimeField(_("personal data consent given at"), null=True,
                                      blank=True)
    # Until the petitioner confirms the e-mail address or telephone number through the link
    # of the receipt sent there, it gets that receipt and nothing else (voice.notices);
    # set at once for petitions staff record.
    contact_confirmed_at = models.DateTimeField(_("contact address confirmed at"), null=True,
                                                blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"))

    state = models.CharField(_("state"), max_length=20, choices=PetitionState.choices,
                             default=PetitionState.RECEIVED)
    received_at = models.DateTimeField(_("received at"))
    limit_value = models.PositiveSmallIntegerField(_("handling limit"))
    limit_unit = models.CharField(_("handling limit unit"), max_length=20,
                                  choices=LimitUnit.choices)
    due_date = models.DateField(_("reply due by"))
    extension_value = models.PositiveSmallIntegerField(_("extension"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    assigned_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                         null=True, blank=True, related_name="petitions",
                                         verbose_name=_("assigned officer"))
    not_handled_ground = models.CharField(_("ground for not handling"), max_length=20,
                                          choices=NotHandledGround.choices, blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged_cases", verbose_name=_("merged into"))
    transferred_to_organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("transferred to (agency in the system)"))
    transferred_to_name = models.CharField(_("transferred to"), max_length=200, blank=True)
    transferred_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True,
                                         blank=True, related_name="+",
                                         verbose_name=_("transferred from"))
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    on_time = models.BooleanField(_("replied within the limit"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, unique=True,
                                       null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "number"],
                                               name="voice_petition_number_unique")]
        indexes = [
            models.Index(fields=["organisation", "state"]),
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["due_date"]),
            models.Index(fields=["number"]),
            models.Index(fields=["organisation", "received_at"]),
        ]

    def __str__(self) -> str:
        return self.number


class PetitionAttachment(RecordFile):
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT,
                                 related_name="attachments", verbose_name=_("petition"))
    file = models.FileField(_("file"), upload_to="voice/%Y/%m/")

    class Meta(RecordFile.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


PetitionEvent = record_event_model(Petition, field="petition", record_name=_("petition"),
                                   name=_("petition event"), name_plural=_("petition events"),
                                   module=__name__)


class Reply(models.Model):
    """A reply drafted by the officer; sent when a supervisor approves it."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="replies",
                                 verbose_name=_("petition"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    text = models.TextField(_("reply"))
    legal_basis = models.TextField(_("legal basis"), blank=True)
    remedies = models.TextField(_("available remedies"), blank=True)
    publish = models.BooleanField(_("publish with personal data masked"), default=False)
    published_text = models.TextField(_("published text"), blank=True)
    published_question = models.TextField(_("published question"), blank=True,
                                          help_text=_("The petition it answers, masked."))
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", verbose_name=_("drafted by"))
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["drafted_at", "id"]

    def __str__(self) -> str:
        return f"{self.petition_id} reply {self.pk}"


class Rating(models.Model):
    """The petitioner's rating of a reply, through a signed link that works once."""

    reply = models.ForeignKey(Reply, on_delete=models.PROTECT, related_name="ratings",
                              verbose_name=_("reply"))
    # The main case's, or a merged case's: every petitioner answered rates the reply.
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="ratings",
                                 verbose_name=_("petition"))
    nonce = models.CharField(_("nonce"), max_length=32, unique=True, editable=False)
    expires_at = models.DateTimeField(_("link expires at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    satisfied = models.BooleanField(_("satisfied"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [models.CheckConstraint(
            condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
            name="voice_rating_score_1_to_5"),
            models.UniqueConstraint(fields=["reply", "petition"], name="voice_rating_once")]

    def __str__(self) -> str:
        return f"{self.reply_id} {self.score}"


class FollowUp(TimeStampedModel):
    """Work for the unit after an unsatisfied rating, tracked to closure."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="follow_ups",
                                 verbose_name=_("petition"))
    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="follow_up",
                                  verbose_name=_("rating"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("unit"))
    note = models.TextField(_("note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.petition_id} follow-up"
