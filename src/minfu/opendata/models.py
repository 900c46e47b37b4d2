"""Tables of open data: the dataset registry (metadata of the national open-data platform,
data.gov.tw) and the history of publications, whose files live in the default storage
under `opendata/<slug>/<YYYY-MM-DD>/`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minfu.core.models import Bilingual, TimeStampedModel, VersionedModel, pick_language


class Frequency(models.TextChoices):
    """更新頻率 as the national platform lists it; each maps to a DCAT frequency."""

    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")
    IRREGULAR = "irregular", _("Irregular")


class Category(models.TextChoices):
    """服務分類 of data.gov.tw (the ones a citizen-service platform publishes in)."""

    PUBLIC_INFORMATION = "public_information", _("Public information")
    GOVERNMENT_FINANCE = "government_finance", _("Government finance")
    LIVING_SERVICES = "living_services", _("Living services")
    EMPLOYMENT = "employment", _("Employment")
    TRANSPORT = "transport", _("Transport")
    HEALTH = "health", _("Health")
    SOCIAL_WELFARE = "social_welfare", _("Social welfare")
    EDUCATION = "education", _("Education")
    ENVIRONMENT = "environment", _("Environment")
    BUSINESS = "business", _("Business")


class Dataset(VersionedModel, TimeStampedModel):
    """One dataset of one organisation: which builder makes it (`kind`, a code of
    `minfu.opendata.registry`) and the metadata the national platform asks for. The
    licence, fee and encoding are the same for every dataset (registry.LICENCE ...)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="datasets",
                                     verbose_name=_("provider agency"))
    kind = models.CharField(_("kind"), max_length=40)
    slug = models.SlugField(_("identifier"), max_length=80, unique=True,
                            help_text=_("Part of the dataset's addresses; never changes."))
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_zh = models.TextField(_("description (Chinese)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=80)
    contact_phone = models.CharField(_("contact telephone"), max_length=40)
    contact_email = models.EmailField(_("contact e-mail"))
    frequency = models.CharField(_("update frequency"), max_length=20,
                                 choices=Frequency.choices, default=Frequency.MONTHLY)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices,
                                default=Category.PUBLIC_INFORMATION)
    keywords_zh = models.CharField(_("keywords (Chinese)"), max_length=200, blank=True,
                                   help_text=_("Separated by commas."))
    keywords_en = models.CharField(_("keywords (English)"), max_length=200, blank=True,
                                   help_text=_("Separated by commas."))
    is_listed = models.BooleanField(
        _("listed"), default=True,
        help_text=_("Listed datasets are published by the worker and shown to the public."))

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["organisation__path", "kind"]
        constraints = [models.UniqueConstraint(fields=["organisation", "kind"],
                                               name="opendata_dataset_one_per_kind")]

    def __str__(self) -> str:
        return self.title_zh

    title = Bilingual()
    description = Bilingual()

    @property
    def keywords(self) -> list[str]:
        """The keywords of the page's language."""
        return _words(pick_language(self.keywords_zh, self.keywords_en))

    @property
    def all_keywords(self) -> list[str]:
        """Chinese and English keywords, for the package, the API and the catalogue."""
        return _words(f"{self.keywords_zh},{self.keywords_en}")


def _words(text: str) -> list[str]:
    return [word.strip() for word in text.replace("，", ",").split(",") if word.strip()]


class Publication(models.Model):
    """One published version of a dataset (at most one a day: publishing again the same
    day replaces that day's files). `files`: [{"name", "format", "media_type", "bytes",
    "sha256"}]; `digest` is the SHA-256 of the data (its CSV files), so an unchanged
    dataset is not published again."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE,
                                related_name="publications", verbose_name=_("dataset"))
    published_on = models.DateField(_("published on"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("published by"))
    rows = models.PositiveIntegerField(_("rows"), default=0)
    digest = models.CharField(_("digest"), max_length=64)
    files = models.JSONField(_("files"), default=list)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["dataset", "-published_on"]
        constraints = [models.UniqueConstraint(fields=["dataset", "published_on"],
                                               name="opendata_publication_one_a_day")]

    def __str__(self) -> str:
        return f"{self.dataset.slug} {self.published_on:%Y-%m-%d}"

    @property
    def folder(self) -> str:
        return f"opendata/{self.dataset.slug}/{self.published_on:%Y-%m-%d}"

    def file(self, name: str) -> dict | None:
        return next((one for one in self.files if one["name"] == name), None)
