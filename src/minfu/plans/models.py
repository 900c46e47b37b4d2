"""Tables of plans: programmes and their measures, execution plans with their basis,
levels, node tree, actions and key indicators, reporting periods and progress reports.

Rules live in services (writes), deadlines/indicators/workflow/numbering (pure) and
selectors (reads); the models only hold data."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.core.models import TimeStampedModel, VersionedModel
from minfu.org.models import Organisation, Unit
from minfu.plans import deadlines
from minfu.plans.deadlines import DeadlineKind, Standing
from minfu.plans.numbering import Style
from minfu.plans.workflow import ReviewState


class Programme(VersionedModel, TimeStampedModel):
    """A ministry's implementation plan (實施計畫) its agencies' execution plans follow."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="programmes", verbose_name=_("organisation"))
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=80, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    plans_due_month = models.PositiveSmallIntegerField(
        _("plans due by (month)"), default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Agencies publish their plan for a year by the end of this month (or "
                    "the day below) of that year."))
    plans_due_day = models.PositiveSmallIntegerField(
        _("plans due by (day)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Empty: the month's last day."))

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["organisation__path", "code"]

    def __str__(self) -> str:
        return self.title

    def plans_due_on(self, year: int) -> dt.date:
        """The day the agencies' plans for `year` are due (end of January by default)."""
        last = deadlines.month_end(year, self.plans_due_month)
        return last if self.plans_due_day is None else last.replace(
            day=min(self.plans_due_day, last.day))


