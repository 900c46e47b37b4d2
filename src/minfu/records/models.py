from django.db import models
from django.utils.translation import gettext_lazy as _


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
