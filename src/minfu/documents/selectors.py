"""Reads of letterheads, wordings and issued documents. The staff pages list only the
organisations the user sees; what a document needs (`letter_parts`) is read for the
record's own organisation by the apps that render it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from minfu.core.errors import NotFound
from minfu.core.models import pick_language
from minfu.documents.kinds import DEFAULTS, DocumentKind, Wording
from minfu.documents.models import DocumentWording, IssuedDocument, Letterhead
from minfu.org.models import Organisation
from minfu.org.selectors import organisation_get_for, organisations_for

EDIT = "documents.edit"


def letterhead_of(organisation: Organisation) -> Letterhead:
    """The organisation's letterhead, or an unsaved one with the defaults."""
    found = Letterhead.objects.filter(organisation=organisation).first()
    return found or Letterhead(organisation=organisation)


def wording_row(organisation: Organisation, kind: str) -> DocumentWording | None:
    return DocumentWording.objects.filter(organisation=organisation, kind=kind).first()


def wording_of(organisation: Organisation, kind: str) -> Wording:
    """The organisation's wording of `kind`, or the default."""
    row = wording_row(organisation, kind)
    if row is None:
        return DEFAULTS[kind]
    return Wording(subject_zh=row.subject_zh, subject_en=row.subject_en, body_zh=row.body_zh,
                   body_en=row.body_en, remedies_zh=row.remedies_zh,
                   remedies_en=row.remedies_en)


def issued(kind: str, subject: str) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(kind=kind, subject=subject).first()


# ----- what a letter shows ------------------------------------------------------------

@dataclass(frozen=True)
class LetterParts:
    """The letterhead as the page's language reads it."""

    title: str
    contact: list[tuple[str, str]]
    appeal_authority: str
    appeal_days: int


def letter_parts(organisation: Organisation) -> LetterParts:
    head = letterhead_of(organisation)
    contact = [
        (_("Address"), pick_language(head.address_zh or organisation.address_zh,
                                     head.address_en or organisation.address_en)),
        (pgettext("official letter", "Contact"), pick_language(head.contact_zh, head.contact_en)),
        (_("Telephone"), head.phone or organisation.phone),
        (_("Fax"), head.fax),
        (_("Email"), head.email or organisation.email),
    ]
    parent = organisation.parent
    authority = pick_language(head.appeal_authority_zh, head.appeal_authority_en) or (
        parent.name if parent is not None else organisation.name)
    return LetterParts(
        title=pick_language(head.title_zh, head.title_en) or organisation.name,
        contact=[(label, value) for label, value in contact if value],
        appeal_authority=authority, appeal_days=head.appeal_days)


# ----- staff pages ----------------------------------------------------------------------

def editable_organisations_for(user) -> QuerySet[Organisation]:
    """The organisations the user sees; the pages offer editing where `can` allows."""
    return organisations_for(user).order_by("path")


def organisation_for(user, pk) -> Organisation:
    return organisation_get_for(user, pk)


def wording_kind(kind: str) -> str:
    if kind not in DocumentKind.values:
        raise NotFound(_("No such kind of document."))
    return kind


def issued_documents_for(user, organisation: Organisation) -> QuerySet[IssuedDocument]:
    """The numbers issued by a visible organisation, newest first."""
    organisation = organisation_get_for(user, organisation.pk)
    return IssuedDocument.objects.filter(organisation=organisation)


def rows_for(user, model):
    """Letterheads, wordings or issued numbers of the organisations the user sees."""
    rows = model.objects.select_related("organisation")
    return rows if user.is_superuser else rows.filter(organisation__in=organisations_for(user))


def rows_for_api(user, what: str):
    """The API's lists, in a stable order: "letterhead" or "issued"."""
    if what == "letterhead":
        return rows_for(user, Letterhead).order_by("organisation__path", "pk")
    return rows_for(user, IssuedDocument).order_by("-issued_on", "-serial", "-pk")
