"""The inbox through the ORM and `visible_complaints`: the reference the hand-written
statement of `complaints.selectors.complaint_list` is held to."""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone

from complaints.access import involvements, visible_complaints
from complaints.identity import tracking_code_normalise
from complaints.selectors import ATTENTION, LIST_FIELDS, InboxFilters, InboxRow, Keyset, attention
from regions.models import Region


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
    if page.before:
        at, pk = page.before
        complaints = complaints.filter(Q(submitted_at__gt=at) | Q(submitted_at=at, id__gt=pk))
        complaints = complaints.order_by("submitted_at", "id")
    else:
        if page.after:
            at, pk = page.after
            complaints = complaints.filter(Q(submitted_at__lt=at) | Q(submitted_at=at, id__lt=pk))
        complaints = complaints.order_by("-submitted_at", "-id")
    return [InboxRow._make(row) for row in complaints.values_list(*LIST_FIELDS)[: page.size + 1]]


__all__ = ["orm_rows"]
