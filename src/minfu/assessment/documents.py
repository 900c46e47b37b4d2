"""The meeting record as documents: ODT (editable, odfpy) and PDF (final, core.pdf)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from minfu.assessment.models import Meeting
from minfu.assessment.selectors import meeting_lines
from minfu.core import odt, pdf, roc


def _rows(meeting: Meeting) -> list[tuple[str, str, str, str, str]]:
    return [(line.item.title, line.item.owner_unit.name_zh, roc.format_roc_slash(line.item.due_on),
             line.get_status_display(), line.progress or "—") for line in meeting_lines(meeting)]


def _header() -> list[str]:
    return [_("Improvement item"), _("Owner unit"), _("Due on"), _("Status"), _("Progress")]


def meeting_odt(meeting: Meeting) -> bytes:
    return odt.render(title=meeting.title, sections=[pdf.Section(
        facts=[(_("Held on"), roc.format_roc_long(meeting.held_on)),
               (_("Organisation"), meeting.organisation.name_zh)],
        paragraphs=(meeting.minutes or "").splitlines(),
        table=[_header(), *_rows(meeting)])])


def meeting_pdf(meeting: Meeting) -> bytes:
    items = [f"{title}（{unit}，{_('due')} {due}，{status}）：{progress}"
             for title, unit, due, status, progress in _rows(meeting)]
    return pdf.render(title=meeting.title, sections=[
        pdf.Section(facts=[(_("Organisation"), meeting.organisation.name_zh),
                           (_("Held on"), roc.format_roc_long(meeting.held_on))],
                    paragraphs=[p for p in (meeting.minutes or "").splitlines() if p.strip()]),
        pdf.Section(heading=_("Open improvement items and their progress"),
                    items=items or [_("None.")]),
    ])
