"""Import of a plan's action table from a spreadsheet (ODS, XLSX, CSV).

The table is the one plans print: 執行策略 | 策略細項 | 具體推動做法 | 完成期限 | 執行單位
(| 預期效益). A blank strategy or sub-item cell continues the one above (merged cells);
the number in front of a text ("一、", "(一)", "1.") is dropped because the plan numbers
its nodes itself. Units are named as the plan writes them, separated by spaces or
commas; "各單位" means every unit; a note in brackets after a unit ("秘書室 (出納股)") is
kept out of the name.

`read_action_table` reads and checks without writing: it returns the rows it understood
and, for every row it did not, the reason (the preview). `services_import` (in
services_import below) writes them when there is no error."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from minfu.core import audit
from minfu.core.errors import ValidationFailed
from minfu.core.sheets import SheetReadError, read_workbook
from minfu.org.models import Unit
from minfu.org.permissions import require
from minfu.plans import actions, deadlines
from minfu.plans.models import Plan, PlanNode
from minfu.plans.numbering import strip_number

HEADERS = ("執行策略", "策略細項", "具體推動做法", "完成期限", "執行單位", "預期效益")
ALL_UNITS = "各單位"
_UNIT_SPLIT = re.compile(r"[\s,，、;；]+")
_NOTE = re.compile(r"[（(][^）)]*[）)]")


@dataclass(frozen=True)
class RowError:
    row: int          # 1-based row of the sheet, as a spreadsheet program shows it
    column: str
    message: str


@dataclass(frozen=True)
class ActionRow:
    row: int
    strategy: str
    sub_item: str
    text: str
    deadline: deadlines.Deadline
    unit_names: tuple[str, ...]
    all_units: bool
    expected_benefit: str = ""

    @property
    def deadline_label(self) -> str:
        return deadlines.label(self.deadline)


@dataclass
class ActionTable:
    rows: list[ActionRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # What is imported anyway but deserves a look (a deadline kept as written).
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def read_action_table(content: bytes, filename: str, *, unit_names: set[str],
                      year: int | None = None) -> ActionTable:
    """Read and check the table; `unit_names` are the Chinese names of the units of the
    plan's organisation, `year` the plan's year (of deadlines written without one)."""
    table = ActionTable()
    try:
        workbook, _multi = read_workbook(content, filename)
    except SheetReadError as error:
        table.errors.append(RowError(0, "", str(error)))
        return table
    rows = next(iter(workbook.values()), [])
    if not rows or [str(cell or "").strip() for cell in rows[0][:5]] != list(HEADERS[:5]):
        table.errors.append(RowError(1, "", _("The first row must name the columns: %(headers)s.")
                                     % {"headers": ", ".join(HEADERS)}))
        return table
    strategy = sub_item = ""
    for number, raw in enumerate(rows[1:], start=2):
        cells = [str(cell if cell is not None else "").strip() for cell in raw]
        cells += [""] * (len(HEADERS) - len(cells))
        if not any(cells):
            continue
        strategy = cells[0] or strategy
        sub_item = cells[1] or (sub_item if not cells[0] else "")
        row = _read_row(number, cells, strategy, sub_item, unit_names, table, year)
        if row is not None:
            table.rows.append(row)
    if not table.rows and not table.errors:
        table.errors.append(RowError(0, "", _("The sheet has no actions.")))
    return table


def _read_row(number: int, cells: list[str], strategy: str, sub_item: str,
              unit_names: set[str], table: ActionTable, year: int | None) -> ActionRow | None:
    found: list[RowError] = []
    if not strategy:
        found.append(RowError(number, HEADERS[0], _("No strategy above this row.")))
    if not cells[2]:
        found.append(RowError(number, HEADERS[2], _("The action is empty.")))
    deadline = deadlines.parse(cells[3], year=year)
    if warning := deadlines.warning(deadline, year=year):
        table.warnings.append(RowError(number, HEADERS[3], warning))
    names, all_units = parse_units(cells[4])
    if not names and not all_units:
        found.append(RowError(number, HEADERS[4], _("Name at least one responsible unit.")))
    for name in names:
        if name not in unit_names:
            found.append(RowError(number, HEADERS[4], _("There is no unit “%(name)s”.")
                                  % {"name": name}))
    table.errors.extend(found)
    if found:
        return None
    return ActionRow(number, strip_number(strategy), strip_number(sub_item),
                     strip_number(cells[2]), deadline, tuple(names), all_units, cells[5])


def parse_units(text: str) -> tuple[list[str], bool]:
    """(unit names, whether 各單位 was written)."""
    names = [name for name in _UNIT_SPLIT.split(_NOTE.sub(" ", text or "")) if name]
    all_units = ALL_UNITS in names
    return [name for name in names if name != ALL_UNITS], all_units


@transaction.atomic
def actions_import(*, actor, plan: Plan, table: ActionTable) -> int:
    """Append the table's strategies, sub-items and actions to the plan's tree. Nothing
    is written when the table has errors. Returns how many actions were made."""
    from minfu.plans import services

    require(actor, services.EDIT, organisation=plan.organisation)
    if not table.ok:
        raise ValidationFailed(_("Correct the rows listed and upload the file again."),
                               details={"rows": [e.row for e in table.errors]})
    units = {unit.name_zh: unit for unit in Unit.objects.filter(organisation=plan.organisation)}
    strategies: dict[str, PlanNode] = {}
    sub_items: dict[tuple[str, str], PlanNode] = {}
    for row in table.rows:
        parent = strategies.get(row.strategy)
        if parent is None:
            parent = strategies[row.strategy] = services._node_add(
                actor=actor, plan=plan, text=row.strategy)
        if row.sub_item:
            key = (row.strategy, row.sub_item)
            if key not in sub_items:
                sub_items[key] = services._node_add(actor=actor, plan=plan, text=row.sub_item,
                                                    parent=parent)
            parent = sub_items[key]
        node = services._node_add(actor=actor, plan=plan, text=row.text, parent=parent)
        services.action_set(actor=actor, node=node, deadline=row.deadline,
                            units=[units[name] for name in row.unit_names],
                            all_units=row.all_units, expected_benefit=row.expected_benefit)
    audit.record(actor=actor, action=actions.PLAN_ACTIONS_IMPORTED, obj=plan,
                 after={"actions": len(table.rows)})
    return len(table.rows)