class Measure(models.Model):
    """A measure (具體措施) of a programme; measures nest (一、 > (一))."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="measures",
                                  verbose_name=_("programme"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children", verbose_name=_("parent"))
    numbering = models.CharField(_("numbering"), max_length=20, blank=True)
    text = models.TextField(_("text"))
    position = models.PositiveIntegerField(_("position"), default=1)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["programme", "parent_id", "position"]
        constraints = [models.UniqueConstraint(fields=["programme", "parent", "position"],
                                               name="plans_measure_unique_position")]

    def __str__(self) -> str:
        return f"{self.numbering}{self.text[:40]}"


class Plan(VersionedModel, TimeStampedModel):
    """An agency's execution plan (執行計畫) for one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("plan status", "Draft")
        PUBLISHED = "published", pgettext_lazy("plan status", "Published")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="plans", verbose_name=_("organisation"))
    year = models.PositiveIntegerField(_("year"), help_text=_("Western calendar year, e.g. 2025."))
    title = models.CharField(_("title"), max_length=200)
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="plans", verbose_name=_("programme"))
    objectives = models.TextField(_("objectives"), blank=True)
    executing_units = models.TextField(_("executing units"), blank=True,
                                       help_text=_("As the document states it, e.g. 本關各單位。"))
    class Numbering(models.TextChoices):
        GENERATED = "generated", _("Numbered by level (一、 (一) 1. ...)")
        AS_WRITTEN = "as_written", _("Numbers kept as written (1.1, 2., (一) ...)")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    class Layout(models.TextChoices):
        COLUMNS = "columns", _("A table with one column per level")
        HEADINGS = "headings", _("Nested headings, for deep plans")

    layout = models.CharField(
        _("printed layout"), max_length=10, choices=Layout.choices, default=Layout.COLUMNS,
        help_text=_("How the printed plan sets out its items."))
    uses_weights = models.BooleanField(
        _("scores by weight"), default=False,
        help_text=_("Key indicators carry weights that roll up to a score of each item."))
    numbering = models.CharField(
        _("numbering"), max_length=10, choices=Numbering.choices, default=Numbering.GENERATED,
        help_text=_("Number the items by their level's style and place, or keep the numbers "
                    "the plan writes."))
    published_on = models.DateField(
        _("published on"), null=True, blank=True,
        help_text=_("When it was first published; its revisions have their own dates."))

    class Meta:
        verbose_name = _("execution plan")
        verbose_name_plural = _("execution plans")
        ordering = ["organisation__path", "-year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"],
                                               name="plans_plan_one_per_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def roc_year(self) -> int:
        return self.year - 1911

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class PlanRevision(models.Model):
    """A published state of a plan, frozen: what it said (`snapshot`, for the public page
    and the difference a later revision makes) and the documents as published."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions",
                             verbose_name=_("plan"))
    number = models.PositiveIntegerField(_("revision"))
    published_on = models.DateField(_("published on"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("published by"))
    snapshot = models.JSONField(_("content"), default=dict)
    pdf = models.BinaryField(_("PDF"), editable=False)
    odt = models.BinaryField(_("ODT"), editable=False)

    class Meta:
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"],
                                               name="plans_revision_unique_number")]

    def __str__(self) -> str:
        return f"{self.plan} ({self.number})"


class PlanSection(models.Model):
    """A part of the printed plan, in order: its heading (numbered 壹、貳、 when printed)
    and what it holds: the basis, the objectives, the executing units, the items of the
    tree, the key indicators, or its own paragraphs and table."""

    class Kind(models.TextChoices):
        BASIS = "basis", _("The basis (directives)")
        OBJECTIVES = "objectives", _("The objectives")
        UNITS = "units", _("The executing units")
        TREE = "tree", _("The items of the plan")
        INDICATORS = "indicators", _("The key indicators")
        TEXT = "text", _("Paragraphs and a table")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections",
                             verbose_name=_("plan"))
    position = models.PositiveIntegerField(_("position"), default=1)
    heading = models.CharField(_("heading"), max_length=100, blank=True,
                               help_text=_("Without its number: the plan numbers its sections."))
    kind = models.CharField(_("content"), max_length=12, choices=Kind.choices,
                            default=Kind.TEXT)
    paragraphs = models.TextField(_("paragraphs"), blank=True,
                                  help_text=_("One paragraph per line."))
    table = models.JSONField(_("table"), default=list, blank=True,
                             help_text=_("Rows of cells, the first row the header."))

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.heading or self.get_kind_display()


class Directive(models.Model):
    """One item of a plan's basis (計畫依據): who issued what, when, under which number."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="directives",
                             verbose_name=_("plan"))
    position = models.PositiveIntegerField(_("position"), default=1)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=80, blank=True)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class PlanLevel(models.Model):
    """How a plan names and numbers the nodes at one depth (0 = the top)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="levels",
                             verbose_name=_("plan"))
    depth = models.PositiveSmallIntegerField(_("depth"))
    label = models.CharField(_("label"), max_length=40,
                             help_text=_("E.g. 執行策略, 策略細項, 具體推動做法."))
    style = models.CharField(_("numbering style"), max_length=20, choices=[
        (Style.FORMAL, "壹、"), (Style.CHINESE, "一、"), (Style.CHINESE_PAREN, "(一)"),
        (Style.ARABIC, "1."), (Style.ARABIC_PAREN, "(1)"),
        (Style.NONE, pgettext_lazy("numbering", "None"))], default=Style.CHINESE)

    class Meta:
        verbose_name = _("plan level")
        verbose_name_plural = _("plan levels")
        ordering = ["plan", "depth"]
        constraints = [models.UniqueConstraint(fields=["plan", "depth"],
                                               name="plans_level_unique_depth")]

    def __str__(self) -> str:
        return self.label


class PlanNode(models.Model):
    """A node of a plan's tree (strategy, sub-item, action, ...). `path` holds the ids of
    its ancestors and itself ("/12/40/57/"), so a subtree is one prefix query (as the
    organisation tree, ADR 0003); `position` orders siblings and gives the number.

    `level` is the plan level the node belongs to (its name and numbering style): one
    more than its parent's as a rule, more where a branch skips a level (an action
    directly under an indicator in a plan whose other branches have sub-indicators).
    `number` is the number the plan writes, kept for plans numbered as written."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="nodes",
                             verbose_name=_("plan"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children", verbose_name=_("parent"))
    path = models.CharField(_("path"), max_length=500, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    position = models.PositiveIntegerField(_("position"), default=1)
    number = models.CharField(_("number as written"), max_length=20, blank=True)
    text = models.TextField(_("text"))
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="nodes", verbose_name=_("programme measure"))

    class Meta:
        verbose_name = _("plan node")
        verbose_name_plural = _("plan nodes")
        ordering = ["plan", "path"]
        indexes = [models.Index(fields=["plan", "parent", "position"])]

    def __str__(self) -> str:
        return self.text[:60]


class UnitGroup(VersionedModel, TimeStampedModel):
    """Units an agency names together as one responsible party (各業務科, 各分局): an
    action given to the group is reported on by each of its units."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="unit_groups", verbose_name=_("organisation"))
    name = models.CharField(_("name"), max_length=40, help_text=_("As plans write it, e.g. 各業務科."))
    units = models.ManyToManyField(Unit, related_name="plan_groups", verbose_name=_("units"))

    class Meta:
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")
        ordering = ["organisation__path", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"],
                                               name="plans_unit_group_unique_name")]

    def __str__(self) -> str:
        return self.name


class Action(VersionedModel, TimeStampedModel):
    """What a node commits to do: by whom, by when, for what benefit."""

    node = models.OneToOneField(PlanNode, on_delete=models.CASCADE, related_name="action",
                                verbose_name=_("node"))
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions",
                             verbose_name=_("plan"))
    responsible_units = models.ManyToManyField(Unit, related_name="plan_actions", blank=True,
                                               verbose_name=_("responsible units"))
    responsible_groups = models.ManyToManyField(UnitGroup, related_name="actions", blank=True,
                                                verbose_name=_("responsible unit groups"))
    all_units = models.BooleanField(_("all units"), default=False,
                                    help_text=_("The plan says 各單位: every unit reports."))
    expected_benefit = models.TextField(_("expected benefit"), blank=True)
    deadline_kind = models.CharField(_("deadline kind"), max_length=10,
                                     choices=[(k.value, k.value) for k in DeadlineKind])
    deadline_text = models.CharField(
        _("deadline"), max_length=200, blank=True,
        help_text=_("As the plan writes it; printed as written."))
    deadline_day = models.DateField(
        _("deadline day"), null=True, blank=True,
        help_text=_("The date, the first day of the month, or the first day of the range."))
    deadline_end = models.DateField(_("deadline range end"), null=True, blank=True)
    every_months = models.PositiveSmallIntegerField(
        _("recurs every (months)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)])
    first_month = models.PositiveSmallIntegerField(
        _("month it falls due"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)])
    month_day = models.PositiveSmallIntegerField(
        _("day of the month it falls due"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)])
    standing = models.CharField(_("standing"), max_length=10, blank=True,
                                choices=[(s.value, s.value) for s in Standing])
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["plan", "node__path"]

    def __str__(self) -> str:
        return self.node.text[:60]

    @property
    def deadline(self) -> deadlines.Deadline:
        return deadlines.Deadline(
            DeadlineKind(self.deadline_kind), day=self.deadline_day, end=self.deadline_end,
            every_months=self.every_months, first_month=self.first_month,
            month_day=self.month_day, standing=Standing(self.standing) if self.standing else None,
            wording=self.deadline_text)

    @property
    def deadline_label(self) -> str:
        return deadlines.label(self.deadline)

    @property
    def deadline_warning(self) -> str:
        return deadlines.warning(self.deadline, year=self.plan.year)


class KeyIndicator(VersionedModel, TimeStampedModel):
    """A key indicator (重點指標) with targets for up to three years. Bound to a metric, its
    actual value comes from the metrics engine; otherwise it is entered with evidence."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Judgement(models.TextChoices):
        MET = "met", _("Target met")
        NEAR = "near", _("Near the target")
        MISSED = "missed", _("Target missed")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators",
                             verbose_name=_("plan"))
    node = models.ForeignKey(
        PlanNode, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators",
        verbose_name=_("plan item"),
        help_text=_("The item it measures; empty for the plan as a whole."))
    position = models.PositiveIntegerField(_("position"), default=1)
    name = models.CharField(_("name"), max_length=200)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, null=True, blank=True,
        help_text=_("Where the plan scores by weight: its share of its items' score."))
    definition = models.TextField(_("definition"), blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=20, blank=True)
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices,
                                 default=Direction.HIGHER)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True,
                                   blank=True)
    tolerance = models.DecimalField(
        _("tolerance"), max_digits=12, decimal_places=2, default=0,
        help_text=_("How far short of the target still counts as near (same unit)."))
    metric_code = models.CharField(_("metric"), max_length=80, blank=True)
    manual_actual = models.DecimalField(_("actual value"), max_digits=12, decimal_places=2,
                                        null=True, blank=True)
    actual_text = models.CharField(_("actual (in words)"), max_length=200, blank=True,
                                   help_text=_("What was reached, for a target in words."))
    judgement = models.CharField(
        _("judgement"), max_length=6, choices=Judgement.choices, blank=True,
        help_text=_("Whether a target in words was met, as the coordinator judges it."))
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="plans/indicators/%Y/",
                                     blank=True)

    class Meta:
        verbose_name = _("key indicator")
        verbose_name_plural = _("key indicators")
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_bound(self) -> bool:
        return bool(self.metric_code)


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(KeyIndicator, on_delete=models.CASCADE,
                                  related_name="targets", verbose_name=_("indicator"))
    year = models.PositiveIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True,
                                blank=True)
    text = models.CharField(_("target in words"), max_length=200, blank=True,
                            help_text=_("E.g. 完成系統上線: a target that is not a number."))

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"],
                                    name="plans_target_one_per_year"),
            models.CheckConstraint(condition=models.Q(value__isnull=False) | ~models.Q(text=""),
                                   name="plans_target_number_or_words"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.label}"

    @property
    def label(self) -> str:
        if self.value is None:
            return self.text
        return f"{self.value.normalize():f}"


