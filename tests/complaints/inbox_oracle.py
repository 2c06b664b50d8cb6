"""The inbox through the ORM and `visible_complaints`: the reference the hand-written
statement of `complaints.selectors.complaint_list` is held to."""

from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, When
from django.db.models.functions import Coalesce, Collate
from django.utils import timezone

from complaints.access import involvements, visible_complaints
from complaints.identity import tracking_code_normalise
from complaints.selectors import (
    ATTENTION,
    LIST_FIELDS,
    STATUS_ORDER,
    InboxFilters,
    InboxRow,
    Keyset,
    attention,
)
from regions.models import Region
from sla.models import ClockState


def _text(field: str):
    # Code point order on both databases, whatever PostgreSQL's locale.
    return Collate(F(field), "C" if connection.vendor == "postgresql" else "BINARY")


def _sort_keys(key: str) -> list:
    """`selectors.SORT_KEYS` in the ORM's words: never-NULL values, the id follows."""
    running = Q(sla__state=ClockState.RUNNING)
    last_if = lambda condition: Case(When(condition, then=1), default=0)  # noqa: E731
    return {
        "submitted": [F("submitted_at")],
        "received": [last_if(Q(received_at__isnull=True)), Coalesce("received_at", "submitted_at")],
        "deadline": [
            last_if(~running | Q(sla__isnull=True)),
            Case(When(running, then=F("sla__deadline")), default=F("submitted_at")),
        ],
        "code": [_text("tracking_code")],
        "title": [_text("title")],
        "category": [_text("category__name")],
        "channel": [_text("channel")],
        "status": [
            Case(
                *(When(status=s, then=rank) for rank, s in enumerate(STATUS_ORDER)),
                output_field=IntegerField(),
            )
        ],
        "priority": [_text("priority"), -F("duplicates_count")],
        "position": [last_if(Q(assigned_position="")), _text("assigned_position")],
    }[key]


def orm_rows(actor, filters: InboxFilters, page: Keyset) -> list[InboxRow]:
    complaints = visible_complaints(actor)
    if filters.desa:
        complaints = complaints.filter(desa_id=Region.objects.get(code=filters.desa).pk)
    if filters.status:
        complaints = complaints.filter(status__in=filters.status)
    for field in ("kind", "channel", "priority"):
        if getattr(filters, field):
            complaints = complaints.filter(**{field: getattr(filters, field)})
    if filters.category:
        complaints = complaints.filter(category__slug=filters.category)
    if filters.position:
        complaints = complaints.filter(assigned_position=filters.position)
    if filters.unassigned:
        complaints = complaints.filter(assigned_position="")
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
        complaints = complaints.filter(
            reduce(or_, (involvement.q() for involvement in involvements(actor)))
        )
    for name in ATTENTION:
        if getattr(filters, name):
            complaints = complaints.filter(attention(name, timezone.now()))
    sort_keys = _sort_keys(page.sort.key)
    complaints = complaints.annotate(**{f"sort_{n}": key for n, key in enumerate(sort_keys)})
    names = [f"sort_{n}" for n in range(len(sort_keys))] + ["id"]
    descending = page.sort.descending != bool(page.before)
    position = page.before or page.after
    if position:
        beyond = "lt" if descending else "gt"
        complaints = complaints.filter(
            reduce(
                or_,
                (
                    Q(**dict(zip(names[:n], position[:n], strict=True)))
                    & Q(**{f"{names[n]}__{beyond}": position[n]})
                    for n in range(len(names))
                ),
            )
        )
    complaints = complaints.order_by(*(f"-{name}" if descending else name for name in names))
    return [InboxRow._make(row) for row in complaints.values_list(*LIST_FIELDS)[: page.size + 1]]


__all__ = ["orm_rows"]
