"""The plan document in the official layout, as ODT (to edit) and PDF (to publish):

    壹、計畫依據  the directives, numbered 一、二、
    貳、計畫目標  the objectives
    參、執行單位  who carries it out
    肆、執行策略及方法  the action table
    伍、重點指標  key indicators with baseline and targets
    陸、...       the plan's closing sections (管制考核, ...)

Both are rendered from the same sections by `minfu.core.odt` and `minfu.core.pdf`."""

from __future__ import annotations

from dataclasses import replace

from minfu.core import odt, pdf, roc
from minfu.plans import numbering
from minfu.plans.models import Plan
from minfu.plans.numbering import Style
from minfu.plans.selectors import action_table, indicator_status, plan_with_related

ODT_CONTENT_TYPE = odt.CONTENT_TYPE
CONTENT_TYPES = {"odt": odt.CONTENT_TYPE, "pdf": pdf.CONTENT_TYPE}
TABLE_HEADER = ("執行策略", "策略細項", "具體推動做法", "完成期限", "執行單位")


def document_parts(plan: Plan) -> list[pdf.Section]:
    """The parts in order, headed 壹、貳、... ."""
    return [replace(part, heading=f"{numbering.number(Style.FORMAL, index)}{part.heading}")
            for index, part in enumerate(_parts(plan), start=1)]


def _parts(plan: Plan) -> list[pdf.Section]:
    plan = plan_with_related(plan.pk)
    parts = [
        pdf.Section("計畫依據", paragraphs=tuple(
            f"{numbering.number(Style.CHINESE, i)}{_directive(d)}"
            for i, d in enumerate(plan.directives.all(), start=1))),
        pdf.Section("計畫目標", paragraphs=tuple(_blocks(plan.objectives))),
        pdf.Section("執行單位", paragraphs=tuple(_blocks(plan.executing_units))),
        pdf.Section("執行策略及方法", table=(TABLE_HEADER, *(
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
        parts.append(pdf.Section("重點指標", table=(header, *rows)))
    for block in _sections(plan.closing_sections):
        parts.append(pdf.Section(block[0], paragraphs=tuple(block[1:])))
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
    target = next((t for t in indicator.targets.all() if t.year == year), None)
    if target is None:
        return ""
    return target.label + (indicator.unit_of_measure if target.value is not None else "")


def plan_odt(plan: Plan) -> bytes:
    return odt.render(title=plan.title, sections=document_parts(plan), column_width="3.4cm")


def plan_pdf(plan: Plan) -> bytes:
    return pdf.render(title=plan.title, sections=document_parts(plan),
                      author=plan.organisation.name_zh, wide=True)


def filename(plan: Plan, extension: str) -> str:
    return f"{plan.organisation.code}-{plan.roc_year}-plan.{extension}"
