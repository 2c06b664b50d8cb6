"""Open311 GeoReport v2 bodies in its two formats.

XML as the specification's examples: a UTF-8 declaration, no namespace, list elements
named after their items (`<services><service>…`); JSON by the Spark convention the
specification derives it from, so a list element becomes an array and its item elements
disappear. `None` is an empty element in XML and `null` in JSON; booleans are
`true`/`false` in both.
"""

from datetime import datetime
from typing import Any
from xml.etree import ElementTree

import orjson
from django.http import HttpResponse

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"

# List element → its items' element.
ITEMS = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return w3c(value)
    return str(value)


def w3c(moment: datetime) -> str:
    """W3C date-time with its zone, e.g. 2026-12-06T09:15:00+07:00."""
    return moment.isoformat(timespec="seconds")


def _element(tag: str, value: Any) -> ElementTree.Element:
    element = ElementTree.Element(tag)
    if isinstance(value, dict):
        for key, child in value.items():
            element.append(_element(key, child))
    elif isinstance(value, list):
        for child in value:
            element.append(_element(ITEMS[tag], child))
    else:
        element.text = _text(value)
    return element


def xml_bytes(root: str, body: Any) -> bytes:
    tree = ElementTree.tostring(_element(root, body), encoding="unicode")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tree.encode()


def _other(value: Any) -> str:
    return str(value)  # lazy translations


# orjson writes an aware datetime as W3C with its offset, as `w3c` does: in C, so a page of
# 1 000 requests is not walked in Python first (bench/README.md, Open311).
JSON_OPTIONS = orjson.OPT_OMIT_MICROSECONDS


def respond(fmt: str, root: str, body: Any, status: int = 200) -> HttpResponse:
    """`body` as the JSON (the list itself for list roots) or the XML rooted at `root`."""
    if fmt == "xml":
        return HttpResponse(xml_bytes(root, body), content_type=XML_TYPE, status=status)
    content = orjson.dumps(body, default=_other, option=JSON_OPTIONS)
    return HttpResponse(content, content_type=JSON_TYPE, status=status)


def error(fmt: str, status: int, description: str) -> HttpResponse:
    """The specification's error body: `<errors><error><code/><description/>…`."""
    return respond(fmt, "errors", [{"code": status, "description": description}], status)
