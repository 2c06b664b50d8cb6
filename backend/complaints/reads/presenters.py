"""Complaints and their history as the JSON the output serializers document.

Built by hand: DRF's per-field machinery cost more than the queries of these reads (the
inbox, a complaint's page, tracking). Tests keep every dict here identical to what the
documented serializers (`ComplaintListOut`, `ComplaintDetailOut`, `ComplaintPublicOut`)
would produce.
"""

from datetime import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from accounts.api.presenters import region_ref
from accounts.models import Position, User
from common.api import choice_labels
from complaints import selectors, services, spam, state
from complaints.access import capacities
from complaints.attachments import IMAGE_TYPES, track_link
from complaints.models import AgencyKind, Channel, Complaint, Conveyed, Forwarding, Visibility
from complaints.reads.inbox import InboxRow
from complaints.reads.timeline import (
    AttachmentRow,
    ComplaintHistory,
    TimelineRow,
    complaint_history,
)
from complaints.state import Capacity
from register.selectors import register_number_of
from sla.presentation import PageClocks, sla_json, sla_view

STAFF = {Capacity.INTAKE, Capacity.HEAD, Capacity.ASSIGNEE}

_coordinate = serializers.DecimalField(max_digits=9, decimal_places=6)


def _moment(value: datetime | None, zone=None) -> datetime | None:
    """`serializers.DateTimeField().to_representation`, left for the renderer to write.

    The moment in the current time zone, as a datetime: orjson (settings: `OPT_UTC_Z`)
    writes it as that method would (ISO 8601, "Z" for UTC), in C, where `isoformat` was
    most of the inbox's own Python time (95 a page at 0.9 µs). DRF's JSON encoder, which
    stores replayable responses (`common.idempotency`), writes it the same way.

    `zone`: the current time zone, for callers that format many (a lookup each costs)."""
    if value is None:
        return None
    return value.astimezone(zone or timezone.get_current_timezone())


def _coordinate_of(value: Decimal | None) -> str | None:
    return None if value is None else _coordinate.to_representation(value)


def _status_labels() -> dict[str, str]:
    return choice_labels(state.Status)


def _assignment(row: TimelineRow, *, staff: bool, positions: dict[str, str]) -> dict | None:
    """A (re)assignment's from → to: positions for everyone, people for staff only."""
    data = row.data or {}
    if row.action not in ("assign", "reassign") or "position" not in data:
        return None
    before = data.get("from_position") or ""
    return {
        "from_position": before,
        "from_position_label": positions.get(before, ""),
        "to_position": data["position"],
        "to_position_label": positions.get(data["position"], ""),
        "from_person": (data.get("from_assignee_name") or None) if staff else None,
        "to_person": (data.get("assignee_name") or None) if staff else None,
        "rerouted_from": data.get("rerouted_from") or "",
        "rerouted_from_label": positions.get(data.get("rerouted_from") or "", ""),
    }


def _timeline(rows: list[TimelineRow], *, staff: bool) -> list[dict]:
    labels = _status_labels()
    positions = choice_labels(Position)
    conveyed = choice_labels(Conveyed)
    zone = timezone.get_current_timezone()
    return [
        {
            "type": row.type,
            "at": _moment(row.at, zone),
            "action": row.action,
            "to_status": row.to_status,
            "to_status_label": labels[row.to_status] if row.to_status else None,
            "note": row.note,
            "visibility": row.visibility,
            "actor_name": (row.actor_full_name or row.actor_username)
            if staff and row.actor_username is not None
            else None,
            "assignment": _assignment(row, staff=staff, positions=positions),
            # Shown to the reporter too: their word, recorded by the office.
            "on_behalf_via": (row.data or {}).get("on_behalf_via"),
            "on_behalf_via_label": conveyed.get((row.data or {}).get("on_behalf_via")),
            "published_to": (row.data or {}).get("published_to") if staff else None,
        }
        for row in rows
    ]


