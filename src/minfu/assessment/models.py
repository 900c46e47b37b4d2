"""Tables of assessment: score sheets (versioned), inspections by a task force,
telephone-courtesy tests, improvement items (列管) and meetings, recognition, innovation
proposals and the yearly award evaluation. Tables only: the rules live in scoring.py,
workflow.py, deadlines.py (pure) and services.py (every write)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.core.models import (
    Bilingual,
    BilingualNameMixin,
    TimeStampedModel,
    VersionedModel,
)

POINTS = {"max_digits": 7, "decimal_places": 2}


class SheetKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    COURTESY = "courtesy", _("Telephone-courtesy test")
    AWARD = "award", _("Award evaluation")


class ScoreSheet(BilingualNameMixin, VersionedModel, TimeStampedModel):
    """One version of a score sheet (評分表). Once any score card uses it, it is frozen:
    a change makes the next version (services.score_sheet_new_version)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="score_sheets",
                                     verbose_name=_("owner organisation"))
    kind = models.CharField(_("kind"), max_length=12, choices=SheetKind.choices)
    code = models.SlugField(_("code"), max_length=40,
                            help_text=_("Stays the same across the versions of one sheet."))
    sheet_version = models.PositiveIntegerField(_("sheet version"), default=1)
    improvement_below = models.DecimalField(
        _("improvement plan required below"), null=True, blank=True, **POINTS,
        help_text=_("A total under this requires an improvement plan (e.g. 750)."))
    is_current = models.BooleanField(_("current version"), default=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["organisation", "code", "-sheet_version"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code", "sheet_version"],
                                               name="assessment_sheet_version_unique")]

    def __str__(self) -> str:
        return f"{self.name_zh} v{self.sheet_version}"


class ScoreSection(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="sections",
                              verbose_name=_("score sheet"))
    position = models.PositiveIntegerField(_("position"), default=0)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("score sheet section")
        verbose_name_plural = _("score sheet sections")
        ordering = ["sheet", "position", "id"]

    def __str__(self) -> str:
        return self.title_zh


class ScoreItem(models.Model):
    section = models.ForeignKey(ScoreSection, on_delete=models.CASCADE, related_name="items",
                                verbose_name=_("section"))
    position = models.PositiveIntegerField(_("position"), default=0)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    guidance = models.TextField(_("guidance"), blank=True)

    class Meta:
        verbose_name = _("score sheet item")
        verbose_name_plural = _("score sheet items")
        ordering = ["section", "position", "id"]

    def __str__(self) -> str:
        return self.title_zh


class ScoreTier(models.Model):
    """A result tier (優等, 甲等 ...) reached at `lower_bound` points or more."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="tiers",
                              verbose_name=_("score sheet"))
    name_zh = models.CharField(_("name (Chinese)"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=40, blank=True)
    lower_bound = models.DecimalField(_("lower bound"), **POINTS)

    class Meta:
        verbose_name = _("result tier")
        verbose_name_plural = _("result tiers")
        ordering = ["sheet", "-lower_bound"]

    def __str__(self) -> str:
        return self.name_zh


# ----- inspections -----------------------------------------------------------------------

class InspectionKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    UNANNOUNCED = "unannounced", _("Unannounced")


class InspectionState(models.TextChoices):
    """The values of workflow.InspectionState, labelled for people. An inspection's report
    is signed off (submitted, reviewed, approved) before the inspected party is told."""

    PLANNED = "planned", _("Planned")
    SUBMITTED = "submitted", _("Report awaiting review")
    REVIEWED = "reviewed", _("Report awaiting approval")
    RETURNED = "returned", _("Report returned for correction")
    APPROVED = "approved", _("Report approved")


class Inspection(VersionedModel, TimeStampedModel):
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="inspections",
                                     verbose_name=_("inspected organisation"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="inspections", verbose_name=_("inspected unit"))
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT, related_name="inspections",
                              verbose_name=_("score sheet"))
    kind = models.CharField(_("kind"), max_length=12, choices=InspectionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    inspected_on = models.DateField(_("date of the inspection"))
    convener = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("convener"))
    secretary = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("secretary"))
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                     verbose_name=_("task force members"))
    # The official who approves the report (designated when the inspection is planned);
    # empty only for inspections recorded before sign-off existed.
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="+",
                                 verbose_name=_("approving official"))
    state = models.CharField(_("state"), max_length=12, choices=InspectionState.choices,
                             default=InspectionState.PLANNED)
    total = models.DecimalField(_("total"), null=True, blank=True, **POINTS)
    tier = models.CharField(_("tier"), max_length=40, blank=True)
    improvement_required = models.BooleanField(_("improvement plan required"), default=False)
    finalised_on = models.DateField(_("report approved on"), null=True, blank=True)
    reply_due_on = models.DateField(_("reply due on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    notified_at = models.DateTimeField(_("inspected party notified at"), null=True, blank=True)
    # Who last submitted and reviewed the report (the sign-off history: `signoff`).
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("report submitted by"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("report reviewed by"))

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Finding(TimeStampedModel):
    """An inspection finding; one click turns it into an improvement item."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE,
                                   related_name="findings", verbose_name=_("inspection"))
    text = models.TextField(_("finding"))
    owner_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("owner unit"))

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return self.text[:60]


