"""Results tracking (the closed loop): an adopted comment, proposal or session decision
linked to what the agency tracks, a plan action or an improvement item."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ResultLink(models.Model):
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("adopted item type"))
    source_id = models.PositiveBigIntegerField(_("adopted item"))
    source = GenericForeignKey("source_type", "source_id")
    plan_action = models.ForeignKey("plans.Action", on_delete=models.CASCADE, null=True,
                                    blank=True, related_name="participation_links",
                                    verbose_name=_("plan action"))
    improvement_item = models.ForeignKey("assessment.ImprovementItem",
                                         on_delete=models.CASCADE, null=True, blank=True,
                                         related_name="participation_links",
                                         verbose_name=_("improvement item"))
    note = models.CharField(_("what was promised"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))

    class Meta:
        verbose_name = _("result link")
        verbose_name_plural = _("result links")
        constraints = [
            models.CheckConstraint(
                condition=(Q(plan_action__isnull=False, improvement_item__isnull=True)
                           | Q(plan_action__isnull=True, improvement_item__isnull=False)),
                name="participation_link_one_target"),
        ]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        return f"{self.source_type_id}:{self.source_id}"
