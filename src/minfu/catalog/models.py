"""The service catalogue: service types, their versions, and each version's checklist of
required documents. Tables only; the rules live in services.py and periods.py."""

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.core.models import Bilingual, BilingualNameMixin, TimeStampedModel, VersionedModel
from minfu.workcal.periods import Period, PeriodUnit


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    COUNTER = "counter", _("At the counter")
    MAIL = "mail", _("By mail")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Persons")
    BUSINESS = "business", _("Businesses")


class PeriodUnitChoices(models.TextChoices):
    """The choices of minfu.workcal.periods.PeriodUnit, labelled for forms."""

    WORKING_DAYS = PeriodUnit.WORKING_DAYS.value, _("working days")
    CALENDAR_DAYS = PeriodUnit.CALENDAR_DAYS.value, _("calendar days")
    HOURS = PeriodUnit.HOURS.value, _("office hours")


class ClassificationTag(BilingualNameMixin, TimeStampedModel):
    """One entry of the national portal's three classification indexes."""

    class Scheme(models.TextChoices):
        TOPIC = "topic", _("Topic index")
        POLICY = "policy", _("Policy index")
        SERVICE = "service", _("Service (life event) index")

    scheme = models.CharField(_("scheme"), max_length=10, choices=Scheme.choices)
    code = models.CharField(_("code"), max_length=20)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("classification tag")
        verbose_name_plural = _("classification tags")
        ordering = ["scheme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="tag_code_unique_in_scheme")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


service_code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
    _("Use letters, digits, hyphens and underscores only (it becomes part of the web address)."),
)


class ServiceType(TimeStampedModel):
    """A kind of application an organisation accepts. Its content lives in versions."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="service_types",
                                     verbose_name=_("organisation"))
    code = models.CharField(_("code"), max_length=40, validators=[service_code_validator])
    is_active = models.BooleanField(
        _("listed in the public catalogue"), default=True,
        help_text=_("Clear to withdraw the service from the public catalogue."))

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["organisation__path", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"],
                                    name="service_code_unique_in_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation.code}/{self.code}"


class CrossAgencyOpening(models.Model):
    """A service type its owning agency opened for cross-agency intake (跨機關通辦): the
    counters of `receiving_organisation` may receive applications for it. The case
    belongs to the owner from the start (docs/cross-agency.md)."""

    service_type = models.ForeignKey(ServiceType, on_delete=models.CASCADE,
                                     related_name="cross_agency_openings",
                                     verbose_name=_("service type"))
    receiving_organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("receiving agency"))
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("opened by"))

    class Meta:
        verbose_name = _("cross-agency intake opening")
        verbose_name_plural = _("cross-agency intake openings")
        ordering = ["service_type_id", "receiving_organisation_id"]
        constraints = [models.UniqueConstraint(fields=["service_type", "receiving_organisation"],
                                               name="cross_agency_opening_once")]

    def __str__(self) -> str:
        return f"{self.service_type} → {self.receiving_organisation_id}"


class ServiceTypeVersion(BilingualNameMixin, VersionedModel, TimeStampedModel):
    """What a service type says from one date on. Drafts are edited; a published version
    never changes in place, so a case can keep the version it was received under."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    service_type = models.ForeignKey(ServiceType, on_delete=models.CASCADE,
                                     related_name="versions", verbose_name=_("service type"))
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective until"), null=True, blank=True)

    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    responsible_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT,
                                         related_name="service_type_versions",
                                         verbose_name=_("responsible unit"))

    offered_online = models.BooleanField(_("online"), default=False)
    offered_at_counter = models.BooleanField(_("at the counter"), default=False)
    offered_by_mail = models.BooleanField(_("by mail"), default=False)
    for_persons = models.BooleanField(_("persons may apply"), default=False)
    for_businesses = models.BooleanField(_("businesses may apply"), default=False)

    legal_basis_zh = models.TextField(_("legal basis (Chinese)"), blank=True)
    legal_basis_en = models.TextField(_("legal basis (English)"), blank=True)
    period_value = models.PositiveIntegerField(_("processing period"),
                                               validators=[MinValueValidator(1)])
    period_unit = models.CharField(_("processing period unit"), max_length=20,
                                   choices=PeriodUnitChoices.choices)
    norm_value = models.PositiveIntegerField(
        _("service norm"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("The agency's own, faster target. Leave empty when there is none."))
    norm_unit = models.CharField(_("service norm unit"), max_length=20, blank=True,
                                 choices=PeriodUnitChoices.choices)
    fee_amount = models.PositiveIntegerField(
        _("fee (NT$)"), null=True, blank=True,
        help_text=_("0 when free; empty when the fee varies (explain it in the fee notes)."))
    fee_zh = models.TextField(_("fee notes (Chinese)"), blank=True)
    fee_en = models.TextField(_("fee notes (English)"), blank=True)
    where_to_apply_zh = models.TextField(_("where to apply (Chinese)"), blank=True)
    where_to_apply_en = models.TextField(_("where to apply (English)"), blank=True)

    topic_tag = models.ForeignKey(ClassificationTag, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("topic tag"),
                                  limit_choices_to={"scheme": ClassificationTag.Scheme.TOPIC})
    policy_tag = models.ForeignKey(ClassificationTag, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("policy tag"),
                                   limit_choices_to={"scheme": ClassificationTag.Scheme.POLICY})
    service_tag = models.ForeignKey(ClassificationTag, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("service tag"),
                                    limit_choices_to={"scheme": ClassificationTag.Scheme.SERVICE})

    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("published by"))

    class Meta:
        verbose_name = _("service type version")
        verbose_name_plural = _("service type versions")
        ordering = ["service_type_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service_type", "number"],
                                    name="service_version_number_unique"),
            # One draft at a time: two drafts would race to replace the same version.
            models.UniqueConstraint(fields=["service_type"], condition=Q(status="draft"),
                                    name="service_one_draft"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_from__isnull=False,
                                                           effective_to__gte=models.F(
                                                               "effective_from")),
                name="service_version_dates_ordered"),
            models.CheckConstraint(
                condition=~Q(status="draft") | Q(published_at__isnull=True),
                name="service_draft_unpublished"),
        ]
        indexes = [models.Index(fields=["status", "effective_from", "effective_to"])]

    def __str__(self) -> str:
        return f"{self.service_type} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    description = Bilingual()
    legal_basis = Bilingual()
    fee = Bilingual()
    where_to_apply = Bilingual()

    @property
    def channels(self) -> list[str]:
        flags = {Channel.ONLINE: self.offered_online, Channel.COUNTER: self.offered_at_counter,
                 Channel.MAIL: self.offered_by_mail}
        return [channel.value for channel, offered in flags.items() if offered]

    @property
    def applicant_kinds(self) -> list[str]:
        flags = {ApplicantKind.PERSON: self.for_persons,
                 ApplicantKind.BUSINESS: self.for_businesses}
        return [kind.value for kind, allowed in flags.items() if allowed]

    @property
    def channel_labels(self) -> list[str]:
        return [Channel(value).label for value in self.channels]

    @property
    def applicant_kind_labels(self) -> list[str]:
        return [ApplicantKind(value).label for value in self.applicant_kinds]

    @property
    def period(self) -> Period:
        return Period(self.period_value, PeriodUnit(self.period_unit))

    @property
    def norm(self) -> Period | None:
        if self.norm_value is None or not self.norm_unit:
            return None
        return Period(self.norm_value, PeriodUnit(self.norm_unit))


