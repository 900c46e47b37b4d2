"""The spreadsheet layout of the catalogue, for export and import. One sheet `services`
(a row per service type) and one sheet `documents` (a row per checklist item). The first
row holds the column names below; columns may come in any order and unknown ones are
ignored.

Reading checks everything that can be checked without the database (required cells,
numbers, choices, periods) and reports every problem with its sheet, row number and
column, so that staff can fix them all in one go. Names that need the database (units,
tags) are resolved by `services.service_types_import`."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from minfu.catalog.periods import norm_exceeds_period
from minfu.core.sheets import Cell, Rows, Workbook
from minfu.workcal.periods import Period, PeriodUnit

SERVICES_SHEET = "services"
DOCUMENTS_SHEET = "documents"

CHANNELS = ("online", "counter", "mail")
APPLICANT_KINDS = ("person", "business")
REQUIREMENTS = ("mandatory", "conditional")

SERVICE_COLUMNS = [
    "organisation", "code", "name_zh", "name_en", "description_zh", "description_en",
    "responsible_unit", "channels", "applicant_kinds", "legal_basis_zh", "legal_basis_en",
    "period_value", "period_unit", "norm_value", "norm_unit", "fee_amount", "fee_zh", "fee_en",
    "where_to_apply_zh", "where_to_apply_en", "topic_tag", "policy_tag", "service_tag",
    # Information only: import ignores them (a version's number and dates are the system's).
    "version", "status", "effective_from",
]
REQUIRED_SERVICE_COLUMNS = ["code", "name_zh", "responsible_unit", "channels",
                            "applicant_kinds", "period_value", "period_unit"]
DOCUMENT_COLUMNS = [
    "organisation", "service_code", "order", "name_zh", "name_en", "notes_zh", "notes_en",
    "requirement", "condition_zh", "condition_en", "fetched_by_agency",
]
REQUIRED_DOCUMENT_COLUMNS = ["service_code", "name_zh"]

_TRUE = {"1", "true", "yes", "y", "是", "v", "x"}
_FALSE = {"", "0", "false", "no", "n", "否"}


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class ServiceRow:
    row: int
    organisation: str
    code: str
    name_zh: str
    name_en: str
    description_zh: str
    description_en: str
    responsible_unit: str
    channels: tuple[str, ...]
    applicant_kinds: tuple[str, ...]
    legal_basis_zh: str
    legal_basis_en: str
    period_value: int
    period_unit: str
    norm_value: int | None
    norm_unit: str
    fee_amount: int | None
    fee_zh: str
    fee_en: str
    where_to_apply_zh: str
    where_to_apply_en: str
    topic_tag: str
    policy_tag: str
    service_tag: str


@dataclass
class DocumentRow:
    row: int
    service_code: str
    order: int
    name_zh: str
    name_en: str
    notes_zh: str
    notes_en: str
    requirement: str
    condition_zh: str
    condition_en: str
    fetched_by_agency: bool


@dataclass
class ParsedWorkbook:
    services: list[ServiceRow] = field(default_factory=list)
    # None when the file had no documents sheet (a CSV): checklists stay as they are.
    documents: dict[str, list[DocumentRow]] | None = None
    errors: list[RowError] = field(default_factory=list)
    services_sheet: str = SERVICES_SHEET

    @property
    def ok(self) -> bool:
        return not self.errors


# Reading --------------------------------------------------------------------------------

def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _RowReader:
    """Reads one row's cells by column name, collecting errors instead of stopping."""

    def __init__(self, sheet: str, number: int, header: dict[str, int], cells: list[Cell],
                 errors: list[RowError]):
        self.sheet, self.number, self.header, self.cells = sheet, number, header, cells
        self.errors = errors

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.sheet, self.number, column, message))

    def text(self, column: str, *, required: bool = False) -> str:
        index = self.header.get(column)
        value = _text(self.cells[index]) if index is not None and index < len(self.cells) else ""
        if required and not value:
            self.error(column, _("This cell must not be empty."))
        return value

    def integer(self, column: str, *, required: bool = False, minimum: int = 0) -> int | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            number = int(value.replace(",", ""))
        except ValueError:
            self.error(column, _("“%(value)s” is not a whole number.") % {"value": value})
            return None
        if number < minimum:
            self.error(column, _("The number must be at least %(minimum)d.") % {"minimum": minimum})
            return None
        return number

    def choice(self, column: str, choices: Iterable[str], *, required: bool = False) -> str:
        value = self.text(column, required=required).lower()
        if value and value not in choices:
            self.error(column, _("“%(value)s” is not one of: %(choices)s.")
                       % {"value": value, "choices": ", ".join(choices)})
            return ""
        return value

    def choices(self, column: str, choices: tuple[str, ...]) -> tuple[str, ...]:
        raw = self.text(column, required=True)
        parts = [part.strip().lower() for part in
                 raw.replace("、", ",").replace(";", ",").replace(" ", ",").split(",")]
        values = [part for part in parts if part]
        unknown = [value for value in values if value not in choices]
        if unknown:
            self.error(column, _("“%(value)s” is not one of: %(choices)s.")
                       % {"value": ", ".join(unknown), "choices": ", ".join(choices)})
        elif raw and not values:
            self.error(column, _("This cell must not be empty."))
        return tuple(value for value in choices if value in values)

    def boolean(self, column: str) -> bool:
        value = self.text(column).lower()
        if value in _TRUE:
            return True
        if value not in _FALSE:
            self.error(column, _("Write yes or no."))
        return False