class ReportingPeriod(models.Model):
    """A period the responsible units report on (e.g. a quarter), with its due date."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods",
                             verbose_name=_("plan"))
    label = models.CharField(_("label"), max_length=40)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due = models.DateField(_("due"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["plan", "start"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "start"], name="plans_period_unique_start"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")),
                                   name="plans_period_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.label

    def is_late(self, today: dt.date) -> bool:
        return today > self.due


REVIEW_STATE_LABELS = {ReviewState.DRAFT: _("Draft"), ReviewState.SUBMITTED: _("Submitted"),
                       ReviewState.RETURNED: _("Returned for changes"),
                       ReviewState.ACCEPTED: _("Accepted")}


class ProgressReport(VersionedModel, TimeStampedModel):
    """One responsible unit's report on one action for one period; a recurring action
    has one per occurrence falling in the period (`occurrence` = that due day; for other
    kinds the period's end)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DELAYED = "delayed", _("Delayed")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reports",
                               verbose_name=_("action"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="plan_reports",
                             verbose_name=_("unit"))
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE,
                               related_name="reports", verbose_name=_("period"))
    occurrence = models.DateField(_("occurrence"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.NOT_STARTED)
    narrative = models.TextField(_("narrative"), blank=True)
    review_state = models.CharField(_("review state"), max_length=10,
                                    choices=[(state.value, REVIEW_STATE_LABELS[state])
                                             for state in ReviewState],
                                    default=ReviewState.DRAFT)
    review_comment = models.TextField(_("review comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("submitted by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("reviewed by"))

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["period", "action__node__path", "unit__sort_order", "occurrence"]
        constraints = [models.UniqueConstraint(
            fields=["action", "unit", "period", "occurrence"], name="plans_report_unique")]

    def __str__(self) -> str:
        return f"{self.period} {self.unit} {self.action_id}"


class ReportEvidence(TimeStampedModel):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE,
                               related_name="evidence", verbose_name=_("report"))
    file = models.FileField(_("file"), upload_to="plans/evidence/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.original_name
