"""Official documents: tables only. Each organisation's letterhead (how its letters head
and number themselves), its wordings of each kind of document, and every number issued."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from minfu.core.models import TimeStampedModel, VersionedModel
from minfu.documents.kinds import DocumentKind

DEFAULT_PATTERN = "第{year}{serial}號"
DEFAULT_DIGITS = 7


class Letterhead(VersionedModel, TimeStampedModel):
    """How an organisation's letters begin (機關全銜, address, contact) and number
    themselves (發文字號). Blank names and addresses fall back on the organisation's."""

    organisation = models.OneToOneField("org.Organisation", on_delete=models.PROTECT,
                                        related_name="letterhead",
                                        verbose_name=_("organisation"))
    title_zh = models.CharField(_("full title (Chinese)"), max_length=200, blank=True,
                                help_text=_("機關全銜 as it heads letters; empty: the "
                                            "organisation's name."))
    title_en = models.CharField(_("full title (English)"), max_length=200, blank=True)
    address_zh = models.CharField(_("address (Chinese)"), max_length=200, blank=True,
                                  help_text=_("Empty: the organisation's address."))
    address_en = models.CharField(_("address (English)"), max_length=200, blank=True)
    contact_zh = models.CharField(_("contact person (Chinese)"), max_length=100, blank=True,
                                  help_text=_("Shown as the letter's contact, e.g. 服務台."))
    contact_en = models.CharField(_("contact person (English)"), max_length=100, blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True,
                             help_text=_("Empty: the organisation's telephone."))
    fax = models.CharField(_("fax"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True,
                              help_text=_("Empty: the organisation's email."))
    number_pattern = models.CharField(
        _("document number pattern"), max_length=60, default=DEFAULT_PATTERN,
        help_text=_("How document numbers (發文字號) are written: {year} is the ROC year, "
                    "{serial} the yearly serial, e.g. 北關業字第{year}{serial}號."))
    serial_digits = models.PositiveSmallIntegerField(
        _("serial digits"), default=DEFAULT_DIGITS,
        help_text=_("The serial is padded with zeros to this many digits (1 to 10)."))
    appeal_authority_zh = models.CharField(
        _("appeal authority (Chinese)"), max_length=200, blank=True,
        help_text=_("Where an administrative appeal (訴願) against its decisions goes; "
                    "empty: the parent organisation."))
    appeal_authority_en = models.CharField(_("appeal authority (English)"), max_length=200,
                                           blank=True)
    appeal_days = models.PositiveSmallIntegerField(
        _("appeal period (days)"), default=30,
        help_text=_("Days from the day after a decision arrives (訴願法 §14: 30)."))

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self) -> str:
        return self.title_zh or str(self.organisation)


class DocumentWording(VersionedModel, TimeStampedModel):
    """An organisation's own wording of one kind of document; without one, the default
    of `kinds.DEFAULTS` applies."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="document_wordings",
                                     verbose_name=_("organisation"))
    kind = models.CharField(_("kind of document"), max_length=30, choices=DocumentKind.choices)
    subject_zh = models.TextField(_("subject (Chinese)"))
    subject_en = models.TextField(_("subject (English)"), blank=True)
    body_zh = models.TextField(_("explanation (Chinese)"), blank=True)
    body_en = models.TextField(_("explanation (English)"), blank=True)
    remedies_zh = models.TextField(_("remedies notice (Chinese)"), blank=True)
    remedies_en = models.TextField(_("remedies notice (English)"), blank=True)

    class Meta:
        verbose_name = _("document wording")
        verbose_name_plural = _("document wordings")
        ordering = ["organisation_id", "kind"]
        constraints = [models.UniqueConstraint(fields=["organisation", "kind"],
                                               name="document_wording_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.kind}"


class IssuedDocument(models.Model):
    """A document number, allocated once per document: `subject` names what the document
    is about ("case:17", "deficiency_notice:4"), so issuing it again finds this row."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="issued_documents",
                                     verbose_name=_("organisation"))
    kind = models.CharField(_("kind of document"), max_length=30, choices=DocumentKind.choices)
    subject = models.CharField(_("about"), max_length=60)
    number = models.CharField(_("document number"), max_length=80)
    roc_year = models.PositiveSmallIntegerField(_("ROC year"))
    serial = models.PositiveIntegerField(_("serial"))
    issued_on = models.DateField(_("issued on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_on", "-serial"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject"], name="issued_document_once"),
            models.UniqueConstraint(fields=["organisation", "roc_year", "serial"],
                                    name="issued_document_serial_unique"),
        ]

    def __str__(self) -> str:
        return self.number
