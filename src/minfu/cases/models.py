"""Applications (cases): tables only. The rules live in workflow.py (states), services.py
(every write) and selectors.py (every read)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.cases.workflow import OPEN_STATES
from minfu.catalog.models import ApplicantKind, Channel, PeriodUnitChoices
from minfu.core.models import TimeStampedModel, VersionedModel
from minfu.records.models import (
    ActorKind,
    AnonymisableRecord,
    AssistanceNeedsModel,
    RecordFile,
    record_event_model,
)

# Sorted, so that the migrations of the partial indexes below never change by set order.
OPEN_STATE_VALUES = sorted(state.value for state in OPEN_STATES)


class CaseState(models.TextChoices):
    """The values of workflow.State, labelled for people."""

    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    IN_REVIEW = "in_review", _("In review")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Awaiting documents from the applicant")
    DECIDED_APPROVED = "decided_approved", _("Approved")
    DECIDED_PARTLY_APPROVED = "decided_partly_approved", _("Partly approved")
    DECIDED_REJECTED = "decided_rejected", _("Rejected")
    CLOSED = "closed", pgettext_lazy("application state", "Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    TRANSFERRED = "transferred", _("Transferred")


class Case(AssistanceNeedsModel, AnonymisableRecord, VersionedModel, TimeStampedModel):
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="cases", verbose_name=_("organisation"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="cases",
                             verbose_name=_("unit"))
    service_type_version = models.ForeignKey(
        "catalog.ServiceTypeVersion", on_delete=models.PROTECT, related_name="cases",
        verbose_name=_("service type version"),
        help_text=_("The version in force on the day of receipt; its periods apply."))
    number = models.CharField(_("case number"), max_length=40, unique=True)
    access_code_hmac = models.CharField(_("access code (keyed hash)"), max_length=64,
                                        editable=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    applicant_kind = models.CharField(_("applicant kind"), max_length=10,
                                      choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("applicant name"), max_length=200)
    applicant_id_number = models.CharField(
        _("national ID or business number"), max_length=10,
        help_text=_("National ID or resident certificate number for persons, unified "
                    "business number for businesses."))
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    consent_at = models.DateTimeField(_("personal data consent given at"))
    answers = models.JSONField(_("answers"), default=dict, blank=True)

    state = models.CharField(_("state"), max_length=30, choices=CaseState.choices,
                             default=CaseState.RECEIVED)
    # Indexed: the metrics count applications by the day of receipt and of closure.
    received_at = models.DateTimeField(_("received at"), db_index=True)
    # Dates for every period; for periods in hours the moment is in *_due_at as well.
    legal_due_date = models.DateField(_("legal due date"), null=True, blank=True)
    legal_due_at = models.DateTimeField(_("legal due at"), null=True, blank=True)
    norm_due_date = models.DateField(_("service norm due date"), null=True, blank=True)
    norm_due_at = models.DateTimeField(_("service norm due at"), null=True, blank=True)
    assigned_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                         null=True, blank=True, related_name="assigned_cases",
                                         verbose_name=_("assigned officer"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    transferred_to = models.CharField(_("transferred to"), max_length=200, blank=True)
    # Cross-agency intake (跨機關通辦): the agency whose counter received the application
    # for `organisation`, which owns the service and handles the case.
    received_by = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, null=True, blank=True,
        related_name="cases_received_for_others", verbose_name=_("received by (another agency)"))
    working_days_used = models.PositiveIntegerField(_("working days used"), null=True,
                                                    blank=True)
    legal_on_time = models.BooleanField(_("within the legal period"), null=True, blank=True)
    norm_on_time = models.BooleanField(_("within the service norm"), null=True, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, unique=True,
                                       null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "state"]),
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["legal_due_date"]),
            models.Index(fields=["assigned_officer", "state"]),
            # The workbench queues: open cases of a unit or an officer by due date. With
            # a million cases these answer in under a millisecond instead of seconds
            # (docs/performance.md).
            models.Index(fields=["unit", "legal_due_date", "received_at", "id"],
                         condition=Q(state__in=OPEN_STATE_VALUES),
                         name="case_open_queue_by_unit"),
            models.Index(fields=["assigned_officer", "legal_due_date", "received_at", "id"],
                         condition=Q(state__in=OPEN_STATE_VALUES),
                         name="case_open_queue_by_officer"),
            # The API list and a queue filtered to a closed state read every state in
            # the same order (docs/performance.md, "Staff pages").
            models.Index(fields=["unit", "legal_due_date", "received_at", "id"],
                         name="case_queue_by_unit"),
        ]

    def __str__(self) -> str:
        return self.number


CaseEvent = record_event_model(Case, field="case", record_name=_("application"),
                               name=_("application event"), name_plural=_("application events"),
                               module=__name__)


class CasePause(models.Model):
    """An interval during which the clock stops: [started_at, ended_at). Day periods count
    by local date (the start day does not count, the end day counts again)."""

    class Kind(models.TextChoices):
        SUPPLEMENT = "supplement", _("Awaiting documents from the applicant")
        AWAITING_AUTHORITY = "awaiting_authority", _("Awaiting another authority")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="pauses",
                             verbose_name=_("application"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    legal_basis = models.TextField(_("legal basis"), blank=True)
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["started_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ended_at__isnull=True)
                                   | Q(ended_at__gte=models.F("started_at")),
                                   name="case_pause_ends_after_start"),
            models.UniqueConstraint(fields=["case", "kind"], condition=Q(ended_at__isnull=True),
                                    name="case_pause_one_open_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.started_at:%Y-%m-%d}"


class CaseExtension(models.Model):
    """The one extension of the legal period (Administrative Procedure Act §51)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="extensions",
                             verbose_name=_("application"))
    reason = models.TextField(_("reason"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("approved by"))
    extra_value = models.PositiveIntegerField(_("extra period"))
    extra_unit = models.CharField(_("extra period unit"), max_length=20,
                                  choices=PeriodUnitChoices.choices)
    notice_sent_at = models.DateTimeField(_("notice sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        constraints = [models.UniqueConstraint(fields=["case"],
                                               name="case_extension_at_most_one")]

    def __str__(self) -> str:
        return f"{self.case_id} +{self.extra_value} {self.extra_unit}"


class DeficiencyNotice(models.Model):
    """A one-time notice (一次告知): every missing item of the checklist at once."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deficiency_notices",
                             verbose_name=_("application"))
    sequence = models.PositiveSmallIntegerField(_("notice number"))
    # [{"document_id", "name_zh", "name_en", "note"}]: names copied so the notice reads
    # the same whatever happens to the checklist later.
    items = models.JSONField(_("missing items"))
    note = models.TextField(_("note"), blank=True)
    supplement_due_date = models.DateField(_("supply by"))
    reason_for_repeat = models.TextField(_("reason for another notice"), blank=True)
    pause = models.OneToOneField(CasePause, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="notice", verbose_name=_("pause"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("issued by"))
    issued_at = models.DateTimeField(_("issued at"), db_index=True)

    class Meta:
        verbose_name = _("deficiency notice")
        verbose_name_plural = _("deficiency notices")
        ordering = ["case_id", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"],
                                    name="deficiency_notice_sequence_unique"),
            models.CheckConstraint(condition=Q(sequence=1) | ~Q(reason_for_repeat=""),
                                   name="deficiency_notice_repeat_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.sequence}"


class CaseDocument(RecordFile):
    """A document of the application: a stored file, or an original the officer checked
    at the counter without scanning it (收件核對: `on_paper`, no file)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents",
                             verbose_name=_("application"))
    required_document = models.ForeignKey("catalog.RequiredDocument", on_delete=models.SET_NULL,
                                          null=True, blank=True, related_name="+",
                                          verbose_name=_("checklist item"))
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/", blank=True)
    on_paper = models.BooleanField(
        _("seen on paper"), default=False,
        help_text=_("The officer checked the original at the counter; no copy is stored."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("recorded by"))
    uploaded_by_kind = models.CharField(_("uploaded by"), max_length=10,
                                        choices=ActorKind.choices)
    notice = models.ForeignKey(DeficiencyNotice, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="documents",
                               verbose_name=_("in reply to notice"))

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = RecordFile.Meta.ordering
        constraints = [
            models.CheckConstraint(condition=Q(on_paper=True) | ~Q(file=""),
                                   name="case_document_file_or_paper"),
        ]

    def __str__(self) -> str:
        return self.original_name or str(self.required_document or self.pk)

    @property
    def has_file(self) -> bool:
        return bool(self.file)


class FetchMethod(models.TextChoices):
    """How the agency obtained a document it fetches itself (免附)."""

    ELECTRONIC_TRANSCRIPT = "electronic_transcript", _("Electronic transcript")
    CROSS_AGENCY_QUERY = "cross_agency_query", _("Cross-agency data query")
    OWN_RECORDS = "own_records", _("The agency's own records")


class FetchedDocumentCheck(models.Model):
    """A checklist item the agency fetches itself (免附, `fetched_by_agency`), checked for
    one application: how, on which day and by whom. The applicant did not bring it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="fetched_checks",
                             verbose_name=_("application"))
    required_document = models.ForeignKey("catalog.RequiredDocument", on_delete=models.PROTECT,
                                          related_name="+", verbose_name=_("checklist item"))
    method = models.CharField(_("how it was checked"), max_length=30,
                              choices=FetchMethod.choices)
    checked_on = models.DateField(_("checked on"))
    note = models.CharField(_("note"), max_length=500, blank=True,
                            help_text=_("E.g. the transcript's number or the query's reference."))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", verbose_name=_("checked by"))
    # Indexed: the metric counts the documents by the day they were recorded.
    recorded_at = models.DateTimeField(_("recorded at"), db_index=True)

    class Meta:
        verbose_name = _("document fetched by the agency")
        verbose_name_plural = _("documents fetched by the agency")
        ordering = ["case_id", "required_document_id"]
        constraints = [models.UniqueConstraint(fields=["case", "required_document"],
                                               name="fetched_check_once_per_item")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.required_document_id} {self.method}"
