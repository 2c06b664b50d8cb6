"""Who may see a complaint, and in which capacities an actor stands before one.

The one place that turns a person's memberships into complaint rows (docs/style.md,
Selectors and scoping): `visible_complaints` for a query, `complaint_visible_to` for one
loaded complaint, both from the same `involvements`. Built on `accounts.scoping`, which says
in which desa a role holds; applications' rows are `integrations/access.py`'s.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import Position, Role, User
from accounts.scoping import OFFICE as OFFICE_ROLES
from accounts.scoping import can_act_in, memberships_of
from common.errors import NotAllowed
from complaints.models import Complaint
from complaints.state import Capacity


@dataclass(frozen=True)
class Involvement:
    """One way a person is involved in a complaint: every condition holds.

    The same rules become an ORM filter (`q`), SQL for the hand-written inbox (`sql`) and
    a check of one loaded complaint (`holds`), so the three cannot drift apart.
    """

    equals: tuple[tuple[str, object], ...]  # (column, value)
    among: tuple[str, tuple[int, ...]] | None = None  # (column, values)
    unassigned: bool = False  # and nobody named (`assigned_to` is null)

    def q(self) -> Q:
        lookups = dict(self.equals)
        if self.among:
            lookups[f"{self.among[0]}__in"] = self.among[1]
        if self.unassigned:
            lookups["assigned_to__isnull"] = True
        return Q(**lookups)

    def sql(self, alias: str) -> tuple[str, list]:
        parts = [f"{alias}.{column} = %s" for column, _ in self.equals]
        params = [value for _, value in self.equals]
        if self.among:
            parts.append(f"{alias}.{self.among[0]} IN ({', '.join(['%s'] * len(self.among[1]))})")
            params += self.among[1]
        if self.unassigned:
            parts.append(f"{alias}.assigned_to_id IS NULL")
        return f"({' AND '.join(parts)})", params

    def holds(self, complaint: Complaint) -> bool:
        if any(getattr(complaint, column) != value for column, value in self.equals):
            return False
        if self.among and getattr(complaint, self.among[0]) not in self.among[1]:
            return False
        return not self.unassigned or complaint.assigned_to_id is None


def involvements(actor: User) -> list[Involvement]:
    """Complaints the actor reported, handles (named, or their position with nobody
    named), or typed in from the suggestion box of a desa where they still serve."""
    found = [
        Involvement(equals=(("reporter_account_id", actor.pk),)),
        Involvement(equals=(("assigned_to_id", actor.pk),)),
    ]
    box_desa = tuple(m.region_id for m in memberships_of(actor) if m.role == Role.BOX_TEAM)
    if box_desa:
        found.append(
            Involvement(equals=(("entered_by_id", actor.pk),), among=("desa_id", box_desa))
        )
    for membership in memberships_of(actor):
        if membership.role == Role.HANDLER and membership.position:
            found.append(
                Involvement(
                    equals=(
                        ("desa_id", membership.region_id),
                        ("assigned_position", membership.position),
                    ),
                    unassigned=True,
                )
            )
    return found


def _personal_complaints(actor: User) -> Q:
    return reduce(or_, (involvement.q() for involvement in involvements(actor)))


def visible_complaints(
    actor: User | AnonymousUser, *, for_listing: bool = False
) -> QuerySet[Complaint]:
    """Complaint rows the actor may read.

    Intake officers and village heads: every complaint of their desa. Handlers: what is
    assigned to them, or to their position with nobody named. Box team: the slips they typed
    in. Residents: their own. Kecamatan operators and admins see no complaint rows at all —
    only the aggregates of `reports` — so identity can never reach them through a row.

    `for_listing`: see `office_listing_scope`.
    """
    if not actor.is_authenticated:
        return Complaint.objects.none()
    if for_listing:
        office_desa = office_listing_scope(actor)
        if office_desa is not None:
            return Complaint.objects.filter(desa_id__in=office_desa)
    personal = _personal_complaints(actor)
    office_desa = office_desa_of(actor)
    if not office_desa:
        return Complaint.objects.filter(personal)
    return Complaint.objects.filter(Q(desa_id__in=office_desa) | personal)


def office_desa_of(actor: User) -> list[int]:
    """The desa whose every complaint the actor sees (intake officer, village head)."""
    # Office roles are desa roles (accounts.models.ROLE_LEVEL), so the region is the desa.
    return sorted({m.region_id for m in memberships_of(actor) if m.role in OFFICE_ROLES})


def office_listing_scope(actor: User | AnonymousUser) -> list[int] | None:
    """The desa whose complaints are exactly what the actor may list — when that is so.

    Office staff almost never appear in the personal branches outside their own desa. One
    cheap indexed check confirms it, and the listing then filters on the desa alone, which
    walks the (desa, submitted_at) index instead of sorting every row of the desa that an
    OR forces (10 000 complaints: 11 ms → 0.1 ms a page). None: list `visible_complaints`.
    """
    if not actor.is_authenticated:
        return None
    office_desa = office_desa_of(actor)
    if not office_desa:
        return None
    outside = Complaint.objects.filter(_personal_complaints(actor)).exclude(desa_id__in=office_desa)
    return None if outside.exists() else office_desa


def complaint_visible_to(actor: User | AnonymousUser, complaint: Complaint) -> bool:
    """`visible_complaints` for one complaint already loaded, without a query (a test
    compares the two over every persona): the complaint page reads its row by tracking
    code and asks this."""
    if not actor.is_authenticated:
        return False
    if complaint.desa_id in office_desa_of(actor):
        return True
    return any(involvement.holds(complaint) for involvement in involvements(actor))


def capacities(actor: User, complaint: Complaint) -> set[Capacity]:
    """Capacities from the actor's memberships; costs no query beyond the cached memberships."""
    if not actor.is_authenticated:
        return set()
    found: set[Capacity] = set()
    desa = complaint.desa
    if can_act_in(actor, {Role.INTAKE_OFFICER}, desa):
        found.add(Capacity.INTAKE)
    if can_act_in(actor, {Role.VILLAGE_HEAD}, desa):
        found.add(Capacity.HEAD)
    if is_assignee(actor, complaint):
        found.add(Capacity.ASSIGNEE)
    if complaint.reporter_account_id is not None and complaint.reporter_account_id == actor.pk:
        found.add(Capacity.REPORTER)
    return found


def is_assignee(actor: User, complaint: Complaint) -> bool:
    """Assigned to the actor, or to a position the actor holds in the desa with nobody named."""
    if complaint.assigned_to_id is not None:
        return complaint.assigned_to_id == actor.pk
    if not complaint.assigned_position:
        return False
    if complaint.assigned_position == Position.KEPALA_DESA:
        return can_act_in(actor, {Role.VILLAGE_HEAD}, complaint.desa)
    return any(
        m.role == Role.HANDLER
        and m.region_id == complaint.desa_id
        and m.position == complaint.assigned_position
        for m in memberships_of(actor)
    )


# The complaint's desa office: who may print its papers, forward it, or publish its outcome.
OFFICE = frozenset({Capacity.INTAKE, Capacity.HEAD})


def require_office(actor: User, complaint: Complaint) -> None:
    """403 unless the actor is the complaint's intake officer or village head."""
    if not capacities(actor, complaint) & OFFICE:
        raise NotAllowed()
