"""The application's documents: the receipt, the deficiency notice (一次告知), the notice
of an extended period and the decision letter (決定書), each as PDF (final, to print)
and ODT (editable, as agencies exchange documents) from the same parts. Each is an
official letter of the agency (minfu.documents.letters): its letterhead, the recipient,
the date and document number (發文字號), and the agency's wording of the kind. Labels
follow the active language; names come from the bilingual data; dates are written the
ROC way, as official documents are.

The receipt never carries the access code: it is stored only as a keyed hash, and the
one-time receipt page is the only place it is shown."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from minfu.cases.models import Case, CaseExtension, CaseState, DeficiencyNotice
from minfu.cases.notices import APPEALABLE_STATES
from minfu.cases.selectors import (
    answer_rows,
    decision_of,
    deficiency_notice_of,
    due_date_before_extension,
)
from minfu.cases.workflow import DECIDED_STATES
from minfu.core import pdf, roc
from minfu.core.errors import NotFound
from minfu.core.models import pick_language
from minfu.documents.kinds import DocumentKind
from minfu.documents.letters import FORMATS, Document, Letter, download, letter_for, opening

__all__ = ["FORMATS", "Document", "download", "receipt", "deficiency_notice",
           "extension_notice", "decision_letter"]


def _english() -> bool:
    return (get_language() or "").lower().startswith("en")


def _day(day: dt.date | None) -> str:
    if day is None:
        return "—"
    text = roc.format_roc_prefixed(day)
    return f"{text} ({day.isoformat()})" if _english() else text


def _moment(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{_day(local.date())} {local:%H:%M}"


def _agency(case: Case) -> str:
    return pick_language(case.organisation.name_zh, case.organisation.name_en)


def _service(case: Case) -> str:
    version = case.service_type_version
    return pick_language(version.name_zh, version.name_en)


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _context(case: Case) -> dict:
    """The values every wording of an application may use (documents.kinds.SAMPLES)."""
    return {"applicant": case.applicant_name, "service": _service(case),
            "case_number": case.number, "received_on": _local_day(case.received_at),
            "due_on": case.legal_due_date}


def _letter(case: Case, kind: str, about: str, on: dt.date, **context) -> Letter:
    return letter_for(organisation=case.organisation, kind=kind, about=about, on=on,
                      recipient=case.applicant_name, context=_context(case) | context)


def notice_download(request, case: Case, sequence: int, fmt: str) -> HttpResponse:
    """The deficiency notice `sequence` of `case` as `fmt`, pointing the applicant to the
    online supplement page; 404 when the case has no such notice."""
    try:
        notice = deficiency_notice_of(case, sequence)
    except NotFound as error:
        raise Http404(str(error.message)) from error
    online_url = request.build_absolute_uri(
        reverse("cases:public-supplement", kwargs={"number": case.number}))
    return download(deficiency_notice(notice, online_url=online_url), fmt)


def receipt(case: Case) -> Document:
    letter = _letter(case, DocumentKind.RECEIPT, f"case:{case.pk}",
                     _local_day(case.received_at))
    facts = [(_("Application number"), case.number), (_("Service"), _service(case)),
             (_("Agency"), _agency(case)), (_("Received"), _moment(case.received_at)),
             (_("Legal due date"), _day(case.legal_due_date))]
    if case.norm_due_date:
        facts.append((_("Our target date"), _day(case.norm_due_date)))
    return Document(
        title=_("Application received"), author=_agency(case), subject=case.number,
        name=f"receipt-{case.number}", letterhead=letter.letterhead, sections=[
            opening(letter),
            pdf.Section(facts=facts, paragraphs=[_(
                "Keep this receipt and the access code you were given when you applied: "
                "you need the application number and the access code to follow your "
                "application. The access code is not printed here.")]),
            *_answers_section(case),
            pdf.Section(heading=_("What happens next"), items=[
                _("An officer checks your application and the documents you sent."),
                _("If anything is missing, we tell you everything that is missing at once "
                  "and give you a date to send it by. The processing period stops until it "
                  "arrives."),
                _("We decide by the legal due date above and let you know."),
            ]),
        ])


def _answers_section(case: Case) -> list[pdf.Section]:
    rows = answer_rows(case.answers)
    if not rows:
        return []
    return [pdf.Section(heading=_("Answers on the application form"),
                        facts=[(row.label, row.text) for row in rows])]


def _item_line(item: dict) -> str:
    label = pick_language(item.get("name_zh", ""), item.get("name_en", ""))
    note = item.get("note", "")
    return f"{label}: {note}" if note else label


def _where_to_send(case: Case, online_url: str) -> list[str]:
    organisation = case.organisation
    lines = [_("Online: %(url)s") % {"url": online_url}] if online_url else []
    address = pick_language(organisation.address_zh, organisation.address_en)
    if address:
        lines.append(_("By post or at the counter: %(agency)s, %(address)s") % {
            "agency": _agency(case), "address": address})
    contacts = ", ".join(value for value in (organisation.phone, organisation.email) if value)
    if contacts:
        lines.append(_("Questions: %(contacts)s") % {"contacts": contacts})
    return lines


def deficiency_notice(notice: DeficiencyNotice, *, online_url: str = "") -> Document:
    """The one-time notice: every missing item, the date to supply them by, the stopped
    clock, and where to send them (`online_url`: the applicant's supplement page)."""
    case = notice.case
    letter = _letter(case, DocumentKind.DEFICIENCY_NOTICE, f"deficiency_notice:{notice.pk}",
                     _local_day(notice.issued_at), supply_by=notice.supplement_due_date,
                     notice_number=notice.sequence)
    paragraphs = [notice.note] if notice.note else []
    if notice.reason_for_repeat:
        paragraphs.append(_("Why we ask again: %(reason)s") % {
            "reason": notice.reason_for_repeat})
    return Document(
        title=_("Notice of missing documents"), author=_agency(case),
        subject=f"{case.number} #{notice.sequence}",
        name=f"notice-{case.number}-{notice.sequence}", letterhead=letter.letterhead,
        sections=[
            opening(letter),
            pdf.Section(facts=[
                (_("Agency"), _agency(case)), (_("Application number"), case.number),
                (_("Service"), _service(case)), (_("Applicant"), case.applicant_name),
                (_("Notice number"), str(notice.sequence)),
                (_("Issued"), _moment(notice.issued_at)),
                (_("Supply by"), _day(notice.supplement_due_date))]),
            pdf.Section(heading=_("What is missing"), items=[
                _item_line(item) for item in notice.items], paragraphs=paragraphs),
            pdf.Section(heading=_("The processing period is stopped"), paragraphs=[
                _("The processing period of your application is stopped from the day of "
                  "this notice until the missing documents arrive; it then runs again. "
                  "If they do not arrive by %(date)s, the application may be rejected.")
                % {"date": _day(notice.supplement_due_date)}]),
            pdf.Section(heading=_("Where to send them"),
                        paragraphs=_where_to_send(case, online_url)),
        ])


def extension_notice(extension: CaseExtension) -> Document:
    """The §51 notice: the new due date, the old one and the reason."""
    case = extension.case
    letter = _letter(case, DocumentKind.EXTENSION_NOTICE, f"extension:{extension.pk}",
                     _local_day(extension.created_at), reason=extension.reason,
                     previous_due_on=due_date_before_extension(case))
    return Document(
        title=_("Notice of an extended processing period"), author=_agency(case),
        subject=case.number, name=f"extension-{case.number}", letterhead=letter.letterhead,
        sections=[
            opening(letter),
            pdf.Section(paragraphs=[extension.reason]),
            pdf.Section(facts=[(_("Application number"), case.number),
                               (_("Service"), _service(case)),
                               (_("Legal due date"), _day(case.legal_due_date))]),
        ])


def decided_state(case: Case, decision=None) -> str:
    """The outcome state of a decided case, also once it is closed ("" before)."""
    if case.state in DECIDED_STATES:
        return case.state
    decision = decision or decision_of(case)
    return decision.to_state if decision is not None and decision.to_state in DECIDED_STATES \
        else ""


def decision_letter(case: Case) -> Document:
    """The decision (決定書): outcome, reasons, legal basis and, when the outcome can be
    appealed, the remedies notice (教示: where, how and by when, 訴願法 §14, §58)."""
    decision = decision_of(case)
    state = decided_state(case, decision)
    outcome = str(CaseState(state).label) if state else ""
    decided_on = _local_day(case.decided_at)
    letter = _letter(case, DocumentKind.DECISION, f"case:{case.pk}", decided_on,
                     outcome=outcome, decided_on=decided_on)
    reasons = pick_language(decision.public_note_zh, decision.public_note_en) \
        if decision is not None else ""
    version = case.service_type_version
    legal_basis = pick_language(version.legal_basis_zh, version.legal_basis_en)
    sections = [
        opening(letter),
        pdf.Section(facts=[(_("Application number"), case.number),
                           (_("Service"), _service(case)),
                           (_("Received"), _moment(case.received_at)),
                           (_("Decided"), _day(decided_on)), (_("Decision"), outcome)]),
        pdf.Section(heading=_("Reasons"), paragraphs=[reasons or (
            _("The application meets the requirements of the service.")
            if state == CaseState.DECIDED_APPROVED
            else _("Not stated in writing; the agency gives them on request."))]),
        pdf.Section(heading=_("Legal basis"), paragraphs=[
            legal_basis or _("The rules of the service, as published in the service "
                             "catalogue.")]),
    ]
    if letter.remedies and state in APPEALABLE_STATES:
        sections.append(pdf.Section(heading=_("How to appeal"), paragraphs=[letter.remedies]))
    return Document(title=_("Decision letter"), author=_agency(case), subject=case.number,
                    name=f"decision-{case.number}", letterhead=letter.letterhead,
                    sections=sections)
