"""Editable documents (ODT, odfpy) from the same `Section`s as the PDFs of `minfu.core.pdf`:
the title as a centred bold paragraph, each section heading as a level-1 heading, facts as
"label: value" paragraphs, then paragraphs, an outline (its headings one level below the
section's per depth, other lines indented), a table (its first row as header rows; merged
cells span rows), a numbered list and closing paragraphs. Word processors supply the fonts, so Chinese text
needs nothing more."""

from __future__ import annotations

import io
from collections.abc import Sequence

from minfu.core.pdf import MERGED, Letterhead, Section, row_spans

CONTENT_TYPE = "application/vnd.oasis.opendocument.text"


def render(*, title: str, sections: Sequence[Section], column_width: str = "",
           letterhead: Letterhead | None = None) -> bytes:
    """`column_width` (e.g. "3.4cm") fixes the width of every table column; a letterhead
    comes first: the agency centred, its contact lines on the right, then its facts."""
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TableColumnProperties, TextProperties
    from odf.text import H, P

    document = OpenDocumentText()
    title_style = Style(name="DocumentTitle", family="paragraph")
    title_style.addElement(TextProperties(fontsize="18pt", fontweight="bold"))
    title_style.addElement(ParagraphProperties(textalign="center"))
    document.styles.addElement(title_style)
    column_style = None
    if column_width:
        column_style = Style(name="TableColumn", family="table-column")
        column_style.addElement(TableColumnProperties(columnwidth=column_width))
        document.automaticstyles.addElement(column_style)
    if letterhead is not None:
        _add_letterhead(document, letterhead)
    document.text.addElement(P(stylename=title_style, text=title))
    for number, section in enumerate(sections, start=1):
        if section.heading:
            document.text.addElement(H(outlinelevel=1, text=section.heading))
        lines = [f"{label}: {value}" for label, value in section.facts]
        lines += list(section.paragraphs)
        for line in lines:
            document.text.addElement(P(text=str(line)))
        for depth, text, is_heading in section.outline:
            document.text.addElement(
                H(outlinelevel=min(depth + 2, 10), text=str(text)) if is_heading
                else P(stylename=_indent_style(document, depth), text=str(text)))
        if section.table:
            document.text.addElement(_table(f"table{number}", section.table, column_style))
        for index, item in enumerate(section.items, start=1):
            document.text.addElement(P(text=f"{index}. {item}"))
        for line in section.closing:
            document.text.addElement(P(text=str(line)))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _add_letterhead(document, head: Letterhead) -> None:
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import P

    agency = Style(name="LetterheadAgency", family="paragraph")
    agency.addElement(TextProperties(fontsize="16pt", fontweight="bold"))
    agency.addElement(ParagraphProperties(textalign="center"))
    contact = Style(name="LetterheadContact", family="paragraph")
    contact.addElement(TextProperties(fontsize="9pt"))
    contact.addElement(ParagraphProperties(textalign="end"))
    document.styles.addElement(agency)
    document.styles.addElement(contact)
    document.text.addElement(P(stylename=agency, text=head.agency))
    for label, value in head.contact:
        document.text.addElement(P(stylename=contact, text=head.line(label, value)))
    for label, value in head.facts:
        document.text.addElement(P(text=head.line(label, value)))


def _indent_style(document, depth: int):
    """The paragraph style indenting an outline line by its depth (made once each)."""
    from odf.style import ParagraphProperties, Style

    name = f"Outline{depth}"
    for style in document.automaticstyles.childNodes:
        if style.getAttribute("name") == name:
            return style
    style = Style(name=name, family="paragraph")
    style.addElement(ParagraphProperties(marginleft=f"{0.5 * (depth + 1):.1f}cm"))
    document.automaticstyles.addElement(style)
    return style


def _table(name: str, rows: Sequence[Sequence[str | None]], column_style):
    """A MERGED cell is covered by the cell above, which spans the rows it continues."""
    from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableHeaderRows, TableRow
    from odf.text import P

    spans = {(first, column): last - first + 1 for column, first, last in row_spans(rows)}

    def row_of(index, values):
        row = TableRow()
        for column, value in enumerate(values):
            if value is MERGED and index > 0:
                row.addElement(CoveredTableCell())
                continue
            span = spans.get((index, column))
            cell = (TableCell(valuetype="string", numberrowsspanned=span) if span
                    else TableCell(valuetype="string"))
            cell.addElement(P(text="" if value is MERGED else str(value)))
            row.addElement(cell)
        return row

    table = Table(name=name)
    for _column in rows[0]:
        table.addElement(TableColumn(stylename=column_style) if column_style is not None
                         else TableColumn())
    header = TableHeaderRows()
    header.addElement(row_of(0, rows[0]))
    table.addElement(header)
    for index, values in enumerate(rows[1:], start=1):
        table.addElement(row_of(index, values))
    return table
