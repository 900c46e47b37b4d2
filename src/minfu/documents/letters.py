"""What every official letter shares, for the apps that write them (receipts, notices,
decision letters, petition replies): the letterhead of the record's organisation with
the document's recipient, date (ROC) and number (發文字號), and the organisation's wording
of the kind filled in with the document's values, in the active language."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.http import HttpResponse
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, pgettext

from minfu.core import odt, pdf, roc
from minfu.documents import selectors, services
from minfu.documents.kinds import BLOCKS, DEFAULTS, Wording
from minfu.notify.rendering import render_text
from minfu.org.models import Organisation

logger = logging.getLogger(__name__)


def english() -> bool:
    return (get_language() or "").lower().startswith("en")


def letter_date(day: dt.date) -> str:
    """中華民國114年3月5日; in English the ISO date with the ROC date after it."""
    if english():
        return f"{day.isoformat()} (ROC {roc.format_roc_slash(day)})"
    return f"中華{roc.format_roc_prefixed(day)}"


FORMATS = {"pdf": pdf.CONTENT_TYPE, "odt": odt.CONTENT_TYPE}


def format_paths(route: str, view, name: str) -> list:
    """A document's URL in each format: `<route>.pdf` named `<name>-pdf`, and so on; the
    view is given the format as `fmt`."""
    return [path(f"{route}.{fmt}", view, {"fmt": fmt}, name=f"{name}-{fmt}")
            for fmt in FORMATS]


@dataclass(frozen=True)
class Document:
    """A document in both formats from the same parts: PDF (final, to print) and ODT
    (editable, as agencies exchange documents)."""

    title: str
    author: str
    subject: str
    sections: list[pdf.Section]
    name: str  # the file name without its extension
    letterhead: pdf.Letterhead | None = None

    def render(self, fmt: str) -> bytes:
        """The document as "pdf" or "odt" (FORMATS)."""
        if fmt == "odt":
            return odt.render(title=self.title, sections=self.sections,
                              letterhead=self.letterhead)
        return pdf.render(title=self.title, author=self.author, subject=self.subject,
                          sections=self.sections, letterhead=self.letterhead)


def download(document: Document, fmt: str) -> HttpResponse:
    """A PDF opens in the browser, to print; an ODT is saved, to edit."""
    response = HttpResponse(document.render(fmt), content_type=FORMATS[fmt])
    response["Content-Disposition"] = content_disposition_header(
        fmt != "pdf", f"{document.name}.{fmt}")
    return response


@dataclass(frozen=True)
class Letter:
    letterhead: pdf.Letterhead
    number: str
    issued_on: dt.date
    subject: str
    body: str
    remedies: str


def opening(letter: Letter) -> pdf.Section:
    """The letter's subject (主旨) and explanation (說明), its first section."""
    return pdf.Section(paragraphs=[text for text in (letter.subject, letter.body) if text])


def _texts(wording: Wording, language: str) -> dict[str, str]:
    def pick(block: str) -> str:
        zh, en = getattr(wording, f"{block}_zh"), getattr(wording, f"{block}_en")
        return (en or zh) if language == "en" else zh
    return {block: pick(block) for block in BLOCKS}


def _filled(wording: Wording, context: dict, language: str) -> dict[str, str]:
    return {block: " ".join(render_text(text, context, language).split()) if block == "subject"
            else render_text(text, context, language).strip()
            for block, text in _texts(wording, language).items()}


def letter_for(*, organisation: Organisation, kind: str, about: str, on: dt.date,
               recipient: str, context: dict) -> Letter:
    """The letter of `kind` about `about` ("case:17"): its number is issued the first
    time (services.document_issue) and found after that. An organisation's wording that
    fails with these values (it was checked with typical ones) gives way to the default,
    and the failure is logged."""
    issued = services.document_issue(organisation=organisation, kind=kind, subject=about, on=on)
    parts = selectors.letter_parts(organisation)
    language = "en" if english() else "zh-hant"
    context = {"agency": parts.title, "appeal_authority": parts.appeal_authority,
               "appeal_days": parts.appeal_days} | context
    try:
        blocks = _filled(selectors.wording_of(organisation, kind), context, language)
    except Exception:  # an agency's template that breaks on real values
        logger.exception("Wording %s of organisation %s failed; the default is used", kind,
                         organisation.pk)
        blocks = _filled(DEFAULTS[kind], context, language)
    facts = [(pgettext("official letter", "Recipient"), recipient)] if recipient else []
    facts += [(pgettext("official letter", "Date"), letter_date(issued.issued_on)),
              (pgettext("official letter", "Document number"), issued.number)]
    return Letter(letterhead=pdf.Letterhead(agency=parts.title, contact=parts.contact,
                                            facts=facts, separator=": " if english() else "："),
                  number=issued.number, issued_on=issued.issued_on, subject=blocks["subject"],
                  body=blocks["body"], remedies=blocks["remedies"])