def _file(row: AttachmentRow, complaint: Complaint, *, zone) -> dict:
    """A file the reporter may read (`PublicFileOut`), with signed links: an <img> can send
    neither code + PIN nor a bearer token."""
    signed = track_link(complaint=complaint, token=row.token)
    thumbnail = row.content_type in IMAGE_TYPES.values()
    return {
        "token": row.token,
        "content_type": row.content_type,
        "size": row.size,
        "at": _moment(row.at, zone),
        "url": reverse("track-file", args=[signed]),
        "thumbnail_url": reverse("track-file-thumbnail", args=[signed]) if thumbnail else None,
    }


def _answers(
    rows: list[TimelineRow],
    *,
    staff: bool,
    complaint: Complaint,
    files: list[AttachmentRow],
) -> list[dict]:
    """Every delivered answer, oldest first: the text, when, from which position (and, for
    staff, who), and the files delivered with it (`files`: public ones, any order)."""
    positions = choice_labels(Position)
    zone = timezone.get_current_timezone()
    by_answer: dict[int, list[dict]] = {}
    for file in files:
        if file.answer_id is not None and file.visibility == Visibility.PUBLIC:
            by_answer.setdefault(file.answer_id, []).append(_file(file, complaint, zone=zone))
    return [
        {
            "text": row.data["answer"],
            "at": _moment(row.at, zone),
            "position": row.data.get("position") or "",
            "position_label": positions.get(row.data.get("position") or "", ""),
            "by": (row.actor_full_name or row.actor_username) if staff else None,
            "attachments": by_answer.get(row.id, []),
        }
        for row in rows
        if row.action == "answer" and row.data and "answer" in row.data
    ]


def _sent_files(complaint: Complaint, files: list[AttachmentRow]) -> list[dict]:
    """The public files not delivered with an answer: what the reporter sent, and the
    office's public evidence."""
    zone = timezone.get_current_timezone()
    return [
        _file(file, complaint, zone=zone)
        for file in files
        if file.visibility == Visibility.PUBLIC and file.answer_id is None
    ]


def forwarding_of(complaint: Complaint) -> dict | None:
    """Where a forwarded complaint went (one query, for forwarded complaints only)."""
    if complaint.status != state.Status.FORWARDED:
        return None
    forwarding = Forwarding.objects.filter(complaint_id=complaint.pk).first()
    if forwarding is None:  # pragma: no cover (the move writes both)
        return None
    return {
        "agency_kind": forwarding.agency_kind,
        "agency_kind_label": str(AgencyKind(forwarding.agency_kind).label),
        "agency": forwarding.agency,
        "forwarded_on": forwarding.forwarded_on.isoformat(),
        "reason": forwarding.reason,
        "reference": forwarding.reference,
        "identity_shared": forwarding.identity_shared,
    }


def _primary_answer(complaint: Complaint) -> str:
    """A duplicate's reporter reads the answer of the report it was joined to, once
    delivered (one query, for duplicates only)."""
    if complaint.status != state.Status.DUPLICATE or not complaint.duplicate_of_id:
        return ""
    row = (
        Complaint.objects.filter(pk=complaint.duplicate_of_id)
        .values_list("answer", "answered_at", "status")
        .first()
    )
    if row is None:  # pragma: no cover (PROTECT keeps the primary)
        return ""
    answer, answered_at, status = row
    return answer if answered_at or status == state.Status.CLOSED else ""


