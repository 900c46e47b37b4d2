"""The application's documents: the receipt and the deficiency notice (一次告知), each
as PDF (final, to print) and ODT (editable, as agencies exchange documents) from the
same parts. Labels follow the active language; names come from the bilingual data; dates
are written the ROC way, as official documents are.

The receipt never carries the access code: it is stored only as a keyed hash, and the
one-time receipt page is the only place it is shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from minfu.cases.models import Case, DeficiencyNotice
from minfu.cases.selectors import answer_rows, deficiency_notice_of
from minfu.core import odt, pdf, roc
from minfu.core.errors import NotFound
from minfu.core.models import pick_language


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


FORMATS = {"pdf": pdf.CONTENT_TYPE, "odt": odt.CONTENT_TYPE}


@dataclass(frozen=True)
class Document:
    title: str
    author: str
    subject: str
    sections: list[pdf.Section]
    name: str  # the file name without its extension

    def render(self, fmt: str) -> bytes:
        """The document as "pdf" or "odt" (FORMATS)."""
        if fmt == "odt":
            return odt.render(title=self.title, sections=self.sections)
        return pdf.render(title=self.title, author=self.author, subject=self.subject,
                          sections=self.sections)


def download(document: Document, fmt: str) -> HttpResponse:
    """A PDF opens in the browser, to print; an ODT is saved, to edit."""
    response = HttpResponse(document.render(fmt), content_type=FORMATS[fmt])
    response["Content-Disposition"] = content_disposition_header(
        fmt != "pdf", f"{document.name}.{fmt}")
    return response


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
    facts = [(_("Application number"), case.number), (_("Service"), _service(case)),
             (_("Agency"), _agency(case)), (_("Received"), _moment(case.received_at)),
             (_("Legal due date"), _day(case.legal_due_date))]
    if case.norm_due_date:
        facts.append((_("Our target date"), _day(case.norm_due_date)))
    return Document(
        title=_("Application received"), author=_agency(case), subject=case.number,
        name=f"receipt-{case.number}", sections=[
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
    paragraphs = [notice.note] if notice.note else []
    if notice.reason_for_repeat:
        paragraphs.append(_("Why we ask again: %(reason)s") % {
            "reason": notice.reason_for_repeat})
    return Document(
        title=_("Notice of missing documents"), author=_agency(case),
        subject=f"{case.number} #{notice.sequence}",
        name=f"notice-{case.number}-{notice.sequence}", sections=[
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
