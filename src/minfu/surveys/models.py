"""Tables of surveys: definitions with versions and questions, waves, invitations,
responses and answers, real-time ratings and follow-up tasks. The rules live in
logic.py / stats.py (pure), services.py (every write) and selectors.py (every read)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.core.models import Bilingual, BilingualNameMixin, TimeStampedModel, VersionedModel


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("5-point scale")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")


class SurveyChannel(models.TextChoices):
    """How a response or rating came in."""

    AFTER_CASE = "after_case", _("Link after a closed application")
    COUNTER = "counter", _("QR code at the counter")
    WEB = "web", _("Open on the website")
    ONLINE = "online", _("After an online service")
    TABLET = "tablet", _("Counter tablet")


WAVE_CHANNELS = (SurveyChannel.AFTER_CASE, SurveyChannel.COUNTER, SurveyChannel.WEB)
RATING_CHANNELS = (SurveyChannel.ONLINE, SurveyChannel.TABLET)


class Survey(BilingualNameMixin, VersionedModel, TimeStampedModel):
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="surveys", verbose_name=_("organisation"))
    code = models.SlugField(_("code"), max_length=40)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["organisation__path", "code"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"],
                                               name="survey_code_unique_in_org")]


class SurveyVersion(VersionedModel, TimeStampedModel):
    """What a survey asks from one version on. A draft is edited in place until it has
    answers; a published version never changes (editing it makes a new draft)."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("survey version", "Draft")
        PUBLISHED = "published", pgettext_lazy("survey version", "Published")
        RETIRED = "retired", pgettext_lazy("survey version", "Retired")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions",
                               verbose_name=_("survey"))
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    intro_zh = models.TextField(_("introduction (Chinese)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey version")
        verbose_name_plural = _("survey versions")
        ordering = ["survey", "-number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"],
                                               name="survey_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.survey.code} v{self.number}"

    intro = Bilingual()


class Question(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE,
                                related_name="questions", verbose_name=_("survey version"))
    order = models.PositiveSmallIntegerField(_("order"))
    key = models.SlugField(_("key"), max_length=40,
                           help_text=_("Short stable name, used by conditions and exports."))
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text_zh = models.CharField(_("question (Chinese)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    is_overall = models.BooleanField(
        _("overall satisfaction"), default=False,
        help_text=_("Counts towards the satisfaction share metric and follow-ups."))
    # [{"value": "a", "zh": "...", "en": "..."}] for single and multiple choice.
    options = models.JSONField(_("options"), default=list, blank=True)
    show_if_key = models.SlugField(_("shown when question"), max_length=40, blank=True)
    show_if_values = models.JSONField(_("has one of the values"), default=list, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "key"],
                                               name="question_key_unique_in_version")]

    def __str__(self) -> str:
        return self.key

    text = Bilingual()


class Wave(BilingualNameMixin, VersionedModel, TimeStampedModel):
    """One round of a survey (e.g. 115年第1季) with its period, target and channels."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="waves",
                               verbose_name=_("survey"))
    survey_version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT,
                                       related_name="waves", verbose_name=_("survey version"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    target_sample = models.PositiveIntegerField(_("target sample size"))
    channels = models.JSONField(_("channels"), default=list)
    invitation_valid_days = models.PositiveSmallIntegerField(
        _("invitation valid for (days)"), default=14)

    class Meta:
        verbose_name = _("survey wave")
        verbose_name_plural = _("survey waves")
        ordering = ["survey", "-starts_on"]


class Invitation(TimeStampedModel):
    """A tokenised link sent after a case closed: one answer per token, until it expires.
    Only a keyed hash of the token is stored."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations",
                             verbose_name=_("survey wave"))
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="survey_invitations", verbose_name=_("application"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("unit"))
    service_type = models.ForeignKey("catalog.ServiceType", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("service type"))
    token_hash = models.CharField(_("token (keyed hash)"), max_length=64, unique=True,
                                  editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["wave", "case"],
                                               condition=Q(case__isnull=False),
                                               name="invitation_once_per_case")]


class Response(models.Model):
    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="responses",
                             verbose_name=_("survey wave"))
    survey_version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT,
                                       related_name="responses",
                                       verbose_name=_("survey version"))
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("unit"))
    service_type = models.ForeignKey("catalog.ServiceType", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("service type"))
    channel = models.CharField(_("channel"), max_length=12, choices=SurveyChannel.choices)
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    invitation = models.OneToOneField(Invitation, on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="response",
                                      verbose_name=_("invitation"))
    browser_key = models.CharField(_("browser key"), max_length=64, blank=True,
                                   editable=False)
    contact_consent = models.BooleanField(_("may be contacted"), default=False)
    contact_name = models.CharField(_("contact name"), max_length=100, blank=True)
    contact_details = models.CharField(_("telephone or e-mail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at"]
        constraints = [models.UniqueConstraint(
            fields=["wave", "browser_key"], condition=~Q(browser_key=""),
            name="response_once_per_browser")]

    def __str__(self) -> str:
        return f"{self.wave_id}/{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers",
                                 verbose_name=_("response"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers",
                                 verbose_name=_("question"))
    number = models.PositiveSmallIntegerField(_("scale value"), null=True, blank=True)
    choices = models.JSONField(_("chosen options"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"],
                                               name="answer_once_per_question")]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


class Rating(models.Model):
    """A real-time rating (即時評價): 1 to 5 with an optional comment."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    service_type = models.ForeignKey("catalog.ServiceType", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("service type"))
    channel = models.CharField(_("channel"), max_length=12, choices=SurveyChannel.choices)
    score = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)
    contact_consent = models.BooleanField(_("may be contacted"), default=False)
    contact_details = models.CharField(_("telephone or e-mail"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True,
                                       editable=False)

    class Meta:
        verbose_name = _("real-time rating")
        verbose_name_plural = _("real-time ratings")
        ordering = ["-submitted_at"]
        constraints = [models.CheckConstraint(condition=Q(score__gte=1, score__lte=5),
                                              name="rating_score_1_to_5")]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.score}"


class FollowUp(VersionedModel, TimeStampedModel):
    """A task for the unit after a low rating or an unsatisfied answer whose author
    agreed to be contacted: open → contacted → closed."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("follow-up", "Open")
        CONTACTED = "contacted", pgettext_lazy("follow-up", "Contacted")
        CLOSED = "closed", pgettext_lazy("follow-up", "Closed")

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("unit"))
    response = models.OneToOneField(Response, on_delete=models.CASCADE, null=True,
                                    blank=True, related_name="follow_up",
                                    verbose_name=_("survey response"))
    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="follow_up", verbose_name=_("rating"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    summary = models.TextField(_("what the citizen said"), blank=True)
    contact_details = models.CharField(_("telephone or e-mail"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("handled by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["status", "-created_at"]
        indexes = [models.Index(fields=["unit", "status"])]