# ----- inspection sign-off and publication ------------------------------------------------

SIGNOFF_STEP_LABELS = {
    "submit": _("Submitted for review"),
    "review": pgettext_lazy("inspection report", "Reviewed"),
    "return": pgettext_lazy("inspection report", "Returned"),
    "approve": pgettext_lazy("inspection report", "Approved"),
}


class SignoffEntry(models.Model):
    """One step of an inspection report's sign-off (submitted, reviewed, returned,
    approved), with who took it and their comment. Appended, never edited."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE,
                                   related_name="signoff", verbose_name=_("inspection"))
    step = models.CharField(_("step"), max_length=12)
    from_state = models.CharField(_("from state"), max_length=12,
                                  choices=InspectionState.choices)
    to_state = models.CharField(_("to state"), max_length=12, choices=InspectionState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("sign-off step")
        verbose_name_plural = _("sign-off steps")
        ordering = ["inspection", "at", "id"]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.step}"

    @property
    def step_label(self) -> str:
        return str(SIGNOFF_STEP_LABELS.get(self.step, self.step))


class InspectionPublication(VersionedModel, TimeStampedModel):
    """What the public sees of an approved inspection, chosen by the coordinator: the
    total and tier, the per-section scores, and strengths and findings written for the
    public. Never the scorers' names or their comments."""

    inspection = models.OneToOneField(Inspection, on_delete=models.PROTECT,
                                      related_name="publication",
                                      verbose_name=_("inspection"))
    title_zh = models.CharField(_("public title (Chinese)"), max_length=200)
    title_en = models.CharField(_("public title (English)"), max_length=200, blank=True)
    show_total = models.BooleanField(_("show the total and the tier"), default=True)
    show_sections = models.BooleanField(_("show the score of each section"), default=False)
    strengths_zh = models.TextField(_("strengths (Chinese)"), blank=True)
    strengths_en = models.TextField(_("strengths (English)"), blank=True)
    findings_zh = models.TextField(_("findings and improvements (Chinese)"), blank=True)
    findings_en = models.TextField(_("findings and improvements (English)"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    unpublished_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("published inspection result")
        verbose_name_plural = _("published inspection results")
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["is_published", "published_on"])]

    def __str__(self) -> str:
        return self.title_zh

    title = Bilingual()
    strengths = Bilingual()
    findings = Bilingual()


# ----- telephone-courtesy tests --------------------------------------------------------------

