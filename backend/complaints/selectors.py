"""Reads of complaints, always starting from `accounts.scoping.visible_complaints`."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scoping import OFFICE, desa_for, visible_complaints
from common.errors import NotFound
from complaints.identity import pin_matches, tracking_code_normalise
from complaints.models import Category, Complaint, IdentityAccess, Visibility
from complaints.state import OPEN, Status
from regions.models import Region
from sla.api.serializers import SLA_LIST_FIELDS
from sla.models import ClockState


@dataclass(frozen=True)
class InboxFilters:
    desa: str | None = None
    status: list[str] | None = None
    kind: str | None = None
    category: str | None = None
    channel: str | None = None
    priority: str | None = None
    position: str | None = None
    submitted_from: object = None
    submitted_to: object = None
    search: str | None = None
    mine: bool = False


def complaint_list(*, actor: User, filters: InboxFilters) -> QuerySet[dict]:
    """The complaints the actor may see, filtered, as the rows of `LIST_FIELDS`."""
    complaints = visible_complaints(actor, for_listing=True)
    if filters.desa:
        # `desa_id = (subquery)`, not a join on the code: PostgreSQL then walks the
        # (desa, submitted_at) index even when the caller's scope spans several desa.
        desa_id = Region.objects.filter(code=filters.desa).values("pk")[:1]
        complaints = complaints.filter(desa_id=desa_id)
    if filters.status:
        complaints = complaints.filter(status__in=filters.status)
    for field in ("kind", "channel", "priority"):
        if getattr(filters, field):
            complaints = complaints.filter(**{field: getattr(filters, field)})
    if filters.category:
        complaints = complaints.filter(category__slug=filters.category)
    if filters.position:
        complaints = complaints.filter(assigned_position=filters.position)
    if filters.submitted_from:
        complaints = complaints.filter(submitted_at__date__gte=filters.submitted_from)
    if filters.submitted_to:
        complaints = complaints.filter(submitted_at__date__lte=filters.submitted_to)
    if filters.search:
        term = filters.search.strip()
        complaints = complaints.filter(
            Q(title__icontains=term)
            | Q(description__icontains=term)
            | Q(tracking_code=tracking_code_normalise(term))
        )
    if filters.mine:
        complaints = complaints.filter(Q(assigned_to=actor) | Q(reporter_account=actor))
    return complaints.values(*LIST_FIELDS)


# What an inbox row needs, fetched as plain values in the page's one query (no model
# instances, no description text): the list is the busiest read of the office.
LIST_FIELDS = (
    "id", "tracking_code", "title", "kind", "channel", "status", "priority",
    "assigned_position", "anonymous", "submitted_at", "received_at", "answered_at",
    "closed_at", "category__slug", "category__name", "category__icon",
    "desa__code", "desa__name", "desa__level",
    *SLA_LIST_FIELDS,
)  # fmt: skip


def complaint_get(*, actor: User, code: str) -> Complaint:
    """One visible complaint with its history; 404 alike for missing and out of scope."""
    complaint = (
        visible_complaints(actor)
        .select_related(
            "desa__parent",
            "desa__register_settings",
            "category",
            "assigned_to",
            "sla",
            "register_entry",
        )
        .filter(tracking_code=tracking_code_normalise(code))
        .first()
    )
    if complaint is None:
        raise NotFound()
    return complaint


def complaint_history(*, complaint: Complaint, staff: bool) -> tuple[list, list, list]:
    """Transitions, notes and attachments the viewer may see (staff see internal ones)."""
    visible = Q() if staff else Q(visibility=Visibility.PUBLIC)
    transitions = list(complaint.transitions.filter(visible).select_related("actor"))
    notes = list(complaint.notes.filter(visible).select_related("author"))
    attachments = list(complaint.attachments.filter(visible))
    return transitions, notes, attachments


def complaint_track(*, code: str, pin: str) -> Complaint:
    """The complaint of a tracking code whose PIN matches; a wrong PIN looks like a wrong code."""
    complaint = (
        Complaint.objects.select_related(
            "desa__parent", "desa__register_settings", "category", "sla", "register_entry"
        )
        .filter(tracking_code=tracking_code_normalise(code))
        .first()
    )
    if complaint is None or not pin_matches(complaint.tracking_code, pin, complaint.pin_hash):
        raise NotFound()
    return complaint


def category_list(*, desa_code: str) -> QuerySet[Category]:
    desa = Region.objects.filter(code=desa_code, level="desa").first()
    if desa is None:
        raise NotFound()
    return Category.objects.filter(desa=desa, active=True).order_by("order", "name")


def desa_official(*, desa: Region, user_id: int) -> User:
    """An active official (handler) of the desa; ValidationError otherwise."""
    user = User.objects.filter(
        pk=user_id, is_active=True, memberships__region=desa, memberships__role=Role.HANDLER
    ).first()
    if user is None:
        raise ValidationError({"grantee": _("Choose an official of this desa.")})
    return user


def identity_access_log(*, actor: User, desa_code: str) -> QuerySet[IdentityAccess]:
    """The identity access log of a desa, for its village head; 404 for anyone else."""
    desa = desa_for(actor, {Role.VILLAGE_HEAD}).filter(code=desa_code).first()
    if desa is None:
        raise NotFound()
    return (
        IdentityAccess.objects.filter(desa=desa)
        .select_related("complaint", "actor")
        .order_by("-at", "-id")
    )


def complaint_counts(*, actor: User, desa_code: str) -> dict[str, int]:
    """Complaints of a desa per state (every state, 0 included), and how many are open,
    overdue and escalated, for its intake officer and village head — the inbox's state
    filter and the village head's overview; 404 for anyone else. One GROUP BY query.

    open: not closed or rejected (`state.OPEN`). overdue: the clock runs past its deadline
    (as `ComplaintSlaOut.overdue`). escalated: the deadline passed and the village head was
    told (`sla.services.sla_escalate`), and the answer is still awaited (clock not stopped).
    """
    desa = desa_for(actor, OFFICE).filter(code=desa_code).first()
    if desa is None:
        raise NotFound()
    running = Q(sla__state=ClockState.RUNNING)
    rows = (
        visible_complaints(actor, for_listing=True)
        .filter(desa=desa)
        .order_by()
        .values("status")
        .annotate(
            count=Count("id"),
            overdue=Count("id", filter=running & Q(sla__deadline__lte=timezone.now())),
            escalated=Count(
                "id", filter=Q(sla__escalated_at__isnull=False) & ~Q(sla__state=ClockState.STOPPED)
            ),
        )
    )
    counts = dict.fromkeys(Status.values, 0) | {"open": 0, "overdue": 0, "escalated": 0}
    for row in rows:
        counts[row["status"]] = row["count"]
        counts["open"] += row["count"] if row["status"] in OPEN else 0
        counts["overdue"] += row["overdue"]
        counts["escalated"] += row["escalated"]
    return counts
