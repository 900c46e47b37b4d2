"""PDF documents (receipts, notices) with Chinese text, built with reportlab.

By default the text is set in MSung-Light, one of the standard CID fonts of the PDF
specification for Traditional Chinese (Adobe-CNS1): the file names the font and the reader
supplies the glyphs, so nothing has to be installed or downloaded on the server. A
deployment that needs the glyphs inside the file (archiving, PDF/A) sets
MINFU_PDF_FONT_FILE to a TrueType font with Traditional Chinese glyphs, which is then
embedded as a subset. See docs/adr/0005-pdf-fonts.md.

Callers describe a document as sections of facts, paragraphs, tables and lists; every string is
plain text (escaped here), so user-typed notes cannot inject paragraph markup."""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import CIDEncoding, UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import (
    ListFlowable,
    ListItem,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus import Table as PdfTable

CID_FONT = "MSung-Light"
CID_ENCODING = "UniCNS-UCS2-H"
EMBEDDED_FONT = "MinfuEmbedded"
CONTENT_TYPE = "application/pdf"


class _TraditionalChineseCIDFont(UnicodeCIDFont):
    """MSung-Light with the Adobe-CNS1 Unicode CMap. reportlab pairs this face with the
    GB (Simplified Chinese) CMap by default, which readers reject for a CNS1 font."""

    def __init__(self):
        super().__init__(CID_FONT)
        self.encodingName = CID_ENCODING
        self.encoding = CIDEncoding(CID_ENCODING)


@functools.cache
def _registered_font(font_file: str) -> str:
    """The registered font name: the embedded TrueType font when one is configured."""
    if not font_file:
        if CID_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(_TraditionalChineseCIDFont())
        return CID_FONT
    if not Path(font_file).is_file():
        raise ImproperlyConfigured(f"MINFU_PDF_FONT_FILE: no file at {font_file}")
    try:
        pdfmetrics.registerFont(TTFont(EMBEDDED_FONT, font_file))
    except TTFError as error:  # a collection (.ttc) or an outline format reportlab lacks
        raise ImproperlyConfigured(f"MINFU_PDF_FONT_FILE: {error}") from error
    return EMBEDDED_FONT


def body_font() -> str:
    return _registered_font(settings.MINFU_PDF_FONT_FILE)


# A table cell that continues the cell above it (a merged cell spanning rows).
MERGED = None


@dataclass(frozen=True)
class Section:
    """A part of a document: an optional heading, then facts (label, value), paragraphs,
    an outline, a table (its first row the header, repeated on each page; a body cell
    MERGED continues the cell above it), a numbered list and closing paragraphs, in that
    order. An outline is lines (depth, text, is_heading): nested headings indented by
    depth, for documents deeper than a table can show. `minfu.core.odt` renders the same
    sections."""

    heading: str = ""
    facts: Sequence[tuple[str, str]] = ()
    paragraphs: Sequence[str] = ()
    table: Sequence[Sequence[str | None]] = ()
    items: Sequence[str] = ()
    closing: Sequence[str] = ()
    outline: Sequence[tuple[int, str, bool]] = ()


def row_spans(table: Sequence[Sequence[str | None]]) -> list[tuple[int, int, int]]:
    """(column, first row, last row) of each cell that MERGED cells below continue."""
    spans = []
    for column in range(len(table[0]) if table else 0):
        row = 1
        while row < len(table):
            end = row
            while end + 1 < len(table) and _cell(table, end + 1, column) is MERGED:
                end += 1
            if end > row:
                spans.append((column, row, end))
            row = end + 1
    return spans


def _cell(table, row: int, column: int):
    values = table[row]
    return values[column] if column < len(values) else ""


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle


def _styles(font: str) -> _Styles:
    # wordWrap="CJK" breaks lines between any two Chinese characters, as Chinese allows.
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=17, wordWrap="CJK",
                          spaceAfter=4)
    return _Styles(
        title=ParagraphStyle("title", parent=body, fontSize=18, leading=26, spaceAfter=10),
        heading=ParagraphStyle("heading", parent=body, fontSize=13, leading=20,
                               spaceBefore=10, spaceAfter=4),
        body=body,
        label=ParagraphStyle("label", parent=body, textColor="#333333"),
        cell=ParagraphStyle("cell", parent=body, fontSize=9, leading=13, spaceAfter=0),
    )


def _text(value) -> str:
    return escape(str(value)).replace("\n", "<br/>")


def _section_flowables(section: Section, styles: _Styles, width: float) -> list:
    flowables = []
    if section.heading:
        flowables.append(Paragraph(_text(section.heading), styles.heading))
    if section.facts:
        rows = [[Paragraph(_text(label), styles.label), Paragraph(_text(value), styles.body)]
                for label, value in section.facts]
        table = PdfTable(rows, colWidths=[width * 0.3, width * 0.7], hAlign="LEFT")
        table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#999999")])
        flowables.append(table)
    flowables.extend(Paragraph(_text(text), styles.body) for text in section.paragraphs)
    for depth, text, is_heading in section.outline:
        style = ParagraphStyle(f"outline{depth}{is_heading}", parent=styles.body,
                               leftIndent=depth * 14, spaceBefore=4 if is_heading else 0,
                               fontSize=styles.body.fontSize if is_heading else 10)
        flowables.append(Paragraph(_text(text), style))
    if section.table:
        flowables.append(_table(section.table, styles, width))
    if section.items:
        flowables.append(ListFlowable(
            [ListItem(Paragraph(_text(item), styles.body)) for item in section.items],
            bulletType="1", bulletFontName=styles.body.fontName, leftIndent=18))
    flowables.extend(Paragraph(_text(text), styles.body) for text in section.closing)
    return flowables


def _table(values: Sequence[Sequence[str | None]], styles: _Styles, width: float):
    """A merged cell is drawn without the line above it (its text in the first row of
    the run) rather than as one spanning cell, so that a long run still breaks across
    pages."""
    columns = len(values[0])
    rows = [[Paragraph(_text(value if value is not MERGED else ""), styles.cell)
             for value in row] for row in values]
    table = LongTable(rows, colWidths=[width / columns] * columns, repeatRows=1)
    line = (0.5, "#555555")
    table.setStyle([("BOX", (0, 0), (-1, -1), *line),
                    ("LINEAFTER", (0, 0), (-1, -1), *line),
                    ("LINEBELOW", (0, 0), (-1, 0), *line),
                    *(("LINEABOVE", (column, index), (column, index), *line)
                      for index, row in enumerate(values) if index > 1
                      for column in range(columns) if _cell(values, index, column) is not MERGED),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), "#e8e8e8")])
    return table


def render(*, title: str, sections: Sequence[Section], author: str = "",
           subject: str = "", wide: bool = False) -> bytes:
    """An A4 PDF (landscape when `wide`, for broad tables): the title as its one top
    heading, then the sections."""
    font = body_font()
    styles = _styles(font)
    buffer = io.BytesIO()
    language = (get_language() or settings.LANGUAGE_CODE)
    document = SimpleDocTemplate(
        buffer, pagesize=landscape(A4) if wide else A4, leftMargin=20 * mm,
        rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm, title=title, author=author, subject=subject,
        creator="Minfu", lang="en" if language.startswith("en") else "zh-Hant-TW")
    flowables: list = [Paragraph(_text(title), styles.title)]
    for section in sections:
        flowables.extend(_section_flowables(section, styles, document.width))
        flowables.append(Spacer(1, 2 * mm))
    document.build(flowables)
    return buffer.getvalue()
