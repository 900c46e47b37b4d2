"""What every official letter shares, for the apps that write them (receipts, notices,
decision letters, petition replies): the letterhead of the record's organisation with
the document's recipient, date (ROC) and number (發文字號), and the organisation's wording
of the kind filled in with the document's values, in the active language."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from minfu.core import pdf, roc
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


@dataclass(frozen=True)
class Letter:
    letterhead: pdf.Letterhead
    number: str
    issued_on: dt.date
    subject: str
    body: str
    remedies: str


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
    facts = [(_("Recipient"), recipient)] if recipient else []
    facts += [(_("Date"), letter_date(issued.issued_on)),
              (_("Document number"), issued.number)]
    return Letter(letterhead=pdf.Letterhead(agency=parts.title, contact=parts.contact,
                                            facts=facts),
                  number=issued.number, issued_on=issued.issued_on, subject=blocks["subject"],
                  body=blocks["body"], remedies=blocks["remedies"])
