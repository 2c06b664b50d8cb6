"""Turn a complaint and its history into the dicts the output serializers describe."""

from rest_framework import serializers

from accounts.models import User
from complaints import selectors, services, state
from complaints.access import capacities
from complaints.models import Complaint, Transition
from complaints.state import Capacity
from register.selectors import register_number_of
from sla.api.serializers import sla_calendars_for_rows, sla_of_row, sla_view

STAFF = {Capacity.INTAKE, Capacity.HEAD, Capacity.ASSIGNEE}


def _timeline(transitions: list[Transition], notes: list, *, staff: bool) -> list[dict]:
    entries = [
        {
            "type": "transition",
            "at": t.at,
            "action": t.action,
            "to_status": t.to_status,
            "to_status_label": state.Status(t.to_status).label,
            "note": t.note,
            "visibility": t.visibility,
            "actor_name": (t.actor.full_name or t.actor.username) if staff and t.actor else None,
        }
        for t in transitions
    ] + [
        {
            "type": "note",
            "at": n.at,
            "action": None,
            "to_status": None,
            "to_status_label": None,
            "note": n.body,
            "visibility": n.visibility,
            "actor_name": (n.author.full_name or n.author.username) if staff and n.author else None,
        }
        for n in notes
    ]
    return sorted(entries, key=lambda entry: entry["at"])


def _common(complaint: Complaint, timeline: list[dict], allowed: list) -> dict:
    return {
        "tracking_code": complaint.tracking_code,
        "title": complaint.title,
        "description": complaint.description,
        "kind": complaint.kind,
        "category": complaint.category,
        "desa": complaint.desa,
        "status": complaint.status,
        "status_label": complaint.get_status_display(),
        "submitted_at": complaint.submitted_at,
        "received_at": complaint.received_at,
        "answered_at": complaint.answered_at,
        "closed_at": complaint.closed_at,
        "info_request": complaint.info_request,
        # A draft stays internal until the answer is delivered.
        "answer": complaint.answer if complaint.answered_at or complaint.status == "closed" else "",
        "rejection_reason": complaint.rejection_reason,
        "rating": complaint.rating,
        "sla": sla_view(complaint),
        "register_number": register_number_of(complaint),
        "timeline": timeline,
        "allowed_actions": allowed,
    }


def public_view(complaint: Complaint, *, held: set[Capacity], fresh: bool = False) -> dict:
    """The reporter's view: public history only, no staff names, no identity.

    `fresh`: the complaint was filed in this request and nobody has moved it yet, so it
    has no history to read.
    """
    if fresh and complaint.status == state.Status.SUBMITTED:
        transitions, notes = [], []
    else:
        transitions, notes, _ = selectors.complaint_history(complaint=complaint, staff=False)
    allowed = state.allowed_actions(complaint.status, held)
    return _common(complaint, _timeline(transitions, notes, staff=False), allowed)


def detail_view(complaint: Complaint, *, actor: User) -> dict:
    """Staff (and the reporter's account) view, identity per the actor's rights."""
    held = capacities(actor, complaint)
    staff = bool(held & STAFF)
    transitions, notes, attachments = selectors.complaint_history(complaint=complaint, staff=staff)
    identity = services.identity_read(complaint=complaint, actor=actor)
    body = _common(
        complaint,
        _timeline(transitions, notes, staff=staff),
        state.allowed_actions(complaint.status, held),
    )
    if staff:
        body["answer"] = complaint.answer  # staff see the draft too
    assignee = complaint.assigned_to
    body.update(
        channel=complaint.channel,
        priority=complaint.priority,
        urgency=complaint.urgency,
        impact=complaint.impact,
        location_text=complaint.location_text,
        latitude=complaint.latitude,
        longitude=complaint.longitude,
        anonymous=complaint.anonymous,
        assigned_position=complaint.assigned_position,
        assigned_to={"id": assignee.pk, "full_name": assignee.full_name} if assignee else None,
        rating_comment=complaint.rating_comment,
        reporter=identity,
        reporter_hidden=not complaint.anonymous and identity is None,
        attachments=attachments,
    )
    return body


_datetime = serializers.DateTimeField()


def _moment(value):
    return None if value is None else _datetime.to_representation(value)


def list_rows(rows: list[dict]) -> list[dict]:
    """Inbox rows (`selectors.LIST_FIELDS` values) in the shape of `ComplaintListOut`.

    Built by hand: DRF's per-field machinery costs ~0.4 ms a row, the page's largest cost.
    A test checks this stays identical to what `ComplaintListOut` would produce.
    """
    labels = {value: str(label) for value, label in state.Status.choices}  # request language
    calendars = sla_calendars_for_rows(rows)
    return [
        {
            "tracking_code": row["tracking_code"],
            "title": row["title"],
            "kind": row["kind"],
            "category": {
                "slug": row["category__slug"],
                "name": row["category__name"],
                "icon": row["category__icon"],
            },
            "channel": row["channel"],
            "status": row["status"],
            "status_label": labels[row["status"]],
            "priority": row["priority"],
            "desa": {
                "code": row["desa__code"],
                "name": row["desa__name"],
                "level": row["desa__level"],
            },
            "assigned_position": row["assigned_position"],
            "anonymous": row["anonymous"],
            "submitted_at": _moment(row["submitted_at"]),
            "received_at": _moment(row["received_at"]),
            "answered_at": _moment(row["answered_at"]),
            "closed_at": _moment(row["closed_at"]),
            "sla": sla_of_row(row, calendars),
        }
        for row in rows
    ]