def _header(sheet: str, rows: Rows, required: list[str], errors: list[RowError]) -> dict[str, int]:
    names = [_text(cell).lower() for cell in (rows[0] if rows else [])]
    header = {name: index for index, name in reversed(list(enumerate(names))) if name}
    for column in required:
        if column not in header:
            errors.append(RowError(sheet, 1, column, _("The column is missing.")))
    return header


def _data_rows(rows: Rows) -> Iterable[tuple[int, list[Cell]]]:
    for index, cells in enumerate(rows[1:], start=2):
        if any(_text(cell) for cell in cells):
            yield index, cells


def _read_service(reader: _RowReader) -> ServiceRow:
    period_value = reader.integer("period_value", required=True, minimum=1)
    period_unit = reader.choice("period_unit", [unit.value for unit in PeriodUnit], required=True)
    norm_value = reader.integer("norm_value", minimum=1)
    norm_unit = reader.choice("norm_unit", [unit.value for unit in PeriodUnit])
    if (norm_value is None) != (not norm_unit):
        reader.error("norm_unit" if norm_value else "norm_value",
                     _("Give both the service norm and its unit, or neither."))
    elif norm_value and period_value and period_unit and norm_exceeds_period(
            Period(norm_value, PeriodUnit(norm_unit)), Period(period_value, PeriodUnit(period_unit))):
        reader.error("norm_value", _("The service norm is longer than the legal processing period."))
    return ServiceRow(
        row=reader.number,
        organisation=reader.text("organisation"),
        code=reader.text("code", required=True),
        name_zh=reader.text("name_zh", required=True),
        name_en=reader.text("name_en"),
        description_zh=reader.text("description_zh"),
        description_en=reader.text("description_en"),
        responsible_unit=reader.text("responsible_unit", required=True),
        channels=reader.choices("channels", CHANNELS),
        applicant_kinds=reader.choices("applicant_kinds", APPLICANT_KINDS),
        legal_basis_zh=reader.text("legal_basis_zh"),
        legal_basis_en=reader.text("legal_basis_en"),
        period_value=period_value or 0,
        period_unit=period_unit,
        norm_value=norm_value,
        norm_unit=norm_unit,
        fee_amount=reader.integer("fee_amount"),
        fee_zh=reader.text("fee_zh"),
        fee_en=reader.text("fee_en"),
        where_to_apply_zh=reader.text("where_to_apply_zh"),
        where_to_apply_en=reader.text("where_to_apply_en"),
        topic_tag=reader.text("topic_tag"),
        policy_tag=reader.text("policy_tag"),
        service_tag=reader.text("service_tag"),
    )


def _read_document(reader: _RowReader, position: int) -> DocumentRow:
    requirement = reader.choice("requirement", REQUIREMENTS) or "mandatory"
    condition_zh = reader.text("condition_zh")
    if requirement == "conditional" and not condition_zh:
        reader.error("condition_zh", _("Say when a conditional document is needed."))
    order = reader.integer("order")
    return DocumentRow(
        row=reader.number,
        service_code=reader.text("service_code", required=True),
        order=position if order is None else order,
        name_zh=reader.text("name_zh", required=True),
        name_en=reader.text("name_en"),
        notes_zh=reader.text("notes_zh"),
        notes_en=reader.text("notes_en"),
        requirement=requirement,
        condition_zh=condition_zh,
        condition_en=reader.text("condition_en"),
        fetched_by_agency=reader.boolean("fetched_by_agency"),
    )


def _pick_sheets(workbook: Workbook) -> tuple[str, Rows, str | None, Rows | None]:
    names = list(workbook)
    services_name = SERVICES_SHEET if SERVICES_SHEET in workbook else (names[0] if names else SERVICES_SHEET)
    documents_name = DOCUMENTS_SHEET if DOCUMENTS_SHEET in workbook else next(
        (name for name in names if name != services_name), None)
    return (services_name, workbook.get(services_name, []), documents_name,
            workbook.get(documents_name) if documents_name else None)


