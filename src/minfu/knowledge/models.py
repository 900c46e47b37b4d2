"""The knowledge base: articles, their published versions, attachments, helpfulness votes,
the uses of an article to answer a citizen, and the call centre's log of calls. Tables
only; the rules live in workflow.py (states), markup.py and scrub.py (pure), services.py
(every write) and selectors.py (every read)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.core.models import Bilingual, TimeStampedModel, VersionedModel
from minfu.knowledge.workflow import State
from minfu.records.models import RecordFile


class ArticleKind(models.TextChoices):
    FAQ = "faq", _("Frequently asked question")
    COMMON_ERROR = "common_error", _("Common filing error")
    HOW_TO = "how_to", _("How-to")
    CALL_CENTRE = "call_centre", _("Call-centre answer (internal)")
    ANNOUNCEMENT = "announcement", _("Announcement")


# Kinds the public never sees: the call centre's own answers.
INTERNAL_KINDS = frozenset({ArticleKind.CALL_CENTRE})


class ArticleState(models.TextChoices):
    """The values of workflow.State, labelled for people."""

    DRAFT = State.DRAFT.value, _("Draft")
    IN_REVIEW = State.IN_REVIEW.value, _("In review")
    SCHEDULED = State.SCHEDULED.value, _("Scheduled")
    PUBLISHED = State.PUBLISHED.value, _("Published")
    ARCHIVED = State.ARCHIVED.value, _("Archived")


class BilingualArticleText(models.Model):
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_zh = models.TextField(_("text (Chinese)"), help_text=_("Markdown: **bold**, lists, "
                                                               "links, tables."))
    body_en = models.TextField(_("text (English)"), blank=True)

    class Meta:
        abstract = True

    title = Bilingual()
    body = Bilingual()


class Article(BilingualArticleText, VersionedModel, TimeStampedModel):
    """The working copy of an article and its life cycle. What the public reads is
    `current_version`, a frozen ArticleVersion, until the article is archived."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="articles", verbose_name=_("organisation"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="articles", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=20, choices=ArticleKind.choices)
    state = models.CharField(_("state"), max_length=20, choices=ArticleState.choices,
                             default=ArticleState.DRAFT)
    topic_tag = models.ForeignKey(
        "catalog.ClassificationTag", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", limit_choices_to={"scheme": "topic"}, verbose_name=_("topic"))
    service_types = models.ManyToManyField("catalog.ServiceType", blank=True,
                                           related_name="articles",
                                           verbose_name=_("services"))
    categories = models.ManyToManyField("voice.Category", blank=True, related_name="articles",
                                        verbose_name=_("petition categories"))
    related = models.ManyToManyField("self", blank=True, symmetrical=False,
                                     related_name="related_from",
                                     verbose_name=_("related articles"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+", verbose_name=_("author"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("submitted for review by"))
    review_note = models.TextField(_("reviewer's notes"), blank=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True,
                                      help_text=_("Leave empty to publish on approval."))
    review_by = models.DateField(_("review by"), null=True, blank=True,
                                 help_text=_("The owners are reminded to check the article "
                                             "is still right by this day."))
    current_version = models.ForeignKey("ArticleVersion", on_delete=models.SET_NULL,
                                        null=True, blank=True, related_name="+",
                                        verbose_name=_("published version"))
    first_published_at = models.DateTimeField(_("first published at"), null=True, blank=True)
    source_reply = models.OneToOneField("voice.Reply", on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="+",
                                        verbose_name=_("drafted from the reply"))

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["organisation_id", "-updated_at"]
        indexes = [models.Index(fields=["organisation", "state"]),
                   models.Index(fields=["state", "publish_at"]),
                   models.Index(fields=["review_by"])]

    def __str__(self) -> str:
        return self.title_zh

    @property
    def is_internal(self) -> bool:
        return self.kind in INTERNAL_KINDS

    @property
    def is_live(self) -> bool:
        """Has a published version that is not withdrawn."""
        return self.current_version_id is not None and self.state != ArticleState.ARCHIVED


class ArticleVersion(BilingualArticleText):
    """One published version, frozen: the text as the reviewer approved it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions",
                                verbose_name=_("article"))
    number = models.PositiveIntegerField(_("version number"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+", verbose_name=_("author"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+", verbose_name=_("reviewed by"))
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["article_id", "number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"],
                                               name="knowledge_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


class ArticleAttachment(RecordFile):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments",
                                verbose_name=_("article"))
    file = models.FileField(_("file"), upload_to="knowledge/%Y/%m/")

    class Meta(RecordFile.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class Vote(models.Model):
    """"Was this helpful?": one per article and browser (`voter` is a keyed hash of the
    browser's random token, never an address)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes",
                                verbose_name=_("article"))
    version_number = models.PositiveIntegerField(_("version number"))
    voter = models.CharField(_("browser (keyed hash)"), max_length=64, editable=False)
    helpful = models.BooleanField(_("helpful"))
    reason = models.TextField(_("reason"), blank=True)
    voted_at = models.DateTimeField(_("voted at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("helpfulness vote")
        verbose_name_plural = _("helpfulness votes")
        ordering = ["-voted_at"]
        constraints = [
            models.UniqueConstraint(fields=["article", "voter"], name="knowledge_vote_once"),
            models.CheckConstraint(condition=Q(helpful=True) | ~Q(reason=""),
                                   name="knowledge_vote_reason_on_no"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} {'+' if self.helpful else '-'}"


class CallOutcome(models.TextChoices):
    ANSWERED = "answered", _("Answered with an article")
    ANSWERED_WITHOUT_ARTICLE = "answered_without_article", _("Answered, no article fits (gap)")
    ESCALATED = "escalated", _("Not answered: registered as a petition (gap)")


class HotlineCall(TimeStampedModel):
    """A call the call centre took, as the console logs it: the question (no personal
    data), what answered it, or that nothing did (a knowledge-base gap)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="hotline_calls",
                                     verbose_name=_("organisation"))
    unit = models.ForeignKey("org.Unit", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("unit"))
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                related_name="+", verbose_name=_("officer"))
    question = models.CharField(_("question"), max_length=300)
    category = models.ForeignKey("voice.Category", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+", verbose_name=_("category"))
    service_type = models.ForeignKey("catalog.ServiceType", on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("service"))
    outcome = models.CharField(_("outcome"), max_length=30, choices=CallOutcome.choices)
    article = models.ForeignKey(Article, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="calls", verbose_name=_("answered by the article"))
    petition = models.ForeignKey("voice.Petition", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+",
                                 verbose_name=_("registered as the petition"))
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now, db_index=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, unique=True,
                                       null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("hotline call")
        verbose_name_plural = _("hotline calls")
        ordering = ["-taken_at", "-id"]
        indexes = [models.Index(fields=["organisation", "taken_at"])]

    def __str__(self) -> str:
        return self.question

    @property
    def is_gap(self) -> bool:
        return self.article_id is None


class ArticleUse(models.Model):
    """An article answered a citizen: a petition's reply quoted it, or a call was answered
    with it. Kept so that editors see which articles carry the load."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="uses",
                                verbose_name=_("article"))
    version_number = models.PositiveIntegerField(_("version number"))
    petition = models.ForeignKey("voice.Petition", on_delete=models.CASCADE, null=True,
                                 blank=True, related_name="article_uses",
                                 verbose_name=_("petition"))
    call = models.ForeignKey(HotlineCall, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="article_uses", verbose_name=_("call"))
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                related_name="+", verbose_name=_("used by"))
    used_at = models.DateTimeField(_("used at"), default=timezone.now)

    class Meta:
        verbose_name = _("article use")
        verbose_name_plural = _("article uses")
        ordering = ["-used_at"]
        constraints = [
            models.CheckConstraint(condition=Q(petition__isnull=False) | Q(call__isnull=False),
                                   name="knowledge_use_has_a_question"),
            models.UniqueConstraint(fields=["article", "petition"],
                                    condition=Q(petition__isnull=False),
                                    name="knowledge_use_once_per_petition"),
            models.UniqueConstraint(fields=["article", "call"], condition=Q(call__isnull=False),
                                    name="knowledge_use_once_per_call"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} -> {self.petition_id or self.call_id}"