class CourtesyTest(TimeStampedModel):
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="courtesy_tests",
                                     verbose_name=_("organisation"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="courtesy_tests",
                             verbose_name=_("unit called"))
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT,
                              related_name="courtesy_tests", verbose_name=_("score sheet"))
    called_at = models.DateTimeField(_("called at"))
    number_called = models.CharField(_("number called"), max_length=40)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("answered by (staff account)"))
    answered_by_name = models.CharField(
        _("answered by"), max_length=100, blank=True,
        help_text=_("The name the person gave; empty when unknown."))
    rings = models.PositiveSmallIntegerField(_("rings before answer"))
    tester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("tester"))
    total = models.DecimalField(_("total"), **POINTS)
    below_threshold = models.BooleanField(_("below the threshold"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, unique=True,
                                       null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("telephone-courtesy test")
        verbose_name_plural = _("telephone-courtesy tests")
        ordering = ["-called_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.called_at:%Y-%m-%d %H:%M}"


# ----- award evaluation ----------------------------------------------------------------------

class AwardRoundState(models.TextChoices):
    """The values of workflow.AwardRoundState, labelled for people."""

    OPEN = "open", _("Open for self-evaluations")
    EVALUATING = "evaluating", _("Being evaluated")
    DECIDED = "decided", _("Results decided")
    PUBLISHED = "published", _("Results published")


class AwardRound(VersionedModel, TimeStampedModel):
    """A ministry's yearly award (政府服務獎): categories with their criteria and tiers,
    stages in order, a judge pool. Its state follows its stages (workflow.AWARD_ROUND)."""

    ministry = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                 related_name="award_rounds", verbose_name=_("ministry"))
    year = models.PositiveIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT, related_name="award_rounds",
                              verbose_name=_("criteria (score sheet)"))
    submission_due_on = models.DateField(_("self-evaluations due on"))
    state = models.CharField(_("state"), max_length=12, choices=AwardRoundState.choices,
                             default=AwardRoundState.OPEN)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    convener = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="+",
                                 verbose_name=_("convener"))
    judges = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                    verbose_name=_("judge pool"))

    class Meta:
        verbose_name = _("award round")
        verbose_name_plural = _("award rounds")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["ministry", "year"],
                                               name="assessment_award_round_per_year")]

    def __str__(self) -> str:
        return self.title


class AwardCategoryKind(models.TextChoices):
    OVERALL = "overall", _("Overall award")
    PROJECT = "project", _("Project award")


class AwardCategory(BilingualNameMixin, VersionedModel, TimeStampedModel):
    """A category of a round (整體獎, 專案獎) with its own criteria sheet and tiers. An
    agency enters the overall award once, a project award once per project."""

    award_round = models.ForeignKey(AwardRound, on_delete=models.CASCADE,
                                    related_name="categories", verbose_name=_("award round"))
    kind = models.CharField(_("kind"), max_length=10, choices=AwardCategoryKind.choices)
    position = models.PositiveIntegerField(_("position"), default=1)
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT,
                              related_name="award_categories",
                              verbose_name=_("criteria (score sheet)"))

    class Meta:
        verbose_name = _("award category")
        verbose_name_plural = _("award categories")
        ordering = ["award_round", "position", "id"]