def parse_workbook(workbook: Workbook, *, organisation_code: str, multi_sheet: bool) -> ParsedWorkbook:
    """Read the services (and, from a multi-sheet file, the documents) of one
    organisation. A multi-sheet file's documents sheet is authoritative for the services
    it names: a service with no rows there gets an empty checklist."""
    parsed = ParsedWorkbook()
    services_name, service_rows, documents_name, document_rows = _pick_sheets(workbook)
    parsed.services_sheet = services_name
    header = _header(services_name, service_rows, REQUIRED_SERVICE_COLUMNS, parsed.errors)
    if parsed.errors:
        return parsed
    seen: dict[str, int] = {}
    for number, cells in _data_rows(service_rows):
        reader = _RowReader(services_name, number, header, cells, parsed.errors)
        service = _read_service(reader)
        if service.organisation and service.organisation != organisation_code:
            reader.error("organisation", _("The row belongs to organisation %(code)s, not %(expected)s.")
                         % {"code": service.organisation, "expected": organisation_code})
        if service.code in seen:
            reader.error("code", _("The code %(code)s is already used on row %(row)d.")
                         % {"code": service.code, "row": seen[service.code]})
        elif service.code:
            seen[service.code] = number
        parsed.services.append(service)
    if not parsed.services and not parsed.errors:
        parsed.errors.append(RowError(services_name, 2, "code", _("The sheet has no service rows.")))
    if multi_sheet:
        parsed.documents = _parse_documents(documents_name, document_rows, seen, parsed.errors)
    return parsed


def _parse_documents(sheet: str | None, rows: Rows | None, service_codes: dict[str, int],
                     errors: list[RowError]) -> dict[str, list[DocumentRow]]:
    documents: dict[str, list[DocumentRow]] = {code: [] for code in service_codes}
    if not sheet or not rows:
        return documents
    header = _header(sheet, rows, REQUIRED_DOCUMENT_COLUMNS, errors)
    if any(error.sheet == sheet for error in errors):
        return documents
    for number, cells in _data_rows(rows):
        reader = _RowReader(sheet, number, header, cells, errors)
        code = reader.text("service_code")
        document = _read_document(reader, position=len(documents.get(code, [])) + 1)
        if document.service_code and document.service_code not in service_codes:
            reader.error("service_code", _("No service with the code %(code)s is in the services sheet.")
                         % {"code": document.service_code})
            continue
        documents.setdefault(document.service_code, []).append(document)
    return documents


# Writing --------------------------------------------------------------------------------

def _tag_code(tag) -> str:
    return tag.code if tag is not None else ""


def service_row(version) -> list[Cell]:
    """The services-sheet row of a version (with its service type, organisation, unit and
    tags already loaded)."""
    service_type = version.service_type
    values = {
        "organisation": service_type.organisation.code,
        "code": service_type.code,
        "name_zh": version.name_zh, "name_en": version.name_en,
        "description_zh": version.description_zh, "description_en": version.description_en,
        "responsible_unit": version.responsible_unit.code,
        "channels": ",".join(version.channels),
        "applicant_kinds": ",".join(version.applicant_kinds),
        "legal_basis_zh": version.legal_basis_zh, "legal_basis_en": version.legal_basis_en,
        "period_value": version.period_value, "period_unit": version.period_unit,
        "norm_value": version.norm_value, "norm_unit": version.norm_unit,
        "fee_amount": version.fee_amount, "fee_zh": version.fee_zh, "fee_en": version.fee_en,
        "where_to_apply_zh": version.where_to_apply_zh,
        "where_to_apply_en": version.where_to_apply_en,
        "topic_tag": _tag_code(version.topic_tag),
        "policy_tag": _tag_code(version.policy_tag),
        "service_tag": _tag_code(version.service_tag),
        "version": version.number, "status": version.status,
        "effective_from": version.effective_from.isoformat() if version.effective_from else "",
    }
    return [values[column] for column in SERVICE_COLUMNS]


def document_row(version, document) -> list[Cell]:
    values = {
        "organisation": version.service_type.organisation.code,
        "service_code": version.service_type.code,
        "order": document.order,
        "name_zh": document.name_zh, "name_en": document.name_en,
        "notes_zh": document.notes_zh, "notes_en": document.notes_en,
        "requirement": document.requirement,
        "condition_zh": document.condition_zh, "condition_en": document.condition_en,
        "fetched_by_agency": "yes" if document.fetched_by_agency else "no",
    }
    return [values[column] for column in DOCUMENT_COLUMNS]


def build_workbook(versions: Iterable) -> Workbook:
    """Both sheets for the given versions (documents prefetched)."""
    services: Rows = [list(SERVICE_COLUMNS)]
    documents: Rows = [list(DOCUMENT_COLUMNS)]
    for version in versions:
        services.append(service_row(version))
        documents.extend(document_row(version, document) for document in version.documents.all())
    return {SERVICES_SHEET: services, DOCUMENTS_SHEET: documents}
