"""The files of one publication, from a dataset's metadata and tables. Pure: no ORM, no
storage; `services.dataset_publish` stores what this returns.

- one CSV per table (UTF-8 without a byte-order mark, RFC 4180, comma, CRLF; empty for
  none; booleans `true`/`false`), as the Frictionless specifications expect;
- `datapackage.json`: a Tabular Data Package whose resources are those CSV files, each
  with its Table Schema (field names, types, titles, descriptions), the licence, the
  provider and the contact;
- `<slug>.json`: the same tables as JSON ({"dataset", "published_on", "tables":
  {name: [{field: value}]}}) and `<slug>.ods`: one sheet per table, headed by the field
  titles."""

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass

from minfu.core.sheets import write_ods
from minfu.opendata import registry

MEDIA_TYPES = {"csv": "text/csv", "json": "application/json",
               "ods": "application/vnd.oasis.opendocument.spreadsheet"}
DATAPACKAGE = "datapackage.json"


@dataclass(frozen=True)
class Metadata:
    slug: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    provider: str
    contact_name: str
    contact_phone: str
    contact_email: str
    frequency: str
    keywords: tuple[str, ...]
    note: str = ""


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return registry.as_cell(value)


def table_csv(table: registry.Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([one.name for one in table.spec.fields])
    for row in table.rows:
        writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _schema(spec: registry.TableSpec) -> dict:
    schema = {"fields": [{"name": one.name, "type": one.type,
                          "title": f"{one.title_zh} {one.title_en}".strip(),
                          "description": " / ".join(
                              text for text in (one.description_zh, one.description_en)
                              if text)}
                         for one in spec.fields],
              "missingValues": [""]}
    if spec.primary_key:
        schema["primaryKey"] = list(spec.primary_key)
    return schema


def datapackage(meta: Metadata, tables: list[registry.Table], csvs: dict[str, bytes], *,
                published_at: dt.datetime) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": meta.slug,
        "title": meta.title_zh,
        "description": "\n\n".join(text for text in (meta.description_zh, meta.description_en,
                                                      meta.note) if text),
        "version": published_at.date().isoformat(),
        "created": published_at.isoformat(timespec="seconds"),
        "keywords": list(meta.keywords),
        "licenses": [{"name": "OGDL-Taiwan-1.0", "path": registry.LICENCE_URL,
                      "title": f"{registry.LICENCE_ZH} ({registry.LICENCE_EN})"}],
        "contributors": [{"title": meta.provider, "role": "publisher"},
                         {"title": meta.contact_name, "email": meta.contact_email,
                          "role": "maintainer"}],
        "resources": [{
            "name": table.spec.name,
            "path": f"{table.spec.name}.csv",
            "profile": "tabular-data-resource",
            "title": f"{table.spec.title_zh} {table.spec.title_en}".strip(),
            "format": "csv",
            "mediatype": MEDIA_TYPES["csv"],
            "encoding": "utf-8",
            "bytes": len(csvs[table.spec.name]),
            "hash": hashlib.md5(csvs[table.spec.name], usedforsecurity=False).hexdigest(),
            "dialect": {"delimiter": ",", "header": True},
            "schema": _schema(table.spec),
        } for table in tables],
    }


def _json_value(value: object) -> object:
    return registry.as_cell(value)


def build_files(meta: Metadata, tables: list[registry.Table], *,
                published_at: dt.datetime) -> tuple[dict[str, bytes], str]:
    """({file name: content}, digest of the data). The digest covers the CSV files only,
    so the same data published twice has the same digest."""
    for table in tables:
        registry.check_rows(table)
    csvs = {table.spec.name: table_csv(table) for table in tables}
    digest = hashlib.sha256()
    for name in sorted(csvs):
        digest.update(name.encode() + b"\0" + csvs[name])
    files = {f"{name}.csv": content for name, content in csvs.items()}
    files[DATAPACKAGE] = json.dumps(datapackage(meta, tables, csvs, published_at=published_at),
                                    ensure_ascii=False, indent=2).encode("utf-8")
    files[f"{meta.slug}.json"] = json.dumps({
        "dataset": meta.slug, "title": meta.title_zh,
        "published_on": published_at.date().isoformat(),
        "tables": {table.spec.name: [
            {one.name: _json_value(value) for one, value in zip(table.spec.fields, row,
                                                                 strict=True)}
            for row in table.rows] for table in tables},
    }, ensure_ascii=False, indent=2).encode("utf-8")
    files[f"{meta.slug}.ods"] = write_ods({
        table.spec.name[:31]: [[one.title_zh for one in table.spec.fields],
                               [one.name for one in table.spec.fields],
                               *[[_csv_value(value) if isinstance(value, bool | dt.date)
                                  else value for value in row] for row in table.rows]]
        for table in tables})
    return files, digest.hexdigest()


def format_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower()


def media_type(name: str) -> str:
    return MEDIA_TYPES.get(format_of(name), "application/octet-stream")


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
