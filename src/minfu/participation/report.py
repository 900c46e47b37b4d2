"""The report of a closed consultation (PDF and ODT from the same parts, as every
document of the platform: core.pdf, core.odt): for the whole draft and each section, its
comments (authors masked) with the agency's response and answer."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from minfu.core import odt, pdf
from minfu.core.templatetags.roc import roc_date
from minfu.participation.models import Consultation, Verdict
from minfu.participation.selectors import report_rows


def report_parts(consultation: Consultation) -> list[pdf.Section]:
    groups = report_rows(consultation)
    every = [comment for _section, comments in groups for comment in comments]
    parts = [pdf.Section(facts=[
        (_("Agency"), consultation.organisation.name),
        (_("Open for comments"), f"{_day(consultation.opens_at)} – "
                                 f"{_day(consultation.closed_at or consultation.closes_at)}"),
        (pgettext("consultation", "Comments"), str(len(every))),
        (pgettext("consultation report", "Responses"), _verdict_tally(every)),
    ], paragraphs=[consultation.summary] if consultation.summary else [])]
    header = [_("No."), _("Comment"), _("Response"), _("Answer of the agency")]
    for section, comments in groups:
        if not comments and section is None:
            continue
        rows = [[comment.number, f"{comment.participant.masked}: {comment.body}",
                 comment.get_verdict_display(), comment.answer] for comment in comments]
        parts.append(pdf.Section(
            heading=section.heading if section else _("The draft as a whole"),
            table=[header, *rows] if rows else (),
            paragraphs=() if rows else [_("No comments.")]))
    return parts


def _verdict_tally(comments) -> str:
    """"Adopted 2 · Not adopted 1": how the agency answered, in the order of the choices."""
    counts = Counter(comment.verdict for comment in comments)
    return " · ".join(f"{label} {counts[value]}" for value, label in Verdict.choices
                      if counts[value]) or "–"


def _day(moment) -> str:
    return roc_date(moment)  # ROC dates in Chinese, ISO in English, as pages show them


def report_title(consultation: Consultation) -> str:
    return _("Consultation report: %(title)s") % {"title": consultation.title}


def report_pdf(consultation: Consultation) -> bytes:
    return pdf.render(title=report_title(consultation), sections=report_parts(consultation),
                      author=consultation.organisation.name, wide=True)


def report_odt(consultation: Consultation) -> bytes:
    return odt.render(title=report_title(consultation), sections=report_parts(consultation))


def filename(consultation: Consultation, extension: str) -> str:
    return f"{consultation.organisation.code}-consultation-{consultation.pk}-report.{extension}"
