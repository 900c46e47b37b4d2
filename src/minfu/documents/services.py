"""Writes of official documents: an organisation's letterhead and wordings (by its
agency administrators), and the document numbers (發文字號) issued once per document."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from minfu.core import audit, roc
from minfu.core.errors import Conflict, ValidationFailed
from minfu.core.services import save_with_version
from minfu.documents import actions, numbers, selectors
from minfu.documents.kinds import BLOCKS, SAMPLES
from minfu.documents.models import DocumentWording, IssuedDocument, Letterhead
from minfu.notify.rendering import render_error
from minfu.org.models import Organisation
from minfu.org.permissions import require
from minfu.records.services import sequence_reserve

EDIT = selectors.EDIT
# The yearly serial of document numbers lives in the kernel's record sequences, under
# this letter (record kinds use capitals) and the first day of the year.
SEQUENCE_LETTER = "d"

_PATTERN_MESSAGES = {
    "empty": _("Give a pattern."),
    "serial": _("Put {serial} in the pattern exactly once."),
    "year": _("Put {year} in the pattern exactly once: serials restart each year."),
    "unknown": _("Only {year} and {serial} may stand in braces."),
    "brace": _("A brace that opens must close around {year} or {serial}."),
}
_LETTERHEAD_FIELDS = ("title_zh", "title_en", "address_zh", "address_en", "contact_zh",
                      "contact_en", "phone", "fax", "email", "number_pattern", "serial_digits",
                      "appeal_authority_zh", "appeal_authority_en", "appeal_days")


def _snapshot(instance, fields) -> dict:
    return {field: getattr(instance, field) for field in fields}


@transaction.atomic
def letterhead_save(*, letterhead: Letterhead, actor=None,
                    expected_version: int | None = None) -> Letterhead:
    """Create or change an organisation's letterhead (documents.edit on it)."""
    require(actor, EDIT, organisation=letterhead.organisation)
    errors = {}
    problems = numbers.pattern_problems(letterhead.number_pattern)
    if problems:
        errors["number_pattern"] = [str(_PATTERN_MESSAGES[problem]) for problem in problems]
    if not numbers.MIN_DIGITS <= letterhead.serial_digits <= numbers.MAX_DIGITS:
        errors["serial_digits"] = [str(_("Between 1 and 10 digits."))]
    if not 1 <= letterhead.appeal_days <= 365:
        errors["appeal_days"] = [str(_("Between 1 and 365 days."))]
    if errors:
        raise ValidationFailed(details=errors)
    if letterhead._state.adding:
        try:
            with transaction.atomic():
                letterhead.version = 1
                letterhead.save()
        except IntegrityError:  # a second form for a new letterhead (double submit)
            raise Conflict(_("The letterhead was just saved by another request; reload the "
                             "page."), code="letterhead_exists") from None
    else:
        save_with_version(letterhead, expected_version=letterhead.version
                          if expected_version is None else expected_version)
    audit.record(actor=actor, action=actions.LETTERHEAD_SAVED, obj=letterhead,
                 after=_snapshot(letterhead, _LETTERHEAD_FIELDS),
                 organisation=letterhead.organisation_id)
    return letterhead


def wording_problems(wording: DocumentWording) -> dict[str, list[str]]:
    """Each block that fails to render with typical values, by field."""
    errors = {}
    if not wording.subject_zh.strip():
        errors["subject_zh"] = [str(_("Give the subject in Chinese."))]
    sample = SAMPLES[wording.kind]
    for block in BLOCKS:
        for language, suffix in (("zh-hant", "zh"), ("en", "en")):
            field = f"{block}_{suffix}"
            problem = render_error(getattr(wording, field), sample, language)
            if problem:
                errors.setdefault(field, []).append(problem)
    return errors


@transaction.atomic
def wording_save(*, wording: DocumentWording, actor=None,
                 expected_version: int | None = None) -> DocumentWording:
    """Create or change an organisation's wording of one kind of document. A new one
    for a kind that already has one is a Conflict (another editor was first)."""
    require(actor, EDIT, organisation=wording.organisation)
    errors = wording_problems(wording)
    if errors:
        raise ValidationFailed(_("A wording does not render."), details=errors)
    if wording._state.adding:
        try:
            with transaction.atomic():
                wording.version = 1
                wording.save()
        except IntegrityError:
            raise Conflict(_("Someone else has just written this wording; reload the "
                             "page."), code="wording_exists") from None
    else:
        save_with_version(wording, expected_version=wording.version
                          if expected_version is None else expected_version)
    audit.record(actor=actor, action=actions.WORDING_SAVED, obj=wording,
                 after={"kind": wording.kind} | _snapshot(
                     wording, [f"{block}_{suffix}" for block in BLOCKS for suffix in ("zh", "en")]),
                 organisation=wording.organisation_id)
    return wording


@transaction.atomic
def wording_reset(*, wording: DocumentWording, actor=None, expected_version: int) -> None:
    """Go back to the default wording of the kind (the organisation's row is removed)."""
    require(actor, EDIT, organisation=wording.organisation)
    deleted, _rows = DocumentWording.objects.filter(pk=wording.pk,
                                                    version=expected_version).delete()
    if not deleted:
        raise Conflict(details={"expected_version": expected_version})
    audit.record(actor=actor, action=actions.WORDING_RESET, obj=wording,
                 before={"kind": wording.kind}, organisation=wording.organisation_id)


def document_issue(*, organisation: Organisation, kind: str, subject: str,
                   on: dt.date) -> IssuedDocument:
    """The document number of the document of `kind` about `subject`, allocated the first
    time (the next serial of `on`'s ROC year at the organisation, in the caller's
    transaction), found again after that. Two requests racing for the same document get
    the same number: the loser's insert fails on `issued_document_once` and it reads the
    winner's (its reserved serial is skipped)."""
    existing = selectors.issued(kind, subject)
    if existing is not None:
        return existing
    head = selectors.letterhead_of(organisation)
    roc_year = on.year - roc.ROC_OFFSET
    try:
        with transaction.atomic():
            serial = sequence_reserve(organisation_id=organisation.pk, letter=SEQUENCE_LETTER,
                                      day=dt.date(on.year, 1, 1))
            document = IssuedDocument.objects.create(
                organisation=organisation, kind=kind, subject=subject, roc_year=roc_year,
                serial=serial, issued_on=on, number=numbers.format_number(
                    head.number_pattern, roc_year=roc_year, serial=serial,
                    digits=head.serial_digits))
            audit.record(actor=None, action=actions.DOCUMENT_ISSUED, obj=document,
                         after={"kind": kind, "subject": subject, "number": document.number},
                         organisation=organisation.pk)
    except IntegrityError:
        existing = selectors.issued(kind, subject)
        if existing is None:
            raise
        return existing
    return document
