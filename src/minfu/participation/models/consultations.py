"""Consultations (意見徵詢): a draft published for comment between two dates, its
sections, the comments (a kind of citizen record), abuse reports."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.core.models import TimeStampedModel, VersionedModel
from minfu.participation.models.participants import Participant
from minfu.records.models import record_event_model


class Moderation(models.TextChoices):
    BEFORE = "before", _("Before publication (comments wait for a moderator)")
    AFTER = "after", _("After publication (comments show at once)")


class Consultation(VersionedModel, TimeStampedModel):
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="consultations",
                                     verbose_name=_("organisation"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    moderation = models.CharField(_("moderation"), max_length=10, choices=Moderation.choices,
                                  default=Moderation.AFTER)
    code_of_conduct = models.TextField(
        _("code of conduct"), blank=True,
        help_text=_("Shown above the comment form; leave empty for the platform's own."))
    published = models.BooleanField(_("published"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    report_published_at = models.DateTimeField(_("report published at"), null=True,
                                               blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def activity_key(self) -> str:
        return f"consultation:{self.pk}"

    def is_open(self, now=None) -> bool:
        """Taking comments: published, within its dates, not closed early."""
        now = now or timezone.now()
        return (self.published and self.closed_at is None
                and self.opens_at <= now < self.closes_at)

    def is_closed(self, now=None) -> bool:
        return self.closed_at is not None or (now or timezone.now()) >= self.closes_at


class Section(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="sections", verbose_name=_("consultation"))
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    question = models.CharField(_("question to participants"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["consultation", "position", "pk"]

    def __str__(self) -> str:
        return self.heading


class Attachment(TimeStampedModel):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="attachments",
                                     verbose_name=_("consultation"))
    file = models.FileField(_("file"), upload_to="participation/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class CommentState(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden by a moderator")
    WITHDRAWN = "withdrawn", _("Withdrawn by its author")


class HiddenReason(models.TextChoices):
    ABUSE = "abuse", _("Abusive or insulting")
    PERSONAL_DATA = "personal_data", _("Discloses personal data")
    OFF_TOPIC = "off_topic", _("Off topic")
    ADVERTISING = "advertising", _("Advertising or spam")
    UNLAWFUL = "unlawful", _("Unlawful content")


class Verdict(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    NOTED = "noted", _("Noted for reference")


class Comment(VersionedModel):
    """A participant's comment on a consultation (or a section of it), or a reply to a
    comment; a citizen record of the kind "comment" (numbered, with an access code and
    an event history). An official's public answer and the agency's verdict (for the
    report) are kept on the comment they answer."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="comments", verbose_name=_("consultation"))
    section = models.ForeignKey(Section, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="comments", verbose_name=_("section"))
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="replies", verbose_name=_("reply to"))
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT,
                                    related_name="comments", verbose_name=_("participant"))
    number = models.CharField(_("number"), max_length=40)
    access_code_hmac = models.CharField(max_length=64, editable=False)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=12, choices=CommentState.choices)
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    hidden_reason = models.CharField(_("reason hidden"), max_length=20, blank=True,
                                     choices=HiddenReason.choices)
    hidden_note = models.CharField(_("moderator's note"), max_length=300, blank=True)
    answer = models.TextField(_("official answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("answered by"))
    verdict = models.CharField(_("agency's response"), max_length=12, blank=True,
                               choices=Verdict.choices)
    # When the agency should have answered a top-level comment (services.ANSWER_PERIOD on
    # the office calendar); empty for replies and where the calendar has no data yet.
    answer_due_on = models.DateField(_("answer due on"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"],
                                    name="participation_comment_number"),
            models.UniqueConstraint(fields=["participant", "idempotency_key"],
                                    condition=~models.Q(idempotency_key=""),
                                    name="participation_comment_once"),
        ]
        indexes = [models.Index(fields=["consultation", "state"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_public(self) -> bool:
        return self.state == CommentState.PUBLISHED


CommentEvent = record_event_model(Comment, field="comment", record_name=_("comment"),
                                  name=_("comment event"), name_plural=_("comment events"),
                                  module=__name__)


class AbuseReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports",
                                verbose_name=_("comment"))
    reason = models.CharField(_("reason"), max_length=20, choices=HiddenReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("abuse report")
        verbose_name_plural = _("abuse reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.comment} ({self.reason})"
