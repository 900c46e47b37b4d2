"""PDF documents (receipts, notices, letters, plans) with Chinese text, built with reportlab.

Every PDF embeds the glyphs it uses: by default of the font the package ships,
`core/data/fonts/MinfuSansTC-Regular.ttf` (a TrueType subset of Noto Sans TC, SIL Open
Font License: Big5, Latin and punctuation), so a fresh machine needs no font installed and
any viewer shows the same text. MINFU_PDF_FONT_FILE names another TrueType font instead.
A character the font lacks (a rare name outside Big5) is set in MSung-Light, the standard
Traditional Chinese CID font that readers supply, rather than as an empty box; one beyond
the Basic Multilingual Plane, which that font's CMap cannot name, is printed as 〓. See
docs/adr/0012-embedded-pdf-font.md.

Callers describe a document as sections of facts, paragraphs, tables and lists, and an
official letter also by its letterhead; every string is plain text (escaped here), so
user-typed notes cannot inject paragraph markup."""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import groupby
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ListStyle, ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import CIDEncoding, UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import (
    HRFlowable,
    ListFlowable,
    ListItem,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus import Table as PdfTable

BUNDLED_FONT_FILE = Path(__file__).resolve().parent / "data" / "fonts" / "MinfuSansTC-Regular.ttf"
EMBEDDED_FONT = "MinfuEmbedded"
CID_FONT = "MSung-Light"  # the fallback for characters the embedded font lacks
CID_ENCODING = "UniCNS-UCS2-H"
CONTENT_TYPE = "application/pdf"
GETA = "\u3013"


class _TraditionalChineseCIDFont(UnicodeCIDFont):
    """MSung-Light with the Adobe-CNS1 Unicode CMap. reportlab pairs this face with the
    GB (Simplified Chinese) CMap by default, which readers reject for a CNS1 font."""

    def __init__(self):
        super().__init__(CID_FONT)
        self.encodingName = CID_ENCODING
        self.encoding = CIDEncoding(CID_ENCODING)


@dataclass(frozen=True)
class Face:
    """The registered embedded font and the characters it has glyphs for."""

    name: str
    characters: frozenset[int]

    def lacks(self, text: str) -> set[str]:
        return {character for character in text
                if ord(character) not in self.characters and not character.isspace()}


@functools.cache
def _registered_face(font_file: str) -> Face:
    path = Path(font_file) if font_file else BUNDLED_FONT_FILE
    if not path.is_file():
        raise ImproperlyConfigured(f"MINFU_PDF_FONT_FILE: no file at {path}")
    try:
        font = TTFont(EMBEDDED_FONT, str(path))
    except TTFError as error:  # a collection (.ttc) or an outline format reportlab lacks
        raise ImproperlyConfigured(f"MINFU_PDF_FONT_FILE: {error}") from error
    pdfmetrics.registerFont(font)
    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(_TraditionalChineseCIDFont())
    return Face(EMBEDDED_FONT, frozenset(font.face.charToGlyph))


def face() -> Face:
    """The embedded font (MINFU_PDF_FONT_FILE, else the bundled one), registered once."""
    return _registered_face(settings.MINFU_PDF_FONT_FILE)


def body_font() -> str:
    return face().name


@dataclass(frozen=True)
class Letterhead:
    """The head of an official letter (函): the agency's full name, its address and
    contact lines (label, value) under it on the right, then the letter's own facts
    (受文者, 發文日期, 發文字號 ...). `minfu.core.odt` renders the same head."""

    agency: str
    contact: Sequence[tuple[str, str]] = ()
    facts: Sequence[tuple[str, str]] = ()
    separator: str = "："  # between label and value; ": " in English letters

    def line(self, label: str, value: str) -> str:
        return f"{label}{self.separator}{value}"


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
    agency: ParagraphStyle
    contact: ParagraphStyle


def _styles(font: str) -> _Styles:
    # wordWrap="CJK" breaks lines between any two Chinese characters, as Chinese allows.
    body = ParagraphStyle("body", fontName=font, bulletFontName=font, fontSize=11, leading=17,
                          wordWrap="CJK",
                          spaceAfter=4)
    return _Styles(
        title=ParagraphStyle("title", parent=body, fontSize=18, leading=26, spaceAfter=10),
        heading=ParagraphStyle("heading", parent=body, fontSize=13, leading=20,
                               spaceBefore=10, spaceAfter=4),
        body=body,
        label=ParagraphStyle("label", parent=body, textColor="#333333"),
        cell=ParagraphStyle("cell", parent=body, fontSize=9, leading=13, spaceAfter=0),
        agency=ParagraphStyle("agency", parent=body, fontSize=16, leading=22, alignment=TA_CENTER,
                              spaceAfter=6),
        contact=ParagraphStyle("contact", parent=body, fontSize=9, leading=13, spaceAfter=0,
                               alignment=TA_RIGHT),
    )


def _text(value) -> str:
    """Paragraph markup for plain text: escaped, line breaks kept, and each run of
    characters the embedded font lacks set in the CID fallback font."""
    # The CID fallback's CMap is UCS-2: a character beyond the BMP becomes 〓 (U+3013,
    # the mark official documents use for a character the press lacks).
    text = "".join(character if ord(character) <= 0xFFFF else GETA for character in str(value))
    lacking = face().lacks(text)
    if lacking:
        text_runs = groupby(text, key=lambda character: character in lacking)
        markup = "".join(f'<font face="{CID_FONT}">{escape("".join(run))}</font>' if missing
                         else escape("".join(run)) for missing, run in text_runs)
    else:
        markup = escape(text)
    return markup.replace("\n", "<br/>")


def _section_flowables(section: Section, styles: _Styles, width: float) -> list:
    flowables = []
    if section.heading:
        flowables.append(Paragraph(_text(section.heading), styles.heading))
    if section.facts:
        rows = [[Paragraph(_text(label), styles.label), Paragraph(_text(value), styles.body)]
                for label, value in section.facts]
        table = PdfTable(rows, colWidths=[width * 0.3, width * 0.7], hAlign="LEFT",
                         spaceAfter=3 * mm)  # the text after it must not touch its last line
        table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("FONTNAME", (0, 0), (-1, -1), styles.body.fontName),
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
            style=ListStyle("list", bulletFontName=styles.body.fontName, bulletType="1",
                            leftIndent=18)))
    flowables.extend(Paragraph(_text(text), styles.body) for text in section.closing)
    return flowables


