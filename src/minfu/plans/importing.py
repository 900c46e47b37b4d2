"""A plan's tree as a spreadsheet (ODS, XLSX, CSV): read for import, written for export
and as the plan's template.

The first row names the columns. The plan's own levels come first, one column each,
named as the plan names them (執行策略 | 策略細項 | 具體推動做法, or 構面 | 評估項目 | 指標 |
子指標 | 作法: any number); then the columns Minfu knows by name, in any order:
完成期限, 執行單位, 預期效益, and a key indicator's 重點指標, 衡量標準, 目標值, 權重 (and
the names agencies use for them, see COLUMNS).

Each row writes one or more items, each in its level's column. A blank cell left of a
row's first item continues the item above (as a merged cell does); a blank between two
items of a row skips a level (an uneven branch); the deadline, units and benefit belong
to the row's last item. A row with no item adds nothing; a row with only an indicator
attaches it to the item above.

The number in front of an item ("一、", "(一)", "1.", "1.1") is kept as written when the
plan keeps its numbers, and dropped when the plan numbers by level. Units are named as
the plan writes them, separated by spaces or commas; a note in brackets after a unit is
left out ("秘書室 (出納股)"); 各單位 means every unit.

`read_sheet` reads and checks without writing (the preview): it returns the tree it
understood and every problem of every row. `services.plan_import` writes it when nothing
is wrong. `export_rows` writes a plan so that it reads back as the same plan."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from minfu.core.sheets import SheetReadError, read_workbook
from minfu.plans import deadlines, indicators, numbering

ALL_UNITS = "各單位"
_UNIT_SPLIT = re.compile(r"[\s,，、;；]+")
_NOTE = re.compile(r"[（(][^）)]*[）)]")


class Column:
    DEADLINE = "deadline"
    UNITS = "units"
    BENEFIT = "benefit"
    INDICATOR = "indicator"
    DEFINITION = "definition"
    TARGET = "target"
    WEIGHT = "weight"


# The columns Minfu knows, the name it writes first, then the names agencies use.
COLUMNS = {
    Column.DEADLINE: ("完成期限", "完成期程", "辦理期限", "執行期限", "期限", "完成時間",
                      "辦理時間", "預定完成日期", "執行期程", "期程", "完成日期", "完期成限"),
    Column.UNITS: ("執行單位", "承辦單位", "主辦單位", "負責單位", "辦理單位", "權責單位",
                   "單位"),
    Column.BENEFIT: ("預期效益", "預期成效", "效益", "預期目標"),
    Column.INDICATOR: ("重點指標", "衡量指標", "績效指標", "關鍵績效指標", "指標名稱"),
    Column.DEFINITION: ("衡量標準", "指標定義", "計算方式", "衡量方式"),
    Column.TARGET: ("目標值", "年度目標值", "目標"),
    Column.WEIGHT: ("權重", "配分", "權數"),
}
ACTION_COLUMNS = (Column.DEADLINE, Column.UNITS, Column.BENEFIT)
INDICATOR_COLUMNS = (Column.INDICATOR, Column.DEFINITION, Column.TARGET, Column.WEIGHT)
HEADERS = {key: names[0] for key, names in COLUMNS.items()}
_COLUMN_OF = {name: key for key, names in COLUMNS.items() for name in names}
MAX_LEVELS = 10


@dataclass(frozen=True)
class RowError:
    row: int          # 1-based row of the sheet, as a spreadsheet program shows it
    column: str
    message: str


@dataclass(frozen=True)
class SheetAction:
    deadline: deadlines.Deadline
    unit_names: tuple[str, ...]
    all_units: bool
    expected_benefit: str = ""

    @property
    def deadline_label(self) -> str:
        return deadlines.label(self.deadline)

    @property
    def units_label(self) -> str:
        return " ".join([*self.unit_names, *([ALL_UNITS] if self.all_units else [])])


@dataclass(frozen=True)
class SheetIndicator:
    """A key indicator of the item: its target for the plan's year is a number with its
    unit (95%, 12件) or words (完成系統上線)."""

    name: str
    definition: str
    target: str
    weight: Decimal | None

    @property
    def unit_of_measure(self) -> str:
        return indicators.read_target(self.target)[1]


@dataclass
class SheetNode:
    row: int
    level: int
    number: str
    text: str
    action: SheetAction | None = None
    indicators: list[SheetIndicator] = field(default_factory=list)
    children: list[SheetNode] = field(default_factory=list)

    @property
    def numbered_text(self) -> str:
        return numbering.with_number(self.number, self.text)


@dataclass
class PlanSheet:
    """What a sheet says: the level names of its columns, the tree, and what is wrong
    (nothing is imported while there is an error) or worth a look (warnings)."""

    levels: list[str] = field(default_factory=list)
    # The numbering style of a level, where the numbers its column writes show it (一、).
    styles: dict[int, numbering.Style] = field(default_factory=dict)
    roots: list[SheetNode] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.roots)

    def nodes(self) -> list[SheetNode]:
        """Depth first, in sheet order."""
        found: list[SheetNode] = []

        def walk(nodes):
            for node in nodes:
                found.append(node)
                walk(node.children)

        walk(self.roots)
        return found

    @property
    def action_count(self) -> int:
        return sum(1 for node in self.nodes() if node.action is not None)


def _clean(value) -> str:
    return "" if value is None else str(value).strip()


def _header(value) -> str:
    """A column name as compared: full-width folded, no spaces ("完 成 期 限")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", _clean(value)))


