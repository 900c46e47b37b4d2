"""The printed plan, as ODT (to edit) and PDF (to publish), in the plan's own shape.

Its parts are the plan's sections, in their order, each heading numbered once here
(壹、貳、參、 ...; a section without a heading numbers its first paragraph). A section
holds the basis (each directive once, with its date and number unless its text already
says them), the objectives, the executing units, the plan's items, the key indicators,
or its own paragraphs and table; any section may add paragraphs of its own.

The items follow the plan's levels: a table with one column per level, named as the
plan names its levels, a parent's cell merged over the rows of its items (uneven
branches leave the levels they skip empty), then 完成期限, 執行單位 (and 預期效益 where
the plan gives one); or, for deep plans, nested headings with each action's deadline,
units and benefit below it (`Plan.layout`).

Both are rendered from the same sections by `minfu.core.odt` and `minfu.core.pdf`."""

from __future__ import annotations

import re
import unicodedata

from minfu.core import odt, pdf, roc
from minfu.plans import numbering
from minfu.plans.models import Plan, PlanSection
from minfu.plans.numbering import Style
from minfu.plans.selectors import (
    TreeRow,
    flatten,
    numbered_sections,
    plan_indicators,
    plan_tree,
    plan_with_related,
    units_label,
)

ODT_CONTENT_TYPE = odt.CONTENT_TYPE
CONTENT_TYPES = {"odt": odt.CONTENT_TYPE, "pdf": pdf.CONTENT_TYPE}
DEADLINE, UNITS, BENEFIT = "完成期限", "執行單位", "預期效益"


def document_parts(plan: Plan) -> list[pdf.Section]:
    """The plan's sections in order, headed 壹、貳、... ."""
    plan = plan_with_related(plan.pk)
    parts = []
    for heading, section in numbered_sections(plan):
        body = _CONTENT[section.kind](plan, section)
        paragraphs = [*body.paragraphs, *_lines(section.paragraphs)]
        if not section.heading and paragraphs:   # 陸、依據「...」，追蹤...: a numbered paragraph
            heading, paragraphs = heading + paragraphs[0], paragraphs[1:]
        parts.append(pdf.Section(
            heading=heading, paragraphs=tuple(paragraphs), outline=body.outline,
            table=body.table or tuple(tuple(row) for row in section.table)))
    return parts


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# Section contents -----------------------------------------------------------------------

def _basis(plan: Plan, section: PlanSection) -> pdf.Section:
    return pdf.Section(paragraphs=tuple(
        f"{numbering.number(Style.CHINESE, index)}{directive_line(directive)}"
        for index, directive in enumerate(plan.directives.all(), start=1)))


def _plain(text: str) -> str:
    """Text as compared: full-width folded, no spaces (行政院 106 年 1 月 9 日 ...)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def directive_line(directive) -> str:
    """The directive as the basis cites it: its date and document number in front, each
    only when the text does not already say it (so neither is printed twice)."""
    text = directive.text
    plain = _plain(text)
    prefix = ""
    if directive.issued_on and _plain(roc.format_roc_long(directive.issued_on)) not in plain:
        prefix += roc.format_roc_long(directive.issued_on)
    if directive.document_number and _plain(directive.document_number) not in plain:
        prefix += directive.document_number
    return f"{prefix}{text}"


def _objectives(plan: Plan, section: PlanSection) -> pdf.Section:
    return pdf.Section(paragraphs=tuple(_lines(plan.objectives)))


def _units(plan: Plan, section: PlanSection) -> pdf.Section:
    return pdf.Section(paragraphs=tuple(_lines(plan.executing_units)))


def _tree(plan: Plan, section: PlanSection) -> pdf.Section:
    roots = plan_tree(plan)
    labels = [level.label for level in plan.levels.all()]
    if plan.layout == Plan.Layout.HEADINGS:
        return pdf.Section(outline=tuple(tree_outline(roots)))
    return pdf.Section(table=tuple(tree_table(labels, roots)))


def tree_table(labels: list[str], roots: list[TreeRow]) -> list[list[str | None]]:
    """One column per level, then the action's cells; one row per action (and per item
    without items below it); a parent's cell merged (pdf.MERGED) over its rows."""
    rows = flatten(roots)
    with_benefit = any(row.action is not None and row.action.expected_benefit for row in rows)
    table: list[list[str | None]] = [
        [*labels, DEADLINE, UNITS, *([BENEFIT] if with_benefit else [])]]
    above: list[int | None] = [None] * len(labels)

    def walk(row: TreeRow, path: list[TreeRow]) -> None:
        path = [*path, row]
        if row.action is not None or not row.children:
            at_level = {item.level: item for item in path}
            cells: list[str | None] = []
            for level in range(len(labels)):
                item = at_level.get(level)
                if item is None:
                    cells.append("")
                elif item is not row and above[level] == item.node.pk:
                    cells.append(pdf.MERGED)
                else:
                    cells.append(item.numbered_text)
                above[level] = item.node.pk if item is not None else None
            table.append(cells + _action_cells(row, with_benefit))
        for child in row.children:
            walk(child, path)

    for root in roots:
        walk(root, [])
    return table


