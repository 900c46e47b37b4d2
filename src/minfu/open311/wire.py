"""GeoReport v2 on the wire, without the ORM: answers as JSON or XML from one value tree,
the specification's error list, and its W3C datetimes.

A value tree is made of dicts (elements in order), lists (repeated elements: the item
tag is `ITEM_TAGS[parent tag]`), strings, numbers, booleans (`true`/`false`) and None (an
empty element in XML, null in JSON)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from decimal import Decimal
from xml.etree import ElementTree

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
ITEM_TAGS = {
    "services": "service", "service_requests": "request", "attributes": "attribute",
    "values": "value", "endpoints": "endpoint", "formats": "format", "errors": "error",
}
MAX_RANGE = dt.timedelta(days=90)

# W3C datetime (a profile of ISO 8601): a day, or a day and time with seconds, optional
# fractions and a zone (Z or ±hh:mm). Without a zone, the server's (Asia/Taipei).
_W3C = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$")


class BadDatetime(ValueError):
    """Not a W3C datetime."""


def parse_datetime(text: str, tz: dt.tzinfo) -> dt.datetime:
    """An aware datetime from a W3C datetime string; a day alone is its midnight."""
    text = text.strip()
    if not _W3C.match(text):
        raise BadDatetime(text)
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if value.tzinfo is None:
            value = value.replace(tzinfo=tz)
        value.astimezone(dt.UTC)  # a moment out of range fails here, not later
    except (ValueError, OverflowError) as error:
        raise BadDatetime(text) from error
    return value


def format_datetime(value: dt.datetime | None, tz: dt.tzinfo) -> str | None:
    """2010-04-14T06:37:38+08:00: the moment in the server's zone, to the second."""
    if value is None:
        return None
    return value.astimezone(tz).replace(microsecond=0).isoformat()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _append(parent: ElementTree.Element, tag: str, value) -> None:
    element = ElementTree.SubElement(parent, tag)
    _fill(element, tag, value)


def _fill(element: ElementTree.Element, tag: str, value) -> None:
    if isinstance(value, Mapping):
        for key, child in value.items():
            _append(element, key, child)
    elif isinstance(value, (list, tuple)):
        item_tag = ITEM_TAGS.get(tag, "item")
        for child in value:
            _append(element, item_tag, child)
    else:
        element.text = _text(value)


def to_xml(root: str, value) -> bytes:
    element = ElementTree.Element(root)
    _fill(element, root, value)
    return ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value).__name__)


def to_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, default=_json_default).encode()


def render(fmt: str, root: str, value) -> bytes:
    """The answer's body: `value` as JSON, or as XML under the element `root`."""
    return to_json(value) if fmt == "json" else to_xml(root, value)


def error_list(status: int, descriptions: list[str]) -> list[dict]:
    """The specification's error body: one {code, description} per problem."""
    return [{"code": status, "description": description} for description in descriptions]


def details_descriptions(message: str, details: Mapping | None) -> list[str]:
    """A domain error as error descriptions: one per field problem (`field: problem`),
    else its message."""
    descriptions = []
    for field, problems in (details or {}).items():
        if isinstance(problems, (list, tuple)):
            descriptions.extend(f"{field}: {problem}" for problem in problems)
        elif isinstance(problems, str):
            descriptions.append(f"{field}: {problems}")
    return descriptions or [message]