@dataclass(frozen=True)
class _Layout:
    levels: list[str]
    known: dict[str, int]     # Column -> index
    names: list[str]          # every column's name as the sheet writes it


def _layout(header: list, sheet: PlanSheet) -> _Layout | None:
    names = [_header(cell) for cell in header]
    known: dict[str, int] = {}
    levels: list[str] = []
    for index, name in enumerate(names):
        key = _COLUMN_OF.get(name)
        if key is not None and key not in known:
            known[key] = index
        elif not known and name:
            levels.append(name)
        elif name:
            sheet.warnings.append(RowError(1, name, _("This column is not read.")))
    if not levels or len(levels) != next(iter(known.values()), len(levels)):
        sheet.errors.append(RowError(1, "", _(
            "The first row names the columns: the plan's levels first (e.g. 執行策略, 策略細項, "
            "具體推動做法), then %(known)s.") % {"known": ", ".join(HEADERS.values())}))
        return None
    if len(levels) > MAX_LEVELS:
        sheet.errors.append(RowError(1, "", _("A plan has at most %(max)d levels.")
                                     % {"max": MAX_LEVELS}))
        return None
    return _Layout(levels, known, names)


def read_sheet(content: bytes, filename: str, *, unit_names: set[str], year: int | None,
               keep_numbers: bool) -> PlanSheet:
    """Read and check a plan's sheet; `unit_names` are the names of the units (and unit
    groups) of the plan's organisation, `year` the plan's year (of deadlines written
    without one), `keep_numbers` whether numbers are kept as written."""
    sheet = PlanSheet()
    try:
        workbook, _multi = read_workbook(content, filename)
    except SheetReadError as error:
        sheet.errors.append(RowError(0, "", str(error)))
        return sheet
    rows = next(iter(workbook.values()), [])
    layout = _layout(rows[0], sheet) if rows else None
    if layout is None:
        if not rows:
            sheet.errors.append(RowError(0, "", _("The sheet is empty.")))
        return sheet
    sheet.levels = layout.levels
    _RowReader(sheet, layout, unit_names, year, keep_numbers).read(rows[1:])
    if not sheet.roots and not sheet.errors:
        sheet.errors.append(RowError(0, "", _("The sheet has no items.")))
    return sheet