def _common(complaint: Complaint, timeline: list[dict], allowed: list) -> dict:
    category = complaint.category
    zone = timezone.get_current_timezone()
    return {
        "tracking_code": complaint.tracking_code,
        "title": complaint.title,
        "description": complaint.description,
        "kind": complaint.kind,
        "category": {"slug": category.slug, "name": category.name, "icon": category.icon},
        "desa": region_ref(complaint.desa),
        "status": complaint.status,
        "status_label": _status_labels()[complaint.status],
        "submitted_at": _moment(complaint.submitted_at, zone),
        "received_at": _moment(complaint.received_at, zone),
        "answered_at": _moment(complaint.answered_at, zone),
        "closed_at": _moment(complaint.closed_at, zone),
        "info_request": complaint.info_request,
        # A draft stays internal until the answer is delivered.
        "answer": complaint.answer
        if complaint.answered_at or complaint.status == "closed"
        else _primary_answer(complaint),
        "rejection_reason": complaint.rejection_reason,
        "rating": complaint.rating,
        "sla": sla_json(sla_view(complaint)),
        "register_number": register_number_of(complaint),
        "timeline": timeline,
        "allowed_actions": [str(action) for action in allowed],
        "forwarding": forwarding_of(complaint),
        "joined": complaint.status == state.Status.DUPLICATE,
    }


def public_view(complaint: Complaint, *, held: set[Capacity], fresh: bool = False) -> dict:
    """The reporter's view with code + PIN: public history only, no staff names, no
    identity; its files with links signed for the tracking page.

    `fresh`: the complaint was filed in this request and nobody has moved it yet, so it
    has no history to read, nor files (they are uploaded after).
    """
    if fresh and complaint.status == state.Status.SUBMITTED:
        timeline = []
        files = []
        # Nor a clock (it starts on receipt): say so rather than ask the database.
        Complaint._meta.get_field("sla").set_cached_value(complaint, None)
    else:
        history = complaint_history(complaint=complaint)
        timeline = history.timeline(staff=False)
        files = history.attachments(staff=False)
    allowed = state.allowed_actions(complaint.status, held)
    body = _common(complaint, _timeline(timeline, staff=False), allowed)
    body["answers"] = _answers(timeline, staff=False, complaint=complaint, files=files)
    body["files"] = _sent_files(complaint, files)
    # What the reporter sent, so the tracking page can show it back: the place they gave.
    body.update(
        location_text=complaint.location_text,
        latitude=_coordinate_of(complaint.latitude),
        longitude=_coordinate_of(complaint.longitude),
    )
    return body


def detail_view(complaint: Complaint, history: ComplaintHistory, *, actor: User) -> dict:
    """Staff (and the reporter's account) view. The reporter's identity is not in it: it
    is opened on purpose (`ComplaintReporterApi`), and each opening is logged."""
    held = capacities(actor, complaint)
    staff = bool(held & STAFF)
    timeline = history.timeline(staff=staff)
    attachments = history.attachments(staff=staff)
    identity_visible = services.identity_visible_to(actor, complaint, held)
    body = _common(
        complaint,
        _timeline(timeline, staff=staff),
        state.allowed_actions(complaint.status, held),
    )
    body["answers"] = _answers(timeline, staff=staff, complaint=complaint, files=attachments)
    body["files"] = _sent_files(complaint, attachments)
    if staff:
        body["answer"] = complaint.answer  # staff see the draft too
    assignee = complaint.assigned_to
    zone = timezone.get_current_timezone()
    body.update(
        channel=complaint.channel,
        priority=complaint.priority,
        urgency=complaint.urgency,
        impact=complaint.impact,
        location_text=complaint.location_text,
        latitude=_coordinate_of(complaint.latitude),
        longitude=_coordinate_of(complaint.longitude),
        anonymous=complaint.anonymous,
        assigned_position=complaint.assigned_position,
        # The reporter's account reads the position only, never a staff member's name.
        assigned_to={"id": assignee.pk, "full_name": assignee.full_name}
        if assignee and staff
        else None,
        rating_comment=complaint.rating_comment,
        reporter_visible=identity_visible,
        reporter_hidden=not complaint.anonymous and not identity_visible,
        social_source={"url": complaint.social_post_url, "account": complaint.social_account}
        if staff and complaint.channel == Channel.SOCIAL_MEDIA
        else None,
        spam={
            "score": complaint.spam_score,
            "trapped": complaint.spam_trapped,
            "flagged": complaint.spam_flagged,
        }
        if staff
        else None,
        reporters_count=complaint.reporters_count,
        reporter_urgent=complaint.reporter_urgent,
        priority_suggestion=_suggestion(services.priority_suggested(complaint=complaint))
        if staff
        else None,
        duplicate_of=_duplicate_of(complaint) if staff else None,
        duplicates=_duplicates(complaint) if staff else [],
        on_behalf_actions=[
            str(action) for action in services.on_behalf_actions(actor=actor, complaint=complaint)
        ],
        attachments=[
            {
                "token": attachment.token,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "visibility": attachment.visibility,
                "at": _moment(attachment.at, zone),
                "for_answer": attachment.for_answer,
            }
            for attachment in attachments
        ],
    )
    return body


