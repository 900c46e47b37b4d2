"""The Open311 GeoReport v2 server: which services an agency opens to Open311 clients,
the client applications' keys, the log of their use, and the requests received (each a
petition or an application created through voice's or cases' intake). Tables only; the
rules live in services.py, selectors.py and the pure modules (wire.py, attributes.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minfu.core.models import Bilingual, TimeStampedModel, VersionedModel
from minfu.voice.models import Kind as PetitionKind


class ServiceKind(models.TextChoices):
    PETITION = "petition", _("Petition category")
    APPLICATION = "application", _("Application (published service)")


class RequestType(models.TextChoices):
    """GeoReport's `type`: realtime answers a POST with the request id, batch with a
    token that the client exchanges for it (tokens endpoint)."""

    REALTIME = "realtime", _("realtime")
    BATCH = "batch", _("batch")


class Open311Service(VersionedModel, TimeStampedModel):
    """One service an agency offers to Open311 clients: a petition category or a published
    service type of the catalogue (applied for online)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="open311_services",
                                     verbose_name=_("organisation"))
    code = models.SlugField(_("service code"), max_length=40)
    kind = models.CharField(_("creates"), max_length=12, choices=ServiceKind.choices)
    petition_category = models.ForeignKey(
        "voice.Category", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("petition category"))
    petition_kind = models.CharField(_("kind of petition"), max_length=12,
                                     choices=PetitionKind.choices,
                                     default=PetitionKind.COMPLAINT)
    service_type = models.ForeignKey(
        "catalog.ServiceType", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("service"))
    type = models.CharField(_("type"), max_length=10, choices=RequestType.choices,
                            default=RequestType.REALTIME)
    group_zh = models.CharField(_("group (Chinese)"), max_length=100, blank=True)
    group_en = models.CharField(_("group (English)"), max_length=100, blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True,
                                help_text=_("Comma-separated words clients may search for."))
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    location_required = models.BooleanField(
        _("location required"), default=False,
        help_text=_("Requests must give a position (lat and long) or an address."))
    active = models.BooleanField(_("open to Open311 clients"), default=True)

    class Meta:
        verbose_name = _("Open311 service")
        verbose_name_plural = _("Open311 services")
        ordering = ["organisation_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"],
                                    name="open311_service_code_unique"),
            models.CheckConstraint(
                condition=(Q(kind="petition", petition_category__isnull=False,
                             service_type__isnull=True)
                           | Q(kind="application", petition_category__isnull=True,
                               service_type__isnull=False)),
                name="open311_service_one_target"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.code}"

    group = Bilingual()
    description = Bilingual()

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]


class ApiKey(VersionedModel, TimeStampedModel):
    """A client application's key. Only its SHA-256 is stored; the key is shown once,
    when it is issued. `prefix` (the first characters) tells keys apart on the pages."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="open311_keys",
                                     verbose_name=_("organisation"))
    name = models.CharField(_("client application"), max_length=200)
    contact = models.CharField(_("contact"), max_length=200, blank=True,
                               help_text=_("Who runs the application (for the agency's "
                                           "records)."))
    prefix = models.CharField(_("key begins with"), max_length=16, editable=False)
    key_hash = models.CharField(_("key (SHA-256)"), max_length=64, unique=True,
                                editable=False)
    rate_per_hour = models.PositiveIntegerField(_("requests per hour"), default=600)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("issued by"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("revoked by"))

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["organisation_id", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ApiKeyUse(models.Model):
    """One call made with a key: which endpoint, the answer's status, when. Never the
    request or answer bodies (they may hold personal data)."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="uses",
                                verbose_name=_("API key"))
    method = models.CharField(_("method"), max_length=8)
    endpoint = models.CharField(_("endpoint"), max_length=40)
    status = models.PositiveSmallIntegerField(_("status"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 API key use")
        verbose_name_plural = _("Open311 API key uses")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["api_key", "at"])]

    def __str__(self) -> str:
        return f"{self.api_key_id} {self.method} {self.endpoint} {self.status}"


class Open311Request(models.Model):
    """A request received from an Open311 client and the record it created. Its public
    id is the record's number (`service_request_id`); `token` answers batch services."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    service = models.ForeignKey(Open311Service, on_delete=models.PROTECT,
                                related_name="requests", verbose_name=_("service"))
    api_key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="requests",
                                verbose_name=_("API key"))
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True,
                                       editable=False)
    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    service_request_id = models.CharField(_("service request id"), max_length=40)
    petition = models.OneToOneField("voice.Petition", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="open311_request",
                                    verbose_name=_("petition"))
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="open311_request",
                                verbose_name=_("application"))
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                              blank=True)
    long = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                               blank=True)
    requested_at = models.DateTimeField(_("requested at"), db_index=True)

    class Meta:
        verbose_name = _("Open311 request")
        verbose_name_plural = _("Open311 requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "service_request_id"],
                                    name="open311_request_number_unique"),
            models.CheckConstraint(condition=Q(petition__isnull=False, case__isnull=True)
                                   | Q(petition__isnull=True, case__isnull=False),
                                   name="open311_request_one_record"),
        ]

    def __str__(self) -> str:
        return self.service_request_id

    @property
    def record(self):
        return self.petition if self.petition_id else self.case
