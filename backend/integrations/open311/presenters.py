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
from complaints.models import Category, Complaint, Kind, Level
from complaints.state import Status

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


def _agency(complaint: Complaint) -> str:
    if complaint.assigned_position:
        return choice_labels(Position).get(complaint.assigned_position, "")
    return _("Village government of %(desa)s") % {"desa": complaint.desa.name}


def _status_notes(complaint: Complaint) -> str:
    label = choice_labels(Status).get(complaint.status, complaint.status)
    register = getattr(complaint, "register_entry", None) if complaint.received_at else None
    if register is not None:
        return _("%(status)s; register number %(year)s/%(number)s") % {
            "status": label,
            "year": register.year,
            "number": register.number,
        }
    return label


def _coordinate(value) -> float | None:
    return None if value is None else float(value)


def service_request(complaint: Complaint, *, full: bool) -> dict:
    """One request. `full`: the caller is an application reading its own region."""
    zone = ZoneInfo(complaint.desa.timezone)
    sla = getattr(complaint, "sla", None) if complaint.received_at else None
    updated = complaint.closed_at or complaint.updated_at
    return {
        "service_request_id": complaint.tracking_code,
        "status": "closed" if complaint.status in CLOSED else "open",
        "status_notes": _status_notes(complaint),
        "service_name": complaint.category.name,
        "service_code": complaint.category.slug,
        "description": complaint.description if full else None,
        "agency_responsible": _agency(complaint),
        "service_notice": None,
        "requested_datetime": complaint.submitted_at.astimezone(zone),
        "updated_datetime": updated.astimezone(zone),
        "expected_datetime": sla.deadline.astimezone(zone) if sla else None,
        "address": (complaint.location_text or None) if full else None,
        "address_id": None,
        "zipcode": None,
        "lat": _coordinate(complaint.latitude) if full else None,
        "long": _coordinate(complaint.longitude) if full else None,
        "media_url": None,
    }
