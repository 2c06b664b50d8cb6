"""Reads of a desa's routing: its rules, who holds which position now, and the open
complaints whose holder left."""

from dataclasses import dataclass

from django.db.models import Q

from accounts.models import Membership, Position, Role
from accounts.scoping import desa_routing_access
from assignments.models import RoutingPolicy
from assignments.routing import Holder, holders_of
from common.errors import NotAllowed, NotFound
from complaints.models import Category, Complaint
from complaints.state import Status
from regions.models import Level, Region

# States in which a complaint is with an official: it needs a holder of its position.
WITH_AN_OFFICIAL = (Status.ASSIGNED, Status.IN_PROGRESS)


def desa_routing_get(*, actor, desa_code: str, manage: bool = False) -> Region:
    """The desa whose routing the actor may read (or, with `manage`, change).

    404 alike for a missing desa and one outside the actor's reach; 403 for those who may
    read the routing but not change it (`accounts.scoping.desa_routing_access`).
    """
    desa = Region.objects.filter(code=desa_code, level=Level.DESA).first()
    access = desa_routing_access(actor, desa) if desa is not None else None
    if desa is None or access is None:
        raise NotFound()
    if manage and access != "manage":
        raise NotAllowed()
    return desa


def desa_holders(*, desa: Region) -> dict[str, list[Holder]]:
    """Position → its active holders in the desa now (one query)."""
    memberships = Membership.objects.filter(
        region=desa, role__in=[Role.HANDLER, Role.VILLAGE_HEAD]
    ).select_related("user")
    return holders_of(memberships)


@dataclass(frozen=True)
class Routing:
    categories: list[Category]
    fallback: list[str]
    held: list[dict]


def desa_routing(*, desa: Region) -> Routing:
    """Every category of the desa (inactive ones too) with its position, the fallback chain,
    and the positions held now with their holders. Three queries."""
    policy = RoutingPolicy.objects.filter(desa=desa).first()
    holders = desa_holders(desa=desa)
    held = [
        {
            "position": position,
            "label": str(Position(position).label),
            "holders": [{"id": h.user_id, "full_name": h.full_name} for h in people],
        }
        for position, people in sorted(holders.items())
    ]
    categories = list(Category.objects.filter(desa=desa).order_by("order", "name"))
    return Routing(categories, policy.fallback if policy else [], held)


def complaints_stranded(*, desa: Region) -> list[Complaint]:
    """Open complaints with an official whose holder left: the person named no longer holds
    the position in the desa (membership ended, or the account was deactivated), or nobody
    holds the position any more. Oldest first. Two queries."""
    holders = desa_holders(desa=desa)
    held_by = {(h.user_id, position) for position, people in holders.items() for h in people}
    candidates = (
        Complaint.objects.filter(desa=desa, status__in=WITH_AN_OFFICIAL)
        .filter(Q(assigned_to__isnull=False) | ~Q(assigned_position=""))
        .only("tracking_code", "title", "status", "assigned_position", "assigned_to_id")
        .order_by("submitted_at", "id")
    )
    stranded = []
    for complaint in candidates:
        if complaint.assigned_to_id is not None:
            left = (complaint.assigned_to_id, complaint.assigned_position) not in held_by
        else:
            left = not holders.get(complaint.assigned_position)
        if left:
            stranded.append(complaint)
    return stranded