def _letterhead_flowables(head: Letterhead, styles: _Styles) -> list:
    flowables = [Paragraph(_text(head.agency), styles.agency)]
    flowables += [Paragraph(_text(head.line(label, value)), styles.contact)
                  for label, value in head.contact]
    flowables.append(Spacer(1, 3 * mm))
    flowables += [Paragraph(_text(head.line(label, value)), styles.body)
                  for label, value in head.facts]
    flowables.append(HRFlowable(width="100%", thickness=0.5, color="#555555", spaceBefore=2,
                                spaceAfter=6))
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
                    ("FONTNAME", (0, 0), (-1, -1), styles.cell.fontName),
                    ("BACKGROUND", (0, 0), (-1, 0), "#e8e8e8")])
    return table


def render(*, title: str, sections: Sequence[Section], author: str = "",
           subject: str = "", wide: bool = False, letterhead: Letterhead | None = None) -> bytes:
    """An A4 PDF (landscape when `wide`, for broad tables): the letterhead if any, the
    title as its one top heading, then the sections."""
    font = body_font()
    styles = _styles(font)
    buffer = io.BytesIO()
    language = (get_language() or settings.LANGUAGE_CODE)
    document = SimpleDocTemplate(
        buffer, pagesize=landscape(A4) if wide else A4, leftMargin=20 * mm,
        rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm, title=title, author=author, subject=subject,
        creator="Minfu", initialFontName=font, lang="en" if language.startswith("en") else "zh-Hant-TW")
    flowables: list = _letterhead_flowables(letterhead, styles) if letterhead else []
    flowables.append(Paragraph(_text(title), styles.title))
    for section in sections:
        flowables.extend(_section_flowables(section, styles, document.width))
        flowables.append(Spacer(1, 2 * mm))
    document.build(flowables)
    return buffer.getvalue()
