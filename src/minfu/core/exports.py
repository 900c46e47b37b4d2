"""Downloads. `file_download(record)` serves an uploaded file through an access-checked
view; one way to download a table: `table_download(fmt, ...)` answers CSV (UTF-8 with BOM,
for Excel), XLSX or ODS with a Content-Disposition that keeps a Chinese file name. Every
export page of every app uses it, with `?format=csv|xlsx|ods`."""

from collections.abc import Sequence
from pathlib import PurePosixPath

from django.http import FileResponse, HttpResponse
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


def file_download(record) -> FileResponse:
    """A stored upload (any record with `file`, `original_name`, `content_type`) as an
    attachment of the type it was checked to be, never sniffed or shown inline by the
    browser. Uploads live under MEDIA_ROOT but are never served from MEDIA_URL: only
    through views that first check who may see the record they belong to."""
    response = FileResponse(record.file.open("rb"), as_attachment=True,
                            filename=download_name(record.original_name, record.file.name),
                            content_type=record.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def download_name(display: str, stored: str) -> str:
    """The name a download is saved as: the name the file came with, its extension that
    of the stored file (the type its content was checked to be), so that a file saved
    from the browser opens as what it is: `poly.pdf.html` holding a PDF saves as
    `poly.pdf.pdf`."""
    display = display or "document"
    extension = PurePosixPath(stored).suffix
    if not extension or PurePosixPath(display).suffix.lower() == extension.lower():
        return display
    return PurePosixPath(display).stem + extension
