"""One way to download a table: `table_download(fmt, ...)` answers CSV (UTF-8 with BOM,
for Excel), XLSX or ODS with a Content-Disposition that keeps a Chinese file name. Every
export page of every app uses it, with `?format=csv|xlsx|ods`."""

from collections.abc import Sequence

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from minfu.core.errors import ValidationFailed
from minfu.core.sheets import Cell, write_csv, write_ods, write_xlsx

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def table_download(fmt: str, *, filename: str, sheet: str, header: Sequence[str],
                   rows: Sequence[Sequence[Cell]]) -> HttpResponse:
    """`filename` without extension; `sheet` names the XLSX/ODS sheet."""
    if fmt not in FORMATS:
        raise ValidationFailed(_("Unknown export format; use csv, xlsx or ods."),
                               code="unknown_format")
    table = [list(header), *[list(row) for row in rows]]
    if fmt == "csv":
        content = write_csv(table)
    elif fmt == "xlsx":
        content = write_xlsx({sheet: table})
    else:
        content = write_ods({sheet: table})
    return attachment(content, content_type=FORMATS[fmt], filename=f"{filename}.{fmt}")