def _suggestion(suggested: services.PrioritySuggestion) -> dict:
    return {"urgency": suggested.urgency.value, "impact": suggested.impact.value}


def _duplicate_of(complaint: Complaint) -> str | None:
    if not complaint.duplicate_of_id:
        return None
    return (
        Complaint.objects.filter(pk=complaint.duplicate_of_id)
        .values_list("tracking_code", flat=True)
        .first()
    )


def _duplicates(complaint: Complaint) -> list[str]:
    if not complaint.duplicates_count:
        return []
    return list(
        complaint.duplicates.order_by("submitted_at", "id").values_list("tracking_code", flat=True)
    )


def duplicate_primary(primary: Complaint) -> dict:
    """A complaint a typed code names, in the shape of `DuplicatePrimaryOut`: no reporter."""
    refusal = selectors.duplicate_refusal(primary)
    return {
        "tracking_code": primary.tracking_code,
        "title": primary.title,
        "status": primary.status,
        "status_label": _status_labels()[primary.status],
        "submitted_at": _moment(primary.submitted_at, timezone.get_current_timezone()),
        "reporters_count": primary.reporters_count,
        "joinable": not refusal,
        "refusal": refusal,
    }


def similar_rows(rows: list[selectors.SimilarRow]) -> list[dict]:
    """Look-alike complaints in the shape of `SimilarOut`: no reporter, no identity."""
    labels = _status_labels()
    zone = timezone.get_current_timezone()
    return [
        {
            "tracking_code": row.tracking_code,
            "title": row.title,
            "excerpt": row.description[:200],
            "status": row.status,
            "status_label": labels[row.status],
            "submitted_at": _moment(row.submitted_at, zone),
            "received_at": _moment(row.received_at, zone),
            "reporters_count": 1 + row.duplicates_count,
            "similarity": row.similarity,
        }
        for row in rows
    ]


def list_rows(rows: list[InboxRow], *, staff: bool) -> list[dict]:
    """Inbox rows in the shape of `ComplaintListOut`; the spam flag for `staff` only."""
    labels = _status_labels()
    zone = timezone.get_current_timezone()
    clocks = PageClocks(rows, zone)
    return [
        {
            "tracking_code": row.tracking_code,
            "title": row.title,
            "kind": row.kind,
            "category": {
                "slug": row.category__slug,
                "name": row.category__name,
                "icon": row.category__icon,
            },
            "channel": row.channel,
            "status": row.status,
            "status_label": labels[row.status],
            "priority": row.priority,
            "desa": {"code": row.desa__code, "name": row.desa__name, "level": row.desa__level},
            "assigned_position": row.assigned_position,
            "anonymous": row.anonymous,
            "submitted_at": _moment(row.submitted_at, zone),
            "received_at": _moment(row.received_at, zone),
            "answered_at": _moment(row.answered_at, zone),
            "closed_at": _moment(row.closed_at, zone),
            "sla": clocks.of(row),
            "spam_flagged": staff
            and spam.spam_flagged(score=row.spam_score, trapped=row.spam_trapped),
            "reporters_count": 1 + row.duplicates_count,
        }
        for row in rows
    ]
