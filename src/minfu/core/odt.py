"""Editable documents (ODT, odfpy) from the same `Section`s as the PDFs of `minfu.core.pdf`:
the title as a centred bold paragraph, each section heading as a level-1 heading, facts as
"label: value" paragraphs, then paragraphs, a table (its first row as header rows), a
numbered list and closing paragraphs. Word processors supply the fonts, so Chinese text
needs nothing more."""

from __future__ import annotations

import io
from collections.abc import Sequence

from minfu.core.pdf import Section

CONTENT_TYPE = "application/vnd.oasis.opendocument.text"


def render(*, title: str, sections: Sequence[Section], column_width: str = "") -> bytes:
    """`column_width` (e.g. "3.4cm") fixes the width of every table column."""
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
    document.text.addElement(P(stylename=title_style, text=title))
    for number, section in enumerate(sections, start=1):
        if section.heading:
            document.text.addElement(H(outlinelevel=1, text=section.heading))
        lines = [f"{label}: {value}" for label, value in section.facts]
        lines += list(section.paragraphs)
        for line in lines:
            document.text.addElement(P(text=str(line)))
        if section.table:
            document.text.addElement(_table(f"table{number}", section.table, column_style))
        for index, item in enumerate(section.items, start=1):
            document.text.addElement(P(text=f"{index}. {item}"))
        for line in section.closing:
            document.text.addElement(P(text=str(line)))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _table(name: str, rows: Sequence[Sequence[str]], column_style):
    from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
    from odf.text import P

    def row_of(values):
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            row.addElement(cell)
        return row

    table = Table(name=name)
    for _column in rows[0]:
        table.addElement(TableColumn(stylename=column_style) if column_style is not None
                         else TableColumn())
    header = TableHeaderRows()
    header.addElement(row_of(rows[0]))
    table.addElement(header)
    for values in rows[1:]:
        table.addElement(row_of(values))
    return table
