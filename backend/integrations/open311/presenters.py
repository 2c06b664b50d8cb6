"""Our complaints and categories as Open311 services and service requests.

Privacy extension (docs/open311.md): the specification would publish every request's
description, address, coordinates and media to anyone. Here a public read shows only the
code, service, status, dates, expected date and the agency; the description and location
go only to an application holding `complaints:read` over the complaint's desa, and never
a reporter's name or contact, which no field of the specification carries anyway.
"""

from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Position
from common.api import choice_labels
from complaints.models import Category, Kind, Level
from complaints.state import Status
from regions.models import Region

# Closed in Open311's two-state view: nothing more will be done by the desa (a duplicate is
# answered through its first report; a forwarded one by the office it went to).
CLOSED = frozenset({Status.CLOSED, Status.REJECTED, Status.DUPLICATE, Status.FORWARDED})

# The attributes every service takes (the service definition), with their choices.
ATTRIBUTES = [
    ("kind", Kind, gettext_lazy("What kind of report is this?")),
    ("urgency", Level, gettext_lazy("How urgent is it?")),
]


def service(category: Category) -> dict:
    return {
        "service_code": category.slug,
        "service_name": category.name,
        "description": category.name,
        "metadata": True,  # kind and urgency: see `service_definition`
        "type": "realtime",
        "keywords": category.slug.replace("-", ", "),
        "group": category.desa.name,
    }


def service_definition(category: Category) -> dict:
    attributes = []
    for order, (code, choices, question) in enumerate(ATTRIBUTES, start=1):
        attributes.append(
            {
                "variable": True,
                "code": code,
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": None,
                "order": order,
                "description": str(question),
                "values": [{"key": key, "name": str(name)} for key, name in choices.choices],
            }
        )
    return {"service_code": category.slug, "attributes": attributes}


def _agency(row: dict, desa: Region) -> str:
    if row["assigned_position"]:
        return choice_labels(Position).get(row["assigned_position"], "")
    return _("Village government of %(desa)s") % {"desa": desa.name}


def _status_notes(row: dict, status_labels: dict[str, str]) -> str:
    label = status_labels.get(row["status"], row["status"])
    if row["received_at"] and row["register_entry__number"] is not None:
        return _("%(status)s; register number %(year)s/%(number)s") % {
            "status": label,
            "year": row["register_entry__year"],
            "number": row["register_entry__number"],
        }
    return label


def _coordinate(value) -> float | None:
    return None if value is None else float(value)


def service_requests(rows: list[dict], *, desa: Region, full: bool) -> list[dict]:
    """The requests of `desa` (rows of `selectors.OPEN311_COLUMNS`). `full`: the caller is
    an application reading its own region."""
    zone = ZoneInfo(desa.timezone)
    status_labels = choice_labels(Status)
    return [_service_request(row, desa, zone, status_labels, full) for row in rows]


def _service_request(row: dict, desa: Region, zone: ZoneInfo, status_labels, full: bool) -> dict:
    deadline = row["sla__deadline"] if row["received_at"] else None
    updated = row["closed_at"] or row["updated_at"]
    return {
        "service_request_id": row["tracking_code"],
        "status": "closed" if row["status"] in CLOSED else "open",
        "status_notes": _status_notes(row, status_labels),
        "service_name": row["category__name"],
        "service_code": row["category__slug"],
        "description": row["description"] if full else None,
        "agency_responsible": _agency(row, desa),
        "service_notice": None,
        "requested_datetime": row["submitted_at"].astimezone(zone),
        "updated_datetime": updated.astimezone(zone),
        "expected_datetime": deadline.astimezone(zone) if deadline else None,
        "address": (row["location_text"] or None) if full else None,
        "address_id": None,
        "zipcode": None,
        "lat": _coordinate(row["latitude"]) if full else None,
        "long": _coordinate(row["longitude"]) if full else None,
        "media_url": None,
    }
