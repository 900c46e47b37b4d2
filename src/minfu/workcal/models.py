"""The office calendar: the official days, each import of the official file, and the
closures (停止上班) a city or county declares. Tables only; rules live in services.py,
calendar_file.py and deadlines.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minfu.core.models import TimeStampedModel, VersionedModel
from minfu.org.models import Locality


class ImportBatch(models.Model):
    """One import of an official calendar file, kept so that re-issues are traceable."""

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    years = models.JSONField(_("years"), default=list)
    days_total = models.PositiveIntegerField(_("days in the file"), default=0)
    days_added = models.PositiveIntegerField(_("days added"), default=0)
    days_changed = models.PositiveIntegerField(_("days changed"), default=0)
    changes = models.JSONField(
        _("changes"), default=list, blank=True,
        help_text=_("Each day the file changed: date, status and note before and after."))
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("imported by"))

    class Meta:
        verbose_name = _("office calendar import")
        verbose_name_plural = _("office calendar imports")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({', '.join(str(year) for year in self.years)})"


class OfficeDay(models.Model):
    """One day of the national office calendar as the official file gives it."""

    date = models.DateField(_("date"), unique=True)
    is_day_off = models.BooleanField(_("day off"))
    note = models.CharField(_("note"), max_length=100, blank=True,
                            help_text=_("Holiday name, or 補行上班 for a make-up working day."))
    source_file = models.CharField(_("source file"), max_length=255)
    imported_at = models.DateTimeField(_("imported at"))
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="days", verbose_name=_("import"))

    class Meta:
        verbose_name = _("office day")
        verbose_name_plural = _("office days")
        ordering = ["date"]

    def __str__(self) -> str:
        return self.date.isoformat()

    @property
    def is_makeup_working_day(self) -> bool:
        return not self.is_day_off and self.date.weekday() >= 5


class Closure(VersionedModel, TimeStampedModel):
    """Offices of one city or county closed on one day (typhoon, disaster: 停止上班),
    for the whole day or from one time to another."""

    locality = models.CharField(_("locality"), max_length=20, choices=Locality.choices)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"), null=True, blank=True,
                                 help_text=_("Leave both times empty for the whole day."))
    ends_at = models.TimeField(_("until"), null=True, blank=True)
    notice_reference = models.CharField(
        _("notice reference"), max_length=200,
        help_text=_("The authority's notice, e.g. 臺北市政府 公告 字號."))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("created by"))

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["-date", "locality"]
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "date"], name="closure_one_per_day",
                violation_error_message=_("A closure of this city or county on this day is "
                                          "already recorded.")),
            models.CheckConstraint(
                condition=(models.Q(starts_at__isnull=True, ends_at__isnull=True)
                           | models.Q(starts_at__isnull=False, ends_at__isnull=False,
                                      starts_at__lt=models.F("ends_at"))),
                name="closure_times_both_or_neither",
                violation_error_message=_("Give both times for part of a day, or neither for "
                                          "the whole day; the closure must end after it "
                                          "starts.")),
        ]

    def __str__(self) -> str:
        return f"{self.get_locality_display()} {self.date.isoformat()}"

    @property
    def is_whole_day(self) -> bool:
        return self.starts_at is None and self.ends_at is None


class PendingRecount(models.Model):
    """A locality whose open records' deadlines are still to be recounted after a change
    of its closures. Written in the closure's own transaction, deleted when a recount
    finished, so a recount that crashed half way is run again
    (`services.pending_recounts_run`)."""

    locality = models.CharField(_("locality"), max_length=20, choices=Locality.choices,
                                unique=True)
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("requested by"))

    class Meta:
        verbose_name = _("pending deadline recount")
        verbose_name_plural = _("pending deadline recounts")

    def __str__(self) -> str:
        return f"{self.get_locality_display()} {self.requested_at:%Y-%m-%d %H:%M}"
