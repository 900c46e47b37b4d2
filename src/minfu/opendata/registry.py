"""The registry of dataset kinds: what each kind of dataset holds and the function that
builds its tables. No ORM here.

A kind is a `DatasetKind` value in the `DATASETS` list of a module named in the setting
`MINFU_OPEN_DATA_MODULES` (the performance statistics, the service catalogue, the
processing-period table and the execution plan are in `minfu.opendata.kinds`). Its
`build(organisation, today)` returns `Table`s whose rows follow the declared fields; the
publication turns them into a Frictionless Data Package (one CSV per table and
`datapackage.json` with the table schemas), a JSON file and an ODS workbook. A builder
applies the small-number protection (`disclosure`) itself to every count of people it
writes. Adding a kind: see docs/open-data.md."""

import datetime as dt
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings

# The same for every dataset: the national platform's licence, fee and encoding.
LICENCE_ZH = "政府資料開放授權條款－第1版"
LICENCE_EN = "Open Government Data License, Taiwan, version 1.0"
LICENCE_URL = "https://data.gov.tw/license"
FEE_ZH = "免費"
FEE_EN = "Free"
ENCODING = "UTF-8"
FORMATS = ("CSV", "JSON", "ODS")

# Table Schema field types used here (https://specs.frictionlessdata.io/table-schema/).
TYPES = ("string", "integer", "number", "boolean", "date", "yearmonth")


@dataclass(frozen=True)
class Field:
    name: str           # column name, ASCII snake_case
    type: str           # a Table Schema type (TYPES)
    title_zh: str
    title_en: str
    description_zh: str = ""
    description_en: str = ""

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"field {self.name}: unknown type {self.type}")


@dataclass(frozen=True)
class TableSpec:
    name: str           # resource name and CSV file name, lower-case with - or _
    title_zh: str
    title_en: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    spec: TableSpec
    rows: Sequence[Sequence[object]]  # one value per field, None for empty


@dataclass(frozen=True)
class DatasetKind:
    code: str
    slug: str           # the dataset's slug is "<organisation code>-<slug>"
    title_zh: str       # "{organisation}" is replaced by the organisation's name
    title_en: str
    description_zh: str
    description_en: str
    tables: tuple[TableSpec, ...]
    build: Callable[..., list[Table]]  # build(organisation, today) -> tables, in order
    frequency: str = "monthly"
    keywords_zh: str = ""
    keywords_en: str = ""
    note_zh: str = ""   # said on the page and in datapackage.json (e.g. the protection)
    note_en: str = ""
    applies: Callable[..., bool] = field(default=lambda organisation: True)


@cache
def kinds() -> dict[str, DatasetKind]:
    found: dict[str, DatasetKind] = {}
    for module_name in settings.MINFU_OPEN_DATA_MODULES:
        for kind in importlib.import_module(module_name).DATASETS:
            if kind.code in found:
                raise ValueError(f"dataset kind {kind.code} is defined twice")
            found[kind.code] = kind
    return found


def kind(code: str) -> DatasetKind:
    """KeyError for an unknown code."""
    return kinds()[code]


def check_rows(table: Table) -> None:
    """A builder's rows have one value per declared field (ValueError otherwise)."""
    width = len(table.spec.fields)
    for number, row in enumerate(table.rows, start=1):
        if len(row) != width:
            raise ValueError(f"{table.spec.name} row {number}: {len(row)} values, "
                             f"{width} fields")


def as_cell(value: object) -> object:
    """A value as the CSV, JSON and ODS files write it (dates ISO, None empty)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
