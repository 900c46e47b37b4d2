"""Read and write plain tables as CSV, XLSX (openpyxl) and ODS (odfpy). A workbook is a
dict of sheet name to rows, a row a list of cell values (str, int, float or None). No ORM.

Reading is defensive because the files come from people: an unreadable file raises
SheetReadError with a message fit to show them. Writing is defensive for the same reason:
the text in the cells was typed by staff and citizens, so no cell is ever written as a
formula (`=HYPERLINK(...)` stays text) and control characters, which XML cannot hold,
are left out instead of breaking the file (minfu.core.text)."""

import csv
import io
import zipfile
from collections.abc import Sequence

from django.utils.translation import gettext as _

from minfu.core.text import without_control_characters

Cell = str | int | float | None
Rows = list[list[Cell]]
Workbook = dict[str, Rows]

# A LibreOffice sheet "repeats" its trailing empty rows and columns up to the sheet's
# limits; no sheet people upload here (service types, plan actions) needs more.
MAX_ROWS = 5000
MAX_COLUMNS = 100


# What a spreadsheet program runs as a formula when it opens a CSV file ("CSV
# injection"): text starting with one of these is written with a leading apostrophe,
# which the programs read as "this cell is text" and which read_csv takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


class SheetReadError(ValueError):
    pass


def _written(value: Cell) -> Cell:
    """XML, so XLSX and ODS, cannot hold control characters: openpyxl refuses them and
    odfpy writes a file that does not open. Rows stored before input refused them (or
    read from a CSV file) still export."""
    return without_control_characters(value) if isinstance(value, str) else value


def _plain(value) -> Cell:
    if value is None or isinstance(value, str | int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    return str(value)


def _trim(rows: Rows) -> Rows:
    """Drop trailing empty cells and rows so that every format reads back the same."""
    trimmed = []
    for row in rows:
        row = list(row)
        while row and row[-1] in (None, ""):
            row.pop()
        trimmed.append(row)
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return trimmed


# CSV ------------------------------------------------------------------------------------

def write_csv(rows: Sequence[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_text(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_MARK + value
    return value


def _csv_read(cell: str) -> str | None:
    if cell == "":
        return None
    if cell.startswith(TEXT_MARK) and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def read_csv(data: bytes) -> Rows:
    """UTF-8 (with or without BOM), or Big5/cp950 as saved by older Excel."""
    for encoding in ("utf-8-sig", "cp950"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetReadError(_("The CSV file is neither UTF-8 nor Big5 text."))
    try:
        rows = [[_csv_read(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as error:
        raise SheetReadError(_("The CSV file could not be read: %(error)s") % {"error": error}) from error
    return _trim(rows[:MAX_ROWS])


# XLSX -----------------------------------------------------------------------------------

def write_xlsx(workbook: Workbook) -> bytes:
    from openpyxl import Workbook as XlsxWorkbook
    from openpyxl.styles import Font

    book = XlsxWorkbook()
    book.remove(book.active)
    for name, rows in workbook.items():
        sheet = book.create_sheet(title=name[:31])
        for row in rows:
            sheet.append([_written(value) for value in row])
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":  # openpyxl takes text starting with "=" for one
                    cell.data_type = "s"
        if rows:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_xlsx(data: bytes) -> Workbook:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SheetReadError(_("The file is not a readable XLSX workbook.")) from error
    workbook: Workbook = {}
    try:
        for sheet in book.worksheets:
            rows = []
            for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS, max_col=MAX_COLUMNS):
                rows.append([_plain(value) for value in row])
            workbook[sheet.title] = _trim(rows)
    finally:
        book.close()
    return workbook


# ODS ------------------------------------------------------------------------------------

def write_ods(workbook: Workbook) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for name, rows in workbook.items():
        table = Table(name=name)
        for row in rows:
            table_row = TableRow()
            for value in row:
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=str(value)))
                else:
                    cell = TableCell(valuetype="string")
                    for line in ("" if value is None else _written(str(value))).split("\n"):
                        cell.addElement(P(text=line))
                table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _ods_cell_value(cell) -> Cell:
    from odf import teletype
    from odf.text import P

    value_type = cell.getAttribute("valuetype")
    if value_type in ("float", "percentage", "currency"):
        return _plain(float(cell.getAttribute("value")))
    if value_type == "boolean":
        return cell.getAttribute("booleanvalue")
    if value_type == "date":
        return cell.getAttribute("datevalue")
    text = "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))
    return text if text != "" else None


def read_ods(data: bytes) -> Workbook:
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    try:
        document = load(io.BytesIO(data))
    except Exception as error:  # odfpy raises anything from zipfile to xml.sax errors
        raise SheetReadError(_("The file is not a readable ODS spreadsheet.")) from error
    workbook: Workbook = {}
    for table in document.spreadsheet.getElementsByType(Table):
        rows: Rows = []
        for table_row in table.getElementsByType(TableRow):
            cells: list[Cell] = []
            for cell in table_row.getElementsByType(TableCell):
                repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
                value = _ods_cell_value(cell)
                cells.extend([value] * min(repeat, MAX_COLUMNS - len(cells)))
                if len(cells) >= MAX_COLUMNS:
                    break
            repeat = int(table_row.getAttribute("numberrowsrepeated") or 1)
            rows.extend(list(cells) for _copy in range(min(repeat, MAX_ROWS - len(rows))))
            if len(rows) >= MAX_ROWS:
                break
        workbook[table.getAttribute("name")] = _trim(rows)
    return workbook


def read_workbook(data: bytes, filename: str) -> tuple[Workbook, bool]:
    """Read by file extension. Returns the workbook and whether the format holds several
    sheets (a CSV file holds one: it is read as the first sheet)."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return read_xlsx(data), True
    if name.endswith(".ods"):
        return read_ods(data), True
    if name.endswith(".csv"):
        return {"csv": read_csv(data)}, False
    raise SheetReadError(_("Upload an .xlsx, .ods or .csv file."))