def _action_cells(row: TreeRow, with_benefit: bool) -> list[str]:
    action = row.action
    cells = ["", ""] if action is None else [action.deadline_label, units_label(action)]
    if with_benefit:
        cells.append(action.expected_benefit if action is not None else "")
    return cells


def tree_outline(roots: list[TreeRow]) -> list[tuple[int, str, bool]]:
    """Nested headings: an item with items below it is a heading of its level's depth,
    the others paragraphs, each action followed by its deadline, units and benefit."""
    lines = []
    for row in flatten(roots):
        lines.append((row.level, row.numbered_text, bool(row.children)))
        action = row.action
        if action is not None:
            details = [f"{DEADLINE}：{action.deadline_label}", f"{UNITS}：{units_label(action)}"]
            if action.expected_benefit:
                details.append(f"{BENEFIT}：{action.expected_benefit}")
            lines.append((row.level + 1, "　".join(details), False))
    return lines


def _indicators(plan: Plan, section: PlanSection) -> pdf.Section:
    statuses = plan_indicators(plan)
    if not statuses:
        return pdf.Section()
    years = sorted({t.year for s in statuses for t in s.indicator.targets.all()})
    with_items = any(s.indicator.node_id for s in statuses)
    header = ["重點指標", "衡量標準", *(["衡量項目"] if with_items else []), "基準值",
              *(f"{year - 1911}年目標值" for year in years),
              *(["權重"] if plan.uses_weights else [])]
    rows = []
    for status in statuses:
        indicator = status.indicator
        rows.append([
            indicator.name, indicator.definition,
            *([numbering.with_number(indicator.node.number, indicator.node.text)
               if indicator.node else "整體"] if with_items else []),
            _number(indicator.baseline), *(_target(indicator, year) for year in years),
            *([_number(indicator.weight)] if plan.uses_weights else [])])
    return pdf.Section(table=(header, *rows))


def _text(plan: Plan, section: PlanSection) -> pdf.Section:
    return pdf.Section()


_CONTENT = {PlanSection.Kind.BASIS: _basis, PlanSection.Kind.OBJECTIVES: _objectives,
            PlanSection.Kind.UNITS: _units, PlanSection.Kind.TREE: _tree,
            PlanSection.Kind.INDICATORS: _indicators, PlanSection.Kind.TEXT: _text}


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}"


def _target(indicator, year: int) -> str:
    target = next((t for t in indicator.targets.all() if t.year == year), None)
    if target is None:
        return ""
    return target.label + (indicator.unit_of_measure if target.value is not None else "")


# Documents ------------------------------------------------------------------------------

def plan_odt(plan: Plan) -> bytes:
    return odt.render(title=plan.title, sections=document_parts(plan))


def plan_pdf(plan: Plan) -> bytes:
    return pdf.render(title=plan.title, sections=document_parts(plan),
                      author=plan.organisation.name_zh, wide=True)


def filename(plan: Plan, extension: str) -> str:
    return f"{plan.organisation.code}-{plan.roc_year}-plan.{extension}"
