"""What every citizen record shares in the database: its event history, the files it
received and the sequences its numbers are drawn from.

Each record kind keeps its own event table (`cases.CaseEvent`, `voice.PetitionEvent`)
built on the abstract `RecordEvent`; see docs/adr/0008-one-event-history.md."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _

from minfu.records.assistance import Assistance


class ActorKind(models.TextChoices):
    """Who caused an event: one list for every record kind."""

    STAFF = "staff", _("Staff")
    APPLICANT = "applicant", _("Applicant")
    PETITIONER = "petitioner", _("Petitioner")
    SYSTEM = "system", _("System")


# The relations every event has; the record's foreign key is the one a kind adds.
_EVENT_RELATIONS = frozenset({"organisation", "actor"})


class RecordEvent(models.Model):
    """Appended, never updated: what happened to a citizen record; its timelines are
    built from these rows (records.timeline).

    A concrete event model adds the foreign key to its record (`record_field` finds it);
    how its actions read on a timeline is declared by the record's kind
    (records.kinds.RecordKind)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("actor"))
    actor_kind = models.CharField(_("actor kind"), max_length=12, choices=ActorKind.choices)
    action = models.CharField(_("action"), max_length=80)
    from_state = models.CharField(_("from state"), max_length=30, blank=True)
    to_state = models.CharField(_("to state"), max_length=30, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    public_note_zh = models.TextField(_("note to the citizen (Chinese)"), blank=True)
    public_note_en = models.TextField(_("note to the citizen (English)"), blank=True)
    internal_note_zh = models.TextField(_("internal note (Chinese)"), blank=True)
    internal_note_en = models.TextField(_("internal note (English)"), blank=True)

    # Partitioned by month of occurred_at on PostgreSQL (core.partitions, ADR 0015).
    partition_by_month = "occurred_at"

    class Meta:
        abstract = True
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{getattr(self, f'{self.record_field}_id')} {self.action}"

    @classproperty
    def record_field(cls) -> str:
        """The name of the foreign key to the record: the one relation a concrete event
        model adds to those of RecordEvent."""
        return next(field.name for field in cls._meta.concrete_fields
                    if field.is_relation and field.name not in _EVENT_RELATIONS)

    @property
    def record(self) -> models.Model:
        return getattr(self, self.record_field)


def record_event_model(record: type[models.Model], *, field: str, record_name, name,
                       name_plural, module: str) -> type[RecordEvent]:
    """The event table of a record kind: `<Record>Event`, a RecordEvent with the foreign
    key `field` to `record` (related name `events`), declared in `module` (the caller's
    `__name__`), e.g. `CaseEvent = record_event_model(Case, field="case", ...)`."""
    meta = type("Meta", (RecordEvent.Meta,), {"verbose_name": name,
                                                "verbose_name_plural": name_plural})
    return type(f"{record.__name__}Event", (RecordEvent,), {
        "__module__": module, "Meta": meta,
        "__doc__": f"Appended, never updated: the history of a {record.__name__} (see "
                   "records.RecordEvent).",
        field: models.ForeignKey(record, on_delete=models.PROTECT, related_name="events",
                                 verbose_name=record_name)})


class RecordSequence(models.Model):
    """The last number handed out per organisation, record kind (its letter) and day."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    letter = models.CharField(_("kind letter"), max_length=1, blank=True)
    day = models.DateField(_("day"))
    last_value = models.PositiveIntegerField(_("last sequence"), default=0)

    class Meta:
        verbose_name = _("record number sequence")
        verbose_name_plural = _("record number sequences")
        constraints = [models.UniqueConstraint(fields=["organisation", "letter", "day"],
                                               name="records_sequence_unique_per_day")]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.letter}{self.day} {self.last_value}"


class RecordFile(models.Model):
    """A checked file received with a citizen record (records.uploads), stored with its
    size and SHA-256. A concrete model adds the foreign key to its record and its `file`
    field (each kind keeps its files under its own folder); written by
    `records.services.record_file_build`."""

    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return self.original_name or str(self.pk)


class AssistanceNeedsModel(models.Model):
    """The assistance needs a citizen declared on a record (records.assistance): mix into
    a record kind's model to get the columns and `assistance`."""

    assistance_needs = models.JSONField(
        _("assistance needs"), default=list, blank=True,
        help_text=_("Codes of records.assistance.AssistanceNeed."))
    assistance_language = models.CharField(_("interpreting language"), max_length=60,
                                           blank=True)
    assistance_note = models.TextField(_("assistance note"), blank=True)

    class Meta:
        abstract = True

    @property
    def assistance(self) -> Assistance:
        return Assistance.of(self.assistance_needs, self.assistance_language,
                             self.assistance_note)

    def assistance_set(self, assistance: Assistance) -> None:
        """Copy `assistance` onto the columns (the caller saves)."""
        self.assistance_needs = list(assistance.needs)
        self.assistance_language = assistance.language
        self.assistance_note = assistance.note


# ----- retention and anonymisation (records.retention, records.anonymisation) ----------

class AnonymisableRecord(models.Model):
    """For a citizen record whose kind declares its personal data (kinds.PersonalData):
    when the retention job cleared it. Only closed records past their retention period
    are cleared; the rest of the row (state, dates, unit) stays for the statistics."""

    anonymised_at = models.DateTimeField(_("personal data removed at"), null=True,
                                         blank=True, editable=False)

    class Meta:
        abstract = True


class RetentionRule(models.Model):
    """How long the personal data of a kind's closed records is kept, per outcome (the
    state it closed in); an empty outcome is the kind's rule for every other outcome.
    Overrides the defaults of records.retention.DEFAULT_PERIODS."""

    kind = models.CharField(_("record kind"), max_length=20,
                            help_text=_("The kind's code: case (applications), petition."))
    outcome = models.CharField(_("outcome"), max_length=30, blank=True,
                               help_text=_("The state the record closed in; empty for any "
                                           "other outcome."))
    years = models.PositiveSmallIntegerField(_("years kept after closing"))
    legal_basis = models.TextField(_("legal basis"), blank=True)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["kind", "outcome"]
        constraints = [models.UniqueConstraint(fields=["kind", "outcome"],
                                               name="records_retention_rule_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.outcome or '*'} {self.years}"


class LegalHold(models.Model):
    """A record whose personal data must be kept whatever its retention period says
    (litigation, an audit, an appeal): the retention job passes it by while the hold
    is not released."""

    kind = models.CharField(_("record kind"), max_length=20)
    record_id = models.BigIntegerField(_("record id"))
    reason = models.TextField(_("reason"))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("placed by"))
    placed_at = models.DateTimeField(_("placed at"), default=timezone.now)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-placed_at", "-id"]
        indexes = [models.Index(fields=["kind", "record_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id}"


class RetentionRun(models.Model):
    """One run of the retention job, dry or real, with what it found and did per kind:
    {"case": {"due": 3, "anonymised": 3, "files": 2, "held": 1}, ...}."""

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    trigger = models.CharField(_("started by"), max_length=40, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {'dry' if self.dry_run else 'real'}"

    def total(self, what: str) -> int:
        return sum(counts.get(what, 0) for counts in self.counts.values())

