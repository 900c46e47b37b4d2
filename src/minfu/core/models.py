"""Base models shared by every app."""

import functools

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The range of an `integer` column on PostgreSQL (IntegerField, PositiveIntegerField).
# Numbers people send for such a column are checked against it, so that both databases
# refuse the same numbers with the field's message instead of failing on the write.
INTEGER_MIN, INTEGER_MAX = -2**31, 2**31 - 1


class ChoiceLabelsModel(models.Model):
    """`get_<field>_display()` reading a label table kept per field. Django's own builds
    the table again on every call and, to hash it, translates every choice's label:
    about 20 µs a cell, hundreds of cells on a staff queue (docs/performance.md)."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            label = _choice_labels(field).get(value, value)
        except TypeError:  # an unhashable value: Django's own way copes with it
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


@functools.cache
def _choice_labels(field: models.Field) -> dict:
    return dict(field.flatchoices)


class TimeStampedModel(ChoiceLabelsModel):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """Optimistic locking: a write names the version it read; a stale one is refused
    (see core.services.save_with_version)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


# The `lang` attribute value for each interface language (BCP 47, as screen readers expect).
HTML_LANG = {"zh-hant": "zh-Hant-TW", "en": "en"}


def pick_language(zh: str, en: str) -> str:
    """Bilingual content: the English text on English pages when there is one."""
    lang = (get_language() or settings.LANGUAGE_CODE).lower()
    if lang.startswith("en") and en:
        return en
    return zh or en


class Bilingual:
    """A read-only attribute for content kept in both languages: `title = Bilingual()` reads
    `title_zh` and `title_en` through pick_language."""

    def __set_name__(self, owner, name: str) -> None:
        self.zh, self.en = f"{name}_zh", f"{name}_en"

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return pick_language(getattr(obj, self.zh), getattr(obj, self.en))


class BilingualNameMixin(models.Model):
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name_zh

    name = Bilingual()


def model_label(label: str) -> str:
    """What people call the model named "app_label.modelname" (its verbose name, in the
    page's language); the label itself when no such model is installed."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


class AuditEvent(models.Model):
    """Appended, never edited: who changed what, when, from what to what."""

    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    # A plain id, not a foreign key: core sits below org, and an audit row outlives
    # whatever it names. Empty for events that belong to no organisation.
    organisation_id = models.BigIntegerField(_("organisation"), null=True, blank=True,
                                             db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    # Partitioned by month of occurred_at on PostgreSQL (core.partitions, ADR 0015).
    partition_by_month = "occurred_at"

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id", "occurred_at"])]
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"

    @property
    def object_label(self) -> str:
        return model_label(self.object_type)
