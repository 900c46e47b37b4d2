"""Tables of metrics: the rollups (one row per metric, day and slice) and the days marked
for refresh. Both are derived data: `services.rollups_rebuild()` recreates them from the
operational rows at any time."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SliceFacts(models.Model):
    """What a rollup row holds for one metric and one slice of its period."""

    code = models.CharField(_("metric"), max_length=60)
    organisation = models.ForeignKey("org.Organisation", on_delete=models.CASCADE,
                                     related_name="+", verbose_name=_("organisation"))
    unit_id = models.BigIntegerField(_("unit id"), default=0)
    service_type_id = models.BigIntegerField(_("service type id"), default=0)
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    numerator = models.FloatField(_("numerator"))
    denominator = models.FloatField(_("denominator"), default=0)

    class Meta:
        abstract = True


class Rollup(SliceFacts):
    """One day's numerator and denominator of one metric for one slice (organisation,
    unit, service type, channel). 0 and "" stand for "no such dimension" so that the
    slice is unique without NULLs (which every database compares differently); the unit
    and service type are plain ids, not foreign keys, because rollups are rebuilt, not
    maintained, and deleting a unit must not touch them."""

    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("metric rollup")
        verbose_name_plural = _("metric rollups")
        ordering = ["code", "day", "organisation_id"]
        constraints = [models.UniqueConstraint(
            fields=["code", "day", "organisation", "unit_id", "service_type_id", "channel"],
            name="metrics_rollup_one_row_per_slice")]
        indexes = [
            # Dashboards ask for a metric over a period for some organisations; the
            # unique index above (code, day, organisation, ...) serves those.
            models.Index(fields=["code", "organisation", "day"], name="metrics_rollup_org_day"),
            models.Index(fields=["code", "unit_id", "day"], name="metrics_rollup_unit_day"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.day} {self.organisation_id}"


class MonthRollup(SliceFacts):
    """The sums of the day rollups by calendar month, per slice: what the dashboards read
    (their periods are whole months), thirty times fewer rows than the days. Refreshed
    from the day rollups together with them."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))

    class Meta:
        verbose_name = _("monthly metric rollup")
        verbose_name_plural = _("monthly metric rollups")
        ordering = ["code", "month", "organisation_id"]
        constraints = [models.UniqueConstraint(
            fields=["code", "month", "organisation", "unit_id", "service_type_id", "channel"],
            name="metrics_monthrollup_one_row_per_slice")]
        indexes = [models.Index(fields=["code", "organisation", "month"],
                                name="metrics_month_org_month")]

    def __str__(self) -> str:
        return f"{self.code} {self.month:%Y-%m} {self.organisation_id}"


class DirtyDay(models.Model):
    """A day whose rollups are out of date (marked by `metrics_touch` after a commit)."""

    day = models.DateField(_("day"), unique=True)
    marked_at = models.DateTimeField(_("marked at"), default=timezone.now)

    class Meta:
        verbose_name = _("day to refresh")
        verbose_name_plural = _("days to refresh")
        ordering = ["day"]

    def __str__(self) -> str:
        return str(self.day)


class Freshness(models.Model):
    """When the rollups were last refreshed (one row): what public pages quote as the
    time their figures were computed."""

    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("rollup freshness")
        verbose_name_plural = _("rollup freshness")

    def __str__(self) -> str:
        return self.refreshed_at.isoformat()
