"""The plan document in the official layout, as ODT (to edit) and PDF (to publish):

    壹、計畫依據  the directives, numbered 一、二、
    貳、計畫目標  the objectives
    參、執行單位  who carries it out
    肆、執行策略及方法  the action table
    伍、重點指標  key indicators with baseline and targets
    陸、...       the plan's closing sections (管制考核, ...)

core.pdf renders facts, paragraphs and lists but no multi-column table, so the PDF is
built here with reportlab and core.pdf's Chinese font (see the report to the lead)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape

from minfu.core import pdf, roc
from minfu.plans import numbering
from minfu.plans.models import Plan
from minfu.plans.numbering import Style
from minfu.plans.selectors import action_table, indicator_status, plan_with_related

ODT_CONTENT_TYPE = "application/vnd.oasis.opendocument.text"
TABLE_HEADER = ("執行策略", "策略細項", "具體推動做法", "完成期限", "執行單位")


@dataclass(frozen=True)
class Part:
    heading: str
    paragraphs: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()   # first row is the header


def document_parts(plan: Plan) -> list[Part]:
    plan = plan_with_related(plan.pk)
    parts = [
        Part("計畫依據", tuple(
            f"{numbering.number(Style.CHINESE, i)}{_directive(d)}"
            for i, d in enumerate(plan.directives.all(), start=1))),
        Part("計畫目標", tuple(_blocks(plan.objectives))),
        Part("執行單位", tuple(_blocks(plan.executing_units))),
        Part("執行策略及方法", table=(TABLE_HEADER, *(
            (line.strategy, line.sub_item, line.action, line.deadline, line.units)
            for line in action_table(plan)))),
    ]
    indicators = [indicator_status(i) for i in
                  plan.indicators.prefetch_related("targets").select_related("plan")]
    if indicators:
        years = sorted({t.year for s in indicators for t in s.indicator.targets.all()})
        header = ("重點指標", "衡量標準", "基準值", *(f"{year - 1911}年目標值" for year in years))
        rows = tuple((s.indicator.name, s.indicator.definition, _number(s.indicator.baseline),
                      *(_target(s.indicator, year) for year in years)) for s in indicators)
        parts.append(Part("重點指標", table=(header, *rows)))
    for block in _sections(plan.closing_sections):
        parts.append(Part(block[0], tuple(block[1:])))
    return parts


def _directive(directive) -> str:
    if directive.issued_on and directive.document_number and \
            directive.document_number not in directive.text:
        return (f"{roc.format_roc_long(directive.issued_on)}{directive.document_number}"
                f"{directive.text}")
    return directive.text


def _blocks(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _sections(text: str) -> list[list[str]]:
    return [_blocks(block) for block in (text or "").split("\n\n") if _blocks(block)]


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}"


def _target(indicator, year: int) -> str:
    target = next((t.value for t in indicator.targets.all() if t.year == year), None)
    suffix = indicator.unit_of_measure if target is not None else ""
    return f"{_number(target)}{suffix}"


def _heading(index: int, part: Part) -> str:
    return f"{numbering.number(Style.FORMAL, index)}{part.heading}"


# ODT ------------------------------------------------------------------------------------

def plan_odt(plan: Plan) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, TableColumnProperties, TextProperties
    from odf.style import Style as OdfStyle
    from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    title_style = OdfStyle(name="PlanTitle", family="paragraph")
    title_style.addElement(TextProperties(fontsize="18pt", fontweight="bold"))
    title_style.addElement(ParagraphProperties(textalign="center"))
    document.styles.addElement(title_style)
    column_style = OdfStyle(name="PlanColumn", family="table-column")
    column_style.addElement(TableColumnProperties(columnwidth="3.4cm"))
    document.automaticstyles.addElement(column_style)
    document.text.addElement(P(stylename=title_style, text=plan.title))
    for index, part in enumerate(document_parts(plan), start=1):
        document.text.addElement(H(outlinelevel=1, text=_heading(index, part)))
        for paragraph in part.paragraphs:
            document.text.addElement(P(text=paragraph))
        if part.table:
            table = Table(name=part.heading)
            for _column in part.table[0]:
                table.addElement(TableColumn(stylename=column_style))
            header = TableHeaderRows()
            header.addElement(_odt_row(part.table[0], TableRow, TableCell, P))
            table.addElement(header)
            for row in part.table[1:]:
                table.addElement(_odt_row(row, TableRow, TableCell, P))
            document.text.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _odt_row(values, TableRow, TableCell, P):
    row = TableRow()
    for value in values:
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=str(value)))
        row.addElement(cell)
    return row


# PDF ------------------------------------------------------------------------------------

def plan_pdf(plan: Plan) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer

    font = pdf.body_font()
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=17, wordWrap="CJK",
                          spaceAfter=4)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=13, spaceAfter=0)
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=24, alignment=1,
                           spaceAfter=10)
    heading = ParagraphStyle("heading", parent=body, fontSize=13, leading=20, spaceBefore=8)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
        topMargin=15 * mm, bottomMargin=15 * mm, title=plan.title,
        author=plan.organisation.name_zh, creator="Minfu", lang="zh-Hant-TW")
    flowables = [Paragraph(_text(plan.title), title)]
    for index, part in enumerate(document_parts(plan), start=1):
        flowables.append(Paragraph(_text(_heading(index, part)), heading))
        flowables.extend(Paragraph(_text(paragraph), body) for paragraph in part.paragraphs)
        if part.table:
            width = document.width / len(part.table[0])
            rows = [[Paragraph(_text(value), cell) for value in row] for row in part.table]
            table = LongTable(rows, colWidths=[width] * len(part.table[0]), repeatRows=1)
            table.setStyle([("GRID", (0, 0), (-1, -1), 0.5, "#555555"),
                            ("VALIGN", (0, 0), (-1, -1), "TOP"),
                            ("BACKGROUND", (0, 0), (-1, 0), "#e8e8e8")])
            flowables.append(table)
        flowables.append(Spacer(1, 3 * mm))
    document.build(flowables)
    return buffer.getvalue()


def _text(value) -> str:
    return escape(str(value)).replace("\n", "<br/>")


def filename(plan: Plan, extension: str) -> str:
    return f"{plan.organisation.code}-{plan.roc_year}-plan.{extension}"