class RequiredDocument(BilingualNameMixin):
    """One item of a version's checklist: every document is named at once (一次告知)."""

    class Requirement(models.TextChoices):
        MANDATORY = "mandatory", _("Mandatory")
        CONDITIONAL = "conditional", _("Only in some cases")

    version = models.ForeignKey(ServiceTypeVersion, on_delete=models.CASCADE,
                                related_name="documents", verbose_name=_("version"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    notes_zh = models.TextField(_("notes (Chinese)"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    requirement = models.CharField(_("requirement"), max_length=12,
                                   choices=Requirement.choices, default=Requirement.MANDATORY)
    condition_zh = models.TextField(_("when it is needed (Chinese)"), blank=True)
    condition_en = models.TextField(_("when it is needed (English)"), blank=True)
    fetched_by_agency = models.BooleanField(
        _("fetched by the agency"), default=False,
        help_text=_("The agency obtains it itself, so the applicant need not bring it."))

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["version_id", "order", "id"]

    notes = Bilingual()
    condition = Bilingual()

    @property
    def is_conditional(self) -> bool:
        return self.requirement == self.Requirement.CONDITIONAL


class QuestionKind(models.TextChoices):
    """The values of catalog.questions.Kind, labelled for forms."""

    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Whole number")
    DATE = "date", pgettext_lazy("question kind", "Date")
    SINGLE_CHOICE = "single_choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    YES_NO = "yes_no", _("Yes or no")


class ServiceQuestion(models.Model):
    """One question of a version's application form (所得年度, 用途...). Like the
    checklist, it changes only on a draft and is copied into each new draft; answers are
    stored on the case with the label they were given under."""

    version = models.ForeignKey(ServiceTypeVersion, on_delete=models.CASCADE,
                                related_name="questions", verbose_name=_("version"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(_("code"), max_length=40,
                            help_text=_("Letters, digits, hyphens and underscores; unique "
                                        "within the version. Answers are stored under it."))
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    label_zh = models.CharField(_("question (Chinese)"), max_length=200)
    label_en = models.CharField(_("question (English)"), max_length=200, blank=True)
    help_zh = models.TextField(_("help (Chinese)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    # [{"code", "label_zh", "label_en"}] for the choice kinds, in the order shown.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    min_value = models.IntegerField(_("smallest number"), null=True, blank=True)
    max_value = models.IntegerField(_("largest number"), null=True, blank=True)

    class Meta:
        verbose_name = _("application question")
        verbose_name_plural = _("application questions")
        ordering = ["version_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"],
                                    name="service_question_code_unique_in_version"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label_zh}"

    label = Bilingual()
    help = Bilingual()