class AwardTier(models.Model):
    """A tier of a category (特優, 優等, 甲等 ...): how many prizes, the least mean that
    may reach it, and the prize."""

    category = models.ForeignKey(AwardCategory, on_delete=models.CASCADE, related_name="tiers",
                                 verbose_name=_("award category"))
    position = models.PositiveIntegerField(_("position"), default=1)
    name_zh = models.CharField(_("name (Chinese)"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=40, blank=True)
    prizes = models.PositiveIntegerField(_("number of prizes"))
    min_mean = models.DecimalField(_("least mean"), null=True, blank=True, **POINTS)
    prize_zh = models.CharField(_("prize (Chinese)"), max_length=300, blank=True)
    prize_en = models.CharField(_("prize (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("award tier")
        verbose_name_plural = _("award tiers")
        ordering = ["category", "position", "id"]

    def __str__(self) -> str:
        return self.name_zh

    name = Bilingual()
    prize = Bilingual()


class AwardStageKind(models.TextChoices):
    SELF_EVALUATION = "self", _("Agency self-evaluation")
    REVIEW = "review", _("Review (scored, decides who advances)")
    FINAL = "final", _("Final judging (scored, decides the tiers)")


class AwardStageState(models.TextChoices):
    """The values of workflow.AwardStageState, labelled for people."""

    PENDING = "pending", _("Not started")
    OPEN = "open", pgettext_lazy("award stage state", "Open")
    DECIDED = "decided", _("Decided")


class AwardStage(BilingualNameMixin, VersionedModel, TimeStampedModel):
    """One stage of a round, in order (自評, 初審, 實地訪查, 決審), with its dates and the
    record of its decision: who decided, when, who advances or the tiers, the reasons
    and attachments (Evidence.award_stage)."""

    award_round = models.ForeignKey(AwardRound, on_delete=models.CASCADE, related_name="stages",
                                    verbose_name=_("award round"))
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=8, choices=AwardStageKind.choices)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=AwardStageState.choices,
                             default=AwardStageState.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reasons = models.TextField(_("reasons of the decision"), blank=True)
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)

    class Meta:
        verbose_name = _("award stage")
        verbose_name_plural = _("award stages")
        ordering = ["award_round", "position"]
        constraints = [models.UniqueConstraint(fields=["award_round", "position"],
                                               name="assessment_award_stage_position")]

    @property
    def is_scored(self) -> bool:
        return self.kind != AwardStageKind.SELF_EVALUATION


class AwardEntry(TimeStampedModel):
    """An agency's entry in one category: its self-evaluation, then its final mean, rank,
    tier, prize and citation."""

    award_round = models.ForeignKey(AwardRound, on_delete=models.PROTECT, related_name="entries",
                                    verbose_name=_("award round"))
    category = models.ForeignKey(AwardCategory, on_delete=models.PROTECT, null=True,
                                 related_name="entries", verbose_name=_("award category"))
    title = models.CharField(_("project"), max_length=200, blank=True,
                             help_text=_("The project's name (project awards)."))
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="award_entries",
                                     verbose_name=_("agency"))
    self_evaluation = models.TextField(_("self-evaluation"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"))
    total = models.DecimalField(_("total (mean of evaluators)"), null=True, blank=True,
                                **POINTS)
    tier = models.CharField(_("tier"), max_length=40, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    recommended_reward = models.TextField(_("recommended reward"), blank=True)
    citation_zh = models.TextField(_("citation (Chinese)"), blank=True)
    citation_en = models.TextField(_("citation (English)"), blank=True)

    class Meta:
        verbose_name = _("award entry")
        verbose_name_plural = _("award entries")
        ordering = ["award_round", "category__position", "rank", "organisation__sort_order",
                    "id"]
        constraints = [models.UniqueConstraint(fields=["category", "organisation", "title"],
                                               name="assessment_one_entry_per_project")]

    def __str__(self) -> str:
        return f"{self.award_round_id} {self.organisation_id} {self.title}".strip()

    citation = Bilingual()

    @property
    def label(self) -> str:
        """The agency, and the project for a project award."""
        name = self.organisation.name
        return f"{name}: {self.title}" if self.title else name


class AwardStageEntry(models.Model):
    """An entry taking part in a stage (advanced to it), with the stage's outcome."""

    stage = models.ForeignKey(AwardStage, on_delete=models.CASCADE, related_name="entries",
                              verbose_name=_("award stage"))
    entry = models.ForeignKey(AwardEntry, on_delete=models.CASCADE, related_name="stages",
                              verbose_name=_("award entry"))
    mean = models.DecimalField(_("mean"), null=True, blank=True, **POINTS)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    advanced = models.BooleanField(_("advanced"), null=True, blank=True)
    tier = models.CharField(_("tier"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("entry in a stage")
        verbose_name_plural = _("entries in a stage")
        ordering = ["stage", "entry__category__position", "entry__organisation__path",
                    "entry__title", "id"]
        constraints = [models.UniqueConstraint(fields=["stage", "entry"],
                                               name="assessment_entry_once_per_stage")]

    def __str__(self) -> str:
        return f"{self.stage_id} {self.entry_id}"


class ConflictState(models.TextChoices):
    PENDING = "pending", _("Not declared yet")
    NONE = "none", _("No conflict of interest")
    DECLARED = "declared", _("Conflict declared: excluded")


class AwardAssignment(TimeStampedModel):
    """A judge assigned to an entry in a stage. The judge declares whether they have a
    conflict of interest before seeing or scoring it; a declared conflict excludes them
    and another judge of the pool replaces them (`replaces`)."""

    stage_entry = models.ForeignKey(AwardStageEntry, on_delete=models.CASCADE,
                                    related_name="assignments",
                                    verbose_name=_("entry in a stage"))
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="award_assignments", verbose_name=_("judge"))
    conflict = models.CharField(_("conflict of interest"), max_length=8,
                                choices=ConflictState.choices, default=ConflictState.PENDING)
    conflict_reason = models.TextField(_("reason of the conflict"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    replaces = models.OneToOneField("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="replaced_by",
                                    verbose_name=_("replaces the judge of"))

    class Meta:
        verbose_name = _("judge assignment")
        verbose_name_plural = _("judge assignments")
        ordering = ["stage_entry", "id"]
        constraints = [models.UniqueConstraint(fields=["stage_entry", "judge"],
                                               name="assessment_judge_once_per_entry")]

    def __str__(self) -> str:
        return f"{self.stage_entry_id} {self.judge_id} {self.conflict}"


# ----- score cards: one mechanism for inspections, courtesy tests and awards ------------------

class ScoreCard(TimeStampedModel):
    """One scorer's scores on one sheet for one subject (exactly one of the three)."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT, related_name="cards",
                              verbose_name=_("score sheet"))
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("scorer"))
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="cards", verbose_name=_("inspection"))
    courtesy_test = models.ForeignKey(CourtesyTest, on_delete=models.CASCADE, null=True,
                                      blank=True, related_name="cards",
                                      verbose_name=_("telephone-courtesy test"))
    award_entry = models.ForeignKey(AwardEntry, on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="cards", verbose_name=_("award entry"))
    award_stage = models.ForeignKey(AwardStage, on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="cards", verbose_name=_("award stage"))
    total = models.DecimalField(_("total"), **POINTS)

    class Meta:
        verbose_name = _("score card")
        verbose_name_plural = _("score cards")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "scorer"],
                                    name="assessment_card_per_inspector"),
            models.UniqueConstraint(fields=["award_entry", "award_stage", "scorer"],
                                    name="assessment_card_per_judge_and_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet_id} {self.scorer_id} {self.total}"


class ScoreLine(models.Model):
    card = models.ForeignKey(ScoreCard, on_delete=models.CASCADE, related_name="lines",
                             verbose_name=_("score card"))
    item = models.ForeignKey(ScoreItem, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("item"))
    points = models.DecimalField(_("points"), **POINTS)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["card", "item__section__position", "item__position", "item_id"]
        constraints = [models.UniqueConstraint(fields=["card", "item"],
                                               name="assessment_line_per_item")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.points}"


# ----- improvement items (列管) ----------------------------------------------------------------

class ItemSource(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    COURTESY = "courtesy", _("Telephone-courtesy test")
    COMPLAINT = "complaint", _("Complaint follow-up")
    SURVEY = "survey", _("Survey follow-up")
    MEETING = "meeting", pgettext_lazy("improvement item source", "Meeting")
    PARTICIPATION = "participation", _("Public participation")


class ItemStatus(models.TextChoices):
    """The values of workflow.ItemStatus, labelled for people."""

    OPEN = "open", pgettext_lazy("improvement item status", "Open")
    REPLIED = "replied", _("Replied")
    RETURNED = "returned", _("Returned for more work")
    CLOSED = "closed", pgettext_lazy("improvement item status", "Closed")


class ImprovementItem(VersionedModel, TimeStampedModel):
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="improvement_items",
                                     verbose_name=_("organisation"))
    owner_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT,
                                   related_name="improvement_items",
                                   verbose_name=_("owner unit"))
    source = models.CharField(_("source"), max_length=20, choices=ItemSource.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="items", verbose_name=_("inspection"))
    finding = models.OneToOneField(Finding, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="item", verbose_name=_("finding"))
    courtesy_test = models.OneToOneField(CourtesyTest, on_delete=models.PROTECT, null=True,
                                         blank=True, related_name="follow_up",
                                         verbose_name=_("telephone-courtesy test"))
    # What a citizen said, taken into tracking: a survey answer's or a petition rating's
    # follow-up (services.follow_up_to_item).
    survey_follow_up = models.OneToOneField(
        "surveys.FollowUp", on_delete=models.PROTECT, null=True, blank=True,
        related_name="improvement_item", verbose_name=_("survey follow-up"))
    petition_follow_up = models.OneToOneField(
        "voice.FollowUp", on_delete=models.PROTECT, null=True, blank=True,
        related_name="improvement_item", verbose_name=_("petition follow-up"))
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=ItemStatus.choices,
                              default=ItemStatus.OPEN)
    reply = models.TextField(_("reply of the unit"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("replied by"))
    review_note = models.TextField(_("coordinator's review"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("reviewed by"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Taken into the execution plan: the action that tracks it there.
    plan_node = models.ForeignKey("plans.PlanNode", on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="improvement_items",
                                  verbose_name=_("plan action"))

    class Meta:
        verbose_name = _("improvement item")
        verbose_name_plural = _("improvement items")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["organisation", "status"]),
                   models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.title


class Evidence(TimeStampedModel):
    """An evidence file of an inspector's scoring, a unit's reply or an award entry."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="evidence", verbose_name=_("inspection"))
    item = models.ForeignKey(ImprovementItem, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="evidence", verbose_name=_("improvement item"))
    award_entry = models.ForeignKey(AwardEntry, on_delete=models.CASCADE, null=True,
                                    blank=True, related_name="evidence",
                                    verbose_name=_("award entry"))
    award_stage = models.ForeignKey("AwardStage", on_delete=models.CASCADE, null=True,
                                    blank=True, related_name="attachments",
                                    verbose_name=_("award stage decision"))
    file = models.FileField(_("file"), upload_to="assessment/%Y/%m/")
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("uploaded by"))

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Meeting(TimeStampedModel):
    """A task-force meeting (held at least every half year) reviewing open items."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="assessment_meetings",
                                     verbose_name=_("organisation"))
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    minutes = models.TextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("task-force meeting")
        verbose_name_plural = _("task-force meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class MeetingItem(models.Model):
    """An item as reported at the meeting (a snapshot: status and progress then)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="lines",
                                verbose_name=_("meeting"))
    item = models.ForeignKey(ImprovementItem, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("improvement item"))
    status = models.CharField(_("status then"), max_length=10, choices=ItemStatus.choices)
    progress = models.TextField(_("progress"), blank=True)

    class Meta:
        verbose_name = _("item reported at a meeting")
        verbose_name_plural = _("items reported at meetings")
        ordering = ["meeting", "item__due_on", "item_id"]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.item_id}"


# ----- recognition -------------------------------------------------------------------------

class RecognitionKind(models.TextChoices):
    QUARTERLY_EXEMPLARY = "quarterly", _("Quarterly exemplary staff")
    MONTHLY_COURTESY = "courtesy", _("Monthly telephone-courtesy model")


class Nomination(TimeStampedModel):
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="nominations", verbose_name=_("organisation"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="nominations",
                             verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=10, choices=RecognitionKind.choices)
    period_start = models.DateField(_("first day of the period"))
    nominee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("nominee"))
    reason = models.TextField(_("reason"))
    figures = models.JSONField(_("supporting figures"), default=dict, blank=True)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("nominated by"))
    selected = models.BooleanField(_("selected"), default=False)
    selected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("selected by"))
    selected_on = models.DateField(_("selected on"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-period_start", "kind", "id"]
        constraints = [models.UniqueConstraint(
            fields=["organisation", "kind", "period_start", "nominee"],
            name="assessment_nomination_once_per_period")]

    def __str__(self) -> str:
        return f"{self.kind} {self.period_start} {self.nominee_id}"


# ----- innovation proposals -------------------------------------------------------------------

class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ADOPTED = "adopted", _("Adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    IMPLEMENTED = "implemented", _("Implemented")


class Proposal(VersionedModel, TimeStampedModel):
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="proposals", verbose_name=_("organisation"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="proposals",
                             verbose_name=_("unit"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_on = models.DateField(_("submitted on"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    expected_benefit = models.TextField(_("expected benefit"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ProposalStatus.choices,
                              default=ProposalStatus.SUBMITTED)
    decision_reason = models.TextField(_("reason of the decision"), blank=True)
    plan_node = models.ForeignKey("plans.PlanNode", on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="proposals",
                                  verbose_name=_("plan action"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    implementation_note = models.TextField(_("implementation"), blank=True)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, unique=True,
                                       null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("innovation proposal")
        verbose_name_plural = _("innovation proposals")
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return self.title