class _RowReader:
    def __init__(self, sheet: PlanSheet, layout: _Layout, unit_names: set[str],
                 year: int | None, keep_numbers: bool):
        self.sheet, self.layout = sheet, layout
        self.unit_names, self.year, self.keep_numbers = unit_names, year, keep_numbers
        self.open: dict[int, SheetNode] = {}   # the item open at each level
        self.last: SheetNode | None = None      # the last row's item

    def read(self, rows: list[list]) -> None:
        for number, raw in enumerate(rows, start=2):
            cells = [_clean(cell) for cell in raw]
            if any(cells):
                self._row(number, cells)

    def _cell(self, cells: list[str], key: str) -> str:
        index = self.layout.known.get(key)
        return cells[index] if index is not None and index < len(cells) else ""

    def _name(self, key: str) -> str:
        return self.layout.names[self.layout.known[key]]

    def _row(self, row: int, cells: list[str]) -> None:
        items = [(level, cells[level]) for level in range(len(self.layout.levels))
                 if level < len(cells) and cells[level]]
        indicator = self._indicator(row, cells)
        if not items:
            if self.last is not None and indicator is not None and not any(
                    self._cell(cells, key) for key in ACTION_COLUMNS):
                self.last.indicators.append(indicator)   # another indicator of the item
                return
            self._error(row, self.layout.levels[0], _(
                "This row has a deadline, units, benefit or indicator but no item: write "
                "the item in its level's column."))
            return
        last = None
        for level, cell in items:
            last = self._item(row, level, cell)
            if last is None:
                self.last = None
                return
        last.action = self._action(row, cells)
        if indicator is not None:
            last.indicators.append(indicator)
        self.last = last

    def _indicator(self, row: int, cells: list[str]) -> SheetIndicator | None:
        name, definition, target, weight = (self._cell(cells, key) for key in INDICATOR_COLUMNS)
        if not (name or definition or target or weight):
            return None
        if not name:
            self._error(row, self._name(Column.INDICATOR) if Column.INDICATOR in
                        self.layout.known else "", _("Name the indicator."))
        number = None
        if weight:
            number, unit, _words = indicators.read_target(weight)
            if number is None or number < 0 or unit:
                self._error(row, self._name(Column.WEIGHT),
                            _("The weight is a number of 0 or more."))
                number = None
        if len(name) > 200 or len(target) > 200:
            self._error(row, self._name(Column.INDICATOR), _("The indicator is too long."))
        return SheetIndicator(name, definition, target, number)

    def _item(self, row: int, level: int, cell: str) -> SheetNode | None:
        parent_level = max((open_level for open_level in self.open if open_level < level),
                           default=None)
        if parent_level is None and level > 0:
            self._error(row, self.layout.levels[level], _(
                "There is no %(above)s above this item.") % {"above": self.layout.levels[0]})
            return None
        number, text = numbering.split_number(cell)
        style = numbering.style_of(number)
        if style is not None:
            self.sheet.styles.setdefault(level, style)
        node = SheetNode(row, level, number if self.keep_numbers else "", text)
        for open_level in [open_level for open_level in self.open if open_level >= level]:
            del self.open[open_level]
        self.open[level] = node
        siblings = (self.sheet.roots if parent_level is None
                    else self.open[parent_level].children)
        siblings.append(node)
        if len(node.number) > 20:
            self._error(row, self.layout.levels[level], _("The number is too long."))
        return node

    def _action(self, row: int, cells: list[str]) -> SheetAction | None:
        written = self._cell(cells, Column.DEADLINE)
        units_text = self._cell(cells, Column.UNITS)
        benefit = self._cell(cells, Column.BENEFIT)
        if not (written or units_text or benefit):
            return None
        deadline = deadlines.parse(written, year=self.year)
        if Column.DEADLINE in self.layout.known:
            column = self._name(Column.DEADLINE)
            if warning := deadlines.warning(deadline, year=self.year):
                self.sheet.warnings.append(RowError(row, column, warning))
            if len(deadline.wording) > 200:
                self._error(row, column, _("The deadline is too long."))
        names, all_units = parse_units(units_text)
        column = self._name(Column.UNITS) if Column.UNITS in self.layout.known else ""
        if not names and not all_units:
            self._error(row, column, _("Name at least one responsible unit."))
        for name in names:
            if name not in self.unit_names:
                self._error(row, column, _("There is no unit “%(name)s”.") % {"name": name})
        return SheetAction(deadline, tuple(names), all_units, benefit)

    def _error(self, row: int, column: str, message: str) -> None:
        self.sheet.errors.append(RowError(row, column, message))


def parse_units(text: str) -> tuple[list[str], bool]:
    """(unit names, whether 各單位 was written)."""
    names = [name for name in _UNIT_SPLIT.split(_NOTE.sub(" ", text or "")) if name]
    all_units = ALL_UNITS in names
    return list(dict.fromkeys(name for name in names if name != ALL_UNITS)), all_units


# Writing --------------------------------------------------------------------------------

def header_row(level_labels: list[str]) -> list[str]:
    return [*level_labels, *(HEADERS[key] for key in (*ACTION_COLUMNS, *INDICATOR_COLUMNS))]


def export_rows(level_labels: list[str], rows, indicators_of=None) -> list[list[str]]:
    """The sheet of a plan: its header, then one row per item in document order, the item
    in its level's column with its number as shown, its action's cells and its first key
    indicator; each further indicator of the item on a row of its own. `rows` are the
    plan's tree rows (selectors.flatten(plan_tree(plan))), `indicators_of(node)` the
    statuses of an item's indicators."""
    width = len(level_labels)
    table = [header_row(level_labels)]
    for row in rows:
        cells = [""] * width
        cells[row.level] = row.numbered_text
        action = row.action
        if action is None:
            cells += ["", "", ""]
        else:
            cells += [action.deadline_label, units_cell(action), action.expected_benefit]
        found = list(indicators_of(row.node)) if indicators_of else []
        table.append(cells + (_indicator_cells(found[0]) if found else ["", "", "", ""]))
        table.extend([""] * (width + 3) + _indicator_cells(status) for status in found[1:])
    return table


def _indicator_cells(status) -> list[str]:
    indicator = status.indicator
    weight = "" if indicator.weight is None else f"{indicator.weight.normalize():f}"
    return [indicator.name, indicator.definition, status.target_label, weight]


def units_cell(action) -> str:
    """The responsible party as the plan writes it: units, unit groups, 各單位."""
    names = [unit.name_zh for unit in action.responsible_units.all()]
    names += [group.name for group in action.responsible_groups.all()]
    return " ".join([*names, *([ALL_UNITS] if action.all_units else [])])
