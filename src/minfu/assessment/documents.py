"""The meeting record as documents: ODT (editable, odfpy) and PDF (final, core.pdf)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from minfu.assessment.models import Meeting
from minfu.assessment.selectors import meeting_lines
from minfu.core import pdf, roc


def _rows(meeting: Meeting) -> list[tuple[str, str, str, str, str]]:
    return [(line.item.title, line.item.owner_unit.name_zh, roc.format_roc_slash(line.item.due_on),
             line.get_status_display(), line.progress or "—") for line in meeting_lines(meeting)]


def _header() -> list[str]:
    return [_("Improvement item"), _("Owner unit"), _("Due on"), _("Status"), _("Progress")]


def meeting_odt(meeting: Meeting) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    bold = Style(name="Heading", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    document.styles.addElement(bold)
    document.text.addElement(H(outlinelevel=1, stylename=bold, text=meeting.title))
    document.text.addElement(P(text=f"{_('Held on')}: {roc.format_roc_long(meeting.held_on)}"))
    document.text.addElement(P(text=meeting.organisation.name_zh))
    for paragraph in (meeting.minutes or "").splitlines():
        document.text.addElement(P(text=paragraph))
    table = Table(name="items")
    header = _header()
    table.addElement(TableColumn(numbercolumnsrepeated=len(header)))
    for values in [header, *_rows(meeting)]:
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


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
